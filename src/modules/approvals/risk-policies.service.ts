// Risk policy versions: read them, store a new DRAFT, activate a DRAFT (the previous ACTIVE one
// is RETIRED). Writes are serialised across replicas by one advisory lock. The static permissions
// (ops:read to read, admin:operate to write) are declared on the GraphQL fields.
import { z } from 'zod';
import type { Prisma, RiskPolicy as RiskPolicyRow } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseInput } from '../../validation.js';
import { DEFAULT_POLICY, PolicyRulesSchema } from './risk-policy.js';
import { activePolicyRow, DEFAULT_POLICY_NOTE, defaultPolicyRow } from './stored-policies.js';

type Tx = Prisma.TransactionClient;

const POLICY_LOCK = 'opsloop:risk-policy';

/** Serialises policy writes (version numbers, the single ACTIVE row) across replicas. */
async function lockPolicies(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${POLICY_LOCK}))`;
}

/** Stores the shipped version 1 as the ACTIVE row the first time policies are managed. */
async function ensureDefaultPolicyRow(tx: Tx, actor: string, now: Date): Promise<void> {
  if ((await tx.riskPolicy.count()) > 0) return;
  await tx.riskPolicy.create({
    data: {
      version: DEFAULT_POLICY.version,
      status: 'ACTIVE',
      rules: DEFAULT_POLICY.rules as unknown as Prisma.InputJsonValue,
      note: DEFAULT_POLICY_NOTE,
      createdBy: actor,
      createdAt: now,
      activatedAt: now,
    },
  });
}

export async function listPolicies(rt: Runtime, _viewer: Viewer, query: Omit<Prisma.RiskPolicyFindManyArgs, 'orderBy' | 'where'> = {}): Promise<RiskPolicyRow[]> {
  return rt.db.riskPolicy.findMany({ ...query, orderBy: { version: 'desc' } });
}

export async function countPolicies(rt: Runtime, _viewer: Viewer): Promise<number> {
  return rt.db.riskPolicy.count();
}

/** The policy deciding new actions now, as a row (the shipped version 1 when none is stored). */
export async function currentPolicy(rt: Runtime, _viewer: Viewer): Promise<RiskPolicyRow> {
  return (await activePolicyRow(rt.db)) ?? defaultPolicyRow();
}

export async function getPolicy(rt: Runtime, _viewer: Viewer, version: number): Promise<RiskPolicyRow> {
  const row = await rt.db.riskPolicy.findUnique({ where: { version } });
  if (row) return row;
  if (version === DEFAULT_POLICY.version) return defaultPolicyRow();
  throw new NotFoundError('RiskPolicy', version);
}

const DraftInputSchema = z.object({
  rules: PolicyRulesSchema,
  note: z.string().trim().max(500, 'must be at most 500 characters').nullish(),
});

/** Stores a new DRAFT version (numbered after the highest existing one). */
export async function createPolicyDraft(rt: Runtime, actor: Viewer, rawInput: unknown): Promise<RiskPolicyRow> {
  const input = parseInput(DraftInputSchema, rawInput, 'input');
  const now = rt.clock.now();
  return rt.db.$transaction(async (tx) => {
    await lockPolicies(tx);
    await ensureDefaultPolicyRow(tx, actor.username, now);
    const latest = await tx.riskPolicy.aggregate({ _max: { version: true } });
    return tx.riskPolicy.create({
      data: {
        version: (latest._max.version ?? DEFAULT_POLICY.version) + 1,
        status: 'DRAFT',
        rules: input.rules as unknown as Prisma.InputJsonValue,
        note: input.note ?? null,
        createdBy: actor.username,
        createdAt: now,
      },
    });
  });
}

/** Makes a DRAFT the ACTIVE policy; the previous ACTIVE one is RETIRED. */
export async function activatePolicy(rt: Runtime, actor: Viewer, version: number): Promise<RiskPolicyRow> {
  const now = rt.clock.now();
  return rt.db.$transaction(async (tx) => {
    await lockPolicies(tx);
    await ensureDefaultPolicyRow(tx, actor.username, now);
    const policy = await tx.riskPolicy.findUnique({ where: { version } });
    if (!policy) throw new NotFoundError('RiskPolicy', version);
    if (policy.status !== 'DRAFT') throw new ConflictError(`risk policy ${version} is ${policy.status}; only a DRAFT can be activated`, { status: policy.status });
    await tx.riskPolicy.updateMany({ where: { status: 'ACTIVE' }, data: { status: 'RETIRED' } });
    return tx.riskPolicy.update({ where: { version }, data: { status: 'ACTIVE', activatedAt: now } });
  });
}
