// Risk policy versions as stored rows, read back into the policy the pure rules apply. Stored rules
// are parsed here and nowhere else, with one failure behaviour: rules are validated on the way in,
// so a row that no longer parses (edited by hand, or left behind by a schema change) is an
// operator's problem to fix, not something to paper over. It is logged as an error (version and
// zod issues) and refused with CONFLICT naming the version — the gate does not quietly decide
// under rules nobody activated. The auto cycle's records need only the version number and do not
// parse the rules, so they keep being written.
import type { Prisma, RiskPolicy as RiskPolicyRow } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';
import { ConflictError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { DEFAULT_POLICY, PolicyRulesSchema, type RiskPolicy } from './risk-policy.js';

export type Client = Db | Prisma.TransactionClient;

export const DEFAULT_POLICY_NOTE = 'default policy (DESIGN.md version 1)';

/** The rules of a stored row, or CONFLICT (logged) when they no longer parse. */
export function policyFromRow(rt: Runtime, row: Pick<RiskPolicyRow, 'version' | 'rules'>): RiskPolicy {
  const parsed = PolicyRulesSchema.safeParse(row.rules);
  if (!parsed.success) {
    rt.logger.error({ version: row.version, issues: parsed.error.issues }, `stored risk policy ${row.version} has invalid rules`);
    throw new ConflictError(`risk policy ${row.version} has invalid stored rules and cannot be applied; create and activate a valid draft`, { version: row.version });
  }
  return { version: row.version, rules: parsed.data };
}

export async function activePolicyRow(client: Client): Promise<RiskPolicyRow | null> {
  return client.riskPolicy.findFirst({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
}

/** The policy deciding new actions: the ACTIVE row, or the shipped version 1 when none is stored. */
export async function activePolicy(rt: Runtime, client: Client = rt.db): Promise<RiskPolicy> {
  const row = await activePolicyRow(client);
  return row ? policyFromRow(rt, row) : DEFAULT_POLICY;
}

/** The version number of the active policy (1 when none is stored). */
export async function activePolicyVersion(client: Client): Promise<number> {
  const row = await client.riskPolicy.findFirst({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' }, select: { version: true } });
  return row?.version ?? DEFAULT_POLICY.version;
}

/** Version 1 as a row, before any policy has been stored. */
export function defaultPolicyRow(): RiskPolicyRow {
  return {
    version: DEFAULT_POLICY.version,
    status: 'ACTIVE',
    rules: DEFAULT_POLICY.rules as unknown as Prisma.JsonValue,
    note: DEFAULT_POLICY_NOTE,
    createdBy: 'system',
    createdAt: new Date(0),
    activatedAt: null,
  };
}
