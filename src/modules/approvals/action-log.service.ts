// The log of autonomous actions: every transition of an AutoAction leaves an audit entry, and the
// auto-processing cycle records each of its steps as an AUTO_DONE action. Both run inside the
// caller's transaction, so the record commits (or rolls back) with the change it reports. Used by
// the approval workflow (submit, decide) and by the cycle.
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, Environment } from '../../generated/prisma/enums.js';
import { publicId } from '../../db/ids.js';
import { utc } from '../../db/sql-timestamp.js';
import { activePolicyVersion } from './stored-policies.js';

type Tx = Prisma.TransactionClient;

export interface AuditRecord {
  actionId: string;
  actor: string;
  /** Null for the creation. */
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus;
  comment?: string | null;
  at: Date;
}

/** Appends one transition to an action's audit trail (append-only). */
export async function appendAudit(tx: Tx, entry: AuditRecord): Promise<void> {
  await tx.auditEntry.create({ data: { ...entry, comment: entry.comment ?? null } });
}

export interface AutoDoneRecord {
  actionType: string;
  description: string;
  target: string;
  result: unknown;
  /** Idempotency key, e.g. "assign:SR-…": a second record with the same key is not written. */
  sourceKey: string;
  cycleRunId?: string;
  actor: string;
  environment?: Environment;
}

/**
 * Records steps of the auto-processing cycle as AUTO_DONE actions with their audit entries, inside
 * the caller's transaction (the cycle records a page of acts per transaction): one policy read and
 * one statement for the whole page — the actions and their audit entries, as columns of arrays
 * (a statement's cost does not grow with its parameters' count, as a row-by-row insert's would).
 * Idempotent by `sourceKey` (ON CONFLICT DO NOTHING, so the caller's transaction is not aborted on
 * PostgreSQL): returns the sourceKeys actually recorded.
 */
export async function recordAutoDoneMany(tx: Tx, inputs: AutoDoneRecord[], now: Date): Promise<Set<string>> {
  if (inputs.length === 0) return new Set();
  const policyVersion = await activePolicyVersion(tx);
  const at = utc(now);
  const column = <T>(pick: (input: AutoDoneRecord) => T) => inputs.map(pick);
  const rows = await tx.$queryRaw<Array<{ sourceKey: string }>>`
    WITH recorded AS (
      INSERT INTO "AutoAction" (id, "actionType", description, target, environment, "targetCount", "riskLevel", "riskFactors", "policyVersion",
                                status, "requestedBy", result, "createdAt", "processedAt", "sourceKey", "cycleRunId")
      SELECT a.id, a.type, a.description, a.target, a.environment::"Environment", 1, 'LOW'::"RiskLevel", a.factors::jsonb, ${policyVersion}::int,
             'AUTO_DONE'::"ActionStatus", a.actor, a.result::jsonb, ${at}::timestamp, ${at}::timestamp, a.key, a.run
      FROM unnest(${column(() => publicId('ACT'))}::text[], ${column((input) => input.actionType.toUpperCase())}::text[],
                  ${column((input) => input.description)}::text[], ${column((input) => input.target)}::text[],
                  ${column((input) => input.environment ?? 'DEV')}::text[], ${column((input) => JSON.stringify(cycleFactors(input)))}::text[],
                  ${column((input) => input.actor)}::text[], ${column((input) => ((input.result ?? null) === null ? null : JSON.stringify(input.result)))}::text[],
                  ${column((input) => input.sourceKey)}::text[], ${column((input) => input.cycleRunId ?? null)}::text[])
        AS a(id, type, description, target, environment, factors, actor, result, key, run)
      ON CONFLICT ("sourceKey") DO NOTHING
      RETURNING id, "requestedBy", "sourceKey"
    ), audited AS (
      INSERT INTO "AuditEntry" ("actionId", at, actor, "fromStatus", "toStatus", comment)
      SELECT id, ${at}::timestamp, "requestedBy", NULL, 'AUTO_DONE'::"ActionStatus", 'auto cycle step' FROM recorded
    )
    SELECT "sourceKey" FROM recorded`;
  return new Set(rows.map((row) => row.sourceKey));
}

/** Why a cycle act is LOW: it is a routine step, not something a person asked for. */
function cycleFactors(input: AutoDoneRecord) {
  return [{ name: 'autoCycle', effect: 'LOW', detail: `routine step of the auto-processing cycle${input.cycleRunId ? ` ${input.cycleRunId}` : ''}, recorded by ${input.actor}` }];
}
