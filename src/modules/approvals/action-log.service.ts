// The log of autonomous actions: every transition of an AutoAction leaves an audit entry, and the
// auto-processing cycle records each of its steps as an AUTO_DONE action. Both run inside the
// caller's transaction, so the record commits (or rolls back) with the change it reports. Used by
// the approval workflow (submit, decide) and by the cycle.
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, Environment } from '../../generated/prisma/enums.js';
import { publicId } from '../../db/ids.js';
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
 * the caller's transaction (the cycle records a page of acts per transaction): one policy read, one
 * insert of the actions, one of their audit entries. Idempotent by `sourceKey` (ON CONFLICT DO
 * NOTHING, so the caller's transaction is not aborted on PostgreSQL): returns the sourceKeys
 * actually recorded.
 */
export async function recordAutoDoneMany(tx: Tx, inputs: AutoDoneRecord[], now: Date): Promise<Set<string>> {
  if (inputs.length === 0) return new Set();
  const policyVersion = await activePolicyVersion(tx);
  const created = await tx.autoAction.createManyAndReturn({
    data: inputs.map((input) => ({
      id: publicId('ACT'),
      actionType: input.actionType.toUpperCase(),
      description: input.description,
      target: input.target,
      environment: input.environment ?? 'DEV',
      targetCount: 1,
      riskLevel: 'LOW' as const,
      riskFactors: [{ name: 'autoCycle', effect: 'LOW', detail: `routine step of the auto-processing cycle${input.cycleRunId ? ` ${input.cycleRunId}` : ''}, recorded by ${input.actor}` }],
      policyVersion,
      status: 'AUTO_DONE' as const,
      requestedBy: input.actor,
      result: (input.result ?? null) === null ? undefined : (input.result as Prisma.InputJsonValue),
      createdAt: now,
      processedAt: now,
      sourceKey: input.sourceKey,
      cycleRunId: input.cycleRunId ?? null,
    })),
    skipDuplicates: true,
    select: { id: true, sourceKey: true, requestedBy: true },
  });
  await tx.auditEntry.createMany({
    data: created.map((action) => ({ actionId: action.id, actor: action.requestedBy, fromStatus: null, toStatus: 'AUTO_DONE' as const, comment: 'auto cycle step', at: now })),
  });
  return new Set(created.map((action) => action.sourceKey!));
}
