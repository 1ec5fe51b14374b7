// Autonomous actions behind the approval gate: submit, decide, expire, and the auto cycle's record
// of its own steps. Every transition is a conditional update, its audit entry and outbox message
// are written in the same transaction, and its event is published after the commit.
import { z } from 'zod';
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, Environment } from '../../generated/prisma/enums.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { BadInputError, ConflictError, ExpiredError, ForbiddenError, NotFoundError } from '../../errors.js';
import { events, type ApprovalQueueKind } from '../../events/pubsub.js';
import { logger } from '../../logger.js';
import { settings } from '../../runtime.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { enqueueNotification, enqueueNotifications } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { ENVIRONMENTS } from './risk-policy.js';
import { activePolicy, assessWithContext } from './risk.service.js';

type Tx = Prisma.TransactionClient;

export const MAX_TARGET_COUNT = 100_000;
const MAX_PAYLOAD_BYTES = 16_384;
const EXPIRY_BATCH = 200;

// ───────────────────────────── input ─────────────────────────────


export const ActionInputSchema = z.object({
  actionType: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be letters, digits and underscores, starting with a letter (e.g. DEPLOY)')
    .transform((value) => value.toUpperCase()),
  description: requiredText(2000),
  target: requiredText(500),
  environment: z.enum(ENVIRONMENTS).default('DEV'),
  targetCount: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_TARGET_COUNT, `must be at most ${MAX_TARGET_COUNT}`)
    .default(1),
  payload: z
    .record(z.string(), z.unknown(), 'must be a JSON object')
    .nullish()
    .refine((value) => value == null || Buffer.byteLength(JSON.stringify(value)) <= MAX_PAYLOAD_BYTES, {
      message: `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`,
    }),
});

export type ActionInput = z.input<typeof ActionInputSchema>;
export type ParsedActionInput = z.output<typeof ActionInputSchema>;

export function parseActionInput(input: unknown): ParsedActionInput {
  return parseInput(ActionInputSchema, input ?? {}, 'input');
}

export function parseActionId(id: string, field = 'id'): string {
  return parsePublicId('ACT', id, 'an action', field);
}

function parseComment(comment: string | null | undefined): string | null {
  if (comment == null) return null;
  const value = comment.trim();
  if (value.length > 2000) throw new BadInputError('comment', 'must be at most 2000 characters');
  return value === '' ? null : value;
}

// ───────────────────────────── helpers ─────────────────────────────

/** The database clock: expiry is judged by one clock for every replica. */
async function databaseNow(tx: Tx): Promise<Date> {
  const [row] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
  return new Date(row!.now);
}

/** A Date as the UTC wall-clock text our `timestamp(3)` columns hold (Prisma stores UTC). */
function utc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

async function audit(tx: Tx, entry: { actionId: string; actor: string; fromStatus: ActionStatus | null; toStatus: ActionStatus; comment?: string | null; at?: Date }) {
  await tx.auditEntry.create({ data: { ...entry, comment: entry.comment ?? null } });
}

function publish(kind: ApprovalQueueKind, actionId: string): void {
  try {
    events().publish('approvalQueue:changed', { kind, actionId });
  } catch (error) {
    // The change is committed; a lost live event must not turn it into an error for the caller.
    logger.error({ err: error, kind, actionId }, 'could not publish approvalQueue event');
  }
}

async function findActionOrThrow(id: string): Promise<AutoAction> {
  const action = await db().autoAction.findUnique({ where: { id } });
  if (!action) throw new NotFoundError('AutoAction', id);
  return action;
}

// ───────────────────────────── submit ─────────────────────────────

/** Assesses and records an action: LOW/MEDIUM are done at once, HIGH/CRITICAL wait for approval. */
export async function submitAction(viewer: Viewer | null, rawInput: unknown): Promise<AutoAction> {
  const actor = requirePermission(viewer, 'action:submit');
  const input = parseActionInput(rawInput);
  const { ttlMinutes } = settings().approvals;
  const { action, notificationId } = await db().$transaction(async (tx) => {
    const risk = await assessWithContext(tx, input);
    const now = await databaseNow(tx);
    const pending = risk.requiresApproval;
    const status: ActionStatus = pending ? 'PENDING_APPROVAL' : 'AUTO_DONE';
    const action = await tx.autoAction.create({
      data: {
        id: publicId('ACT'),
        actionType: input.actionType,
        description: input.description,
        target: input.target,
        environment: input.environment,
        targetCount: input.targetCount,
        payload: (input.payload ?? undefined) as Prisma.InputJsonValue | undefined,
        riskLevel: risk.riskLevel,
        riskFactors: risk.factors as unknown as Prisma.InputJsonValue,
        policyVersion: risk.policyVersion,
        status,
        requestedBy: actor.username,
        createdAt: now,
        processedAt: pending ? null : now,
        expiresAt: pending ? new Date(now.getTime() + ttlMinutes * 60_000) : null,
        result: pending ? undefined : { auto: true, riskLevel: risk.riskLevel, policyVersion: risk.policyVersion },
      },
    });
    await audit(tx, {
      actionId: action.id,
      actor: actor.username,
      fromStatus: null,
      toStatus: status,
      at: now,
      comment: pending ? `risk ${risk.riskLevel}: waiting for approval` : `risk ${risk.riskLevel}: done automatically`,
    });
    const notificationId = pending ? await enqueueNotification(tx, 'approval.requested', action) : null;
    return { action, notificationId };
  });
  if (action.status === 'PENDING_APPROVAL') {
    publish('SUBMITTED', action.id);
    deliverSoon([notificationId]);
  }
  return action;
}

// ───────────────────────────── decide ─────────────────────────────

export type Decision = 'APPROVE' | 'REJECT';

/**
 * Approves or rejects a pending action. Roles by risk (HIGH: ops roles, CRITICAL: ADMIN), four-eyes,
 * expiry by the database clock, optional quorum of distinct ADMINs for CRITICAL approvals. Of many
 * concurrent decisions exactly one wins; the others get CONFLICT.
 */
export async function decideAction(viewer: Viewer | null, rawId: string, decision: Decision, rawComment?: string | null): Promise<AutoAction> {
  const actor = requirePermission(viewer, 'action:decideHigh');
  const id = parseActionId(rawId);
  const comment = parseComment(rawComment);
  const action = await findActionOrThrow(id);
  requirePermission(actor, action.riskLevel === 'CRITICAL' ? 'action:decideCritical' : 'action:decideHigh');
  const { fourEyes, criticalQuorum } = settings().approvals;
  if (fourEyes && action.requestedBy === actor.username) {
    throw new ForbiddenError(`four-eyes rule: ${actor.username} requested ${id} and cannot decide it; another person must`, { rule: 'fourEyes' });
  }
  const quorum = action.riskLevel === 'CRITICAL' ? criticalQuorum : 1;
  const outcome = decision === 'APPROVE' && quorum > 1 ? await voteToApprove(actor, id, comment, quorum) : await decideNow(actor, id, decision, comment);
  if (outcome.kind === 'refused') await explainRefusal(id, actor, decision);
  if (outcome.kind === 'decided') {
    publish(decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', id);
    deliverSoon([outcome.notificationId]);
  }
  return findActionOrThrow(id);
}

type DecisionOutcome = { kind: 'decided'; notificationId: number | null } | { kind: 'voted' } | { kind: 'refused' };

async function decideNow(actor: Viewer, id: string, decision: Decision, comment: string | null): Promise<DecisionOutcome> {
  return db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    const toStatus: ActionStatus = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    // The conditional update is the decision: only a live pending action moves, once.
    const { count } = await tx.autoAction.updateMany({
      where: { id, status: 'PENDING_APPROVAL', expiresAt: { gt: now } },
      data: {
        status: toStatus,
        approvedBy: actor.username,
        approvedAt: now,
        processedAt: now,
        comment,
        result: decision === 'APPROVE' ? { approved: true, by: actor.username } : { rejected: true, by: actor.username },
      },
    });
    if (count === 0) return { kind: 'refused' };
    if (decision === 'APPROVE') await tx.actionApproval.create({ data: { actionId: id, approver: actor.username, comment, at: now } });
    await audit(tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus, comment, at: now });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    const notificationId = await enqueueNotification(tx, decision === 'APPROVE' ? 'approval.approved' : 'approval.rejected', updated);
    return { kind: 'decided', notificationId };
  });
}

/** Quorum: each distinct ADMIN approval is a vote; the vote that reaches the quorum approves. */
async function voteToApprove(actor: Viewer, id: string, comment: string | null, quorum: number): Promise<DecisionOutcome> {
  const outcome = await db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    // Lock the action so concurrent votes are counted one after the other.
    const [row] = await tx.$queryRaw<Array<{ status: ActionStatus; live: boolean }>>`
      SELECT status::text AS status, coalesce("expiresAt" > ${utc(now)}::timestamp, false) AS live
      FROM "AutoAction" WHERE id = ${id} FOR UPDATE`;
    if (!row || row.status !== 'PENDING_APPROVAL' || !row.live) return { kind: 'refused' as const };
    const inserted = await tx.actionApproval.createMany({ data: [{ actionId: id, approver: actor.username, comment, at: now }], skipDuplicates: true });
    if (inserted.count === 0) return { kind: 'duplicate' as const };
    const approvers = await tx.actionApproval.findMany({ where: { actionId: id }, orderBy: { at: 'asc' }, select: { approver: true } });
    if (approvers.length < quorum) {
      await audit(tx, {
        actionId: id,
        actor: actor.username,
        fromStatus: 'PENDING_APPROVAL',
        toStatus: 'PENDING_APPROVAL',
        comment: `approval ${approvers.length} of ${quorum}${comment ? `: ${comment}` : ''}`,
        at: now,
      });
      return { kind: 'voted' as const };
    }
    const { count } = await tx.autoAction.updateMany({
      where: { id, status: 'PENDING_APPROVAL', expiresAt: { gt: now } },
      data: {
        status: 'APPROVED',
        approvedBy: actor.username,
        approvedAt: now,
        processedAt: now,
        comment,
        result: { approved: true, by: actor.username, approvers: approvers.map((a) => a.approver) },
      },
    });
    if (count === 0) return { kind: 'refused' as const };
    await audit(tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus: 'APPROVED', comment: `approval ${approvers.length} of ${quorum}${comment ? `: ${comment}` : ''}`, at: now });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    return { kind: 'decided' as const, notificationId: await enqueueNotification(tx, 'approval.approved', updated) };
  });
  if (outcome.kind === 'duplicate') {
    throw new ConflictError(`${actor.username} already approved ${id}; it needs ${quorum} distinct ADMIN approvers`, { quorum });
  }
  return outcome;
}

/** Why a decision did not apply: lapsed (marked EXPIRED now) → EXPIRED, otherwise CONFLICT. */
async function explainRefusal(id: string, actor: Viewer, decision: Decision): Promise<never> {
  const verb = decision === 'APPROVE' ? 'approve' : 'reject';
  const current = await findActionOrThrow(id);
  if (current.status === 'PENDING_APPROVAL') {
    await expireLapsed({ id, actor: 'system:expiry', comment: `lapsed unanswered; ${actor.username} tried to ${verb} it after expiry` });
    throw new ExpiredError(`${id} expired at ${current.expiresAt?.toISOString()} before it was decided; submit it again`, { expiresAt: current.expiresAt?.toISOString() });
  }
  if (current.status === 'EXPIRED') {
    throw new ExpiredError(`${id} expired at ${current.expiresAt?.toISOString()} before it was decided; submit it again`, { expiresAt: current.expiresAt?.toISOString() });
  }
  const by = current.approvedBy ? ` by ${current.approvedBy}` : '';
  throw new ConflictError(`cannot ${verb} ${id}: it is ${current.status}${by}, not PENDING_APPROVAL`, { status: current.status });
}

// ───────────────────────────── expiry ─────────────────────────────

/**
 * Marks lapsed pending actions EXPIRED (audit entry, ops message, EXPIRED event) and sends the
 * EXPIRING warning once for those about to lapse. Safe to run on several replicas at once.
 * Returns how many actions expired.
 */
export async function expireLapsedApprovals(): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await expireLapsed({ actor: 'system:expiry', comment: 'no decision before expiresAt' });
    total += expired;
    if (expired < EXPIRY_BATCH) break;
  }
  await warnExpiring();
  return total;
}

/** One batch (or one action by id): conditional update with RETURNING, then audit and outbox. */
async function expireLapsed(options: { id?: string; actor: string; comment: string }): Promise<number> {
  const { expired, notificationIds } = await db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    const ids = options.id
      ? await tx.$queryRaw<Array<{ id: string }>>`
          UPDATE "AutoAction" SET status = 'EXPIRED', "processedAt" = ${utc(now)}::timestamp
          WHERE id = ${options.id} AND status = 'PENDING_APPROVAL' AND "expiresAt" <= ${utc(now)}::timestamp
          RETURNING id`
      : await tx.$queryRaw<Array<{ id: string }>>`
          UPDATE "AutoAction" SET status = 'EXPIRED', "processedAt" = ${utc(now)}::timestamp
          WHERE id IN (
            SELECT id FROM "AutoAction"
            WHERE status = 'PENDING_APPROVAL' AND "expiresAt" <= ${utc(now)}::timestamp
            ORDER BY "expiresAt" LIMIT ${EXPIRY_BATCH}
            FOR UPDATE SKIP LOCKED)
          AND status = 'PENDING_APPROVAL'
          RETURNING id`;
    if (ids.length === 0) return { expired: [] as AutoAction[], notificationIds: [] as number[] };
    await tx.auditEntry.createMany({
      data: ids.map(({ id }) => ({ actionId: id, actor: options.actor, fromStatus: 'PENDING_APPROVAL' as const, toStatus: 'EXPIRED' as const, comment: options.comment, at: now })),
    });
    const expired = await tx.autoAction.findMany({ where: { id: { in: ids.map((row) => row.id) } } });
    return { expired, notificationIds: await enqueueNotifications(tx, 'approval.expired', expired) };
  });
  for (const action of expired) publish('EXPIRED', action.id);
  deliverSoon(notificationIds);
  return expired.length;
}

/** The EXPIRING warning, once per action, `expiringWarningMinutes` before the lapse (at most half the TTL). */
async function warnExpiring(): Promise<number> {
  const warningSeconds = settings().approvals.expiringWarningMinutes * 60;
  const { warned, notificationIds } = await db().$transaction(async (tx) => {
    const now = await databaseNow(tx);
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE "AutoAction" SET "expiringNotifiedAt" = ${utc(now)}::timestamp
      WHERE id IN (
        SELECT id FROM "AutoAction"
        WHERE status = 'PENDING_APPROVAL' AND "expiringNotifiedAt" IS NULL AND "expiresAt" > ${utc(now)}::timestamp
          AND "expiresAt" - LEAST(make_interval(secs => ${warningSeconds}::float8), ("expiresAt" - "createdAt") / 2) <= ${utc(now)}::timestamp
        ORDER BY "expiresAt" LIMIT ${EXPIRY_BATCH}
        FOR UPDATE SKIP LOCKED)
      AND "expiringNotifiedAt" IS NULL
      RETURNING id`;
    if (rows.length === 0) return { warned: [] as AutoAction[], notificationIds: [] as number[] };
    const warned = await tx.autoAction.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
    return { warned, notificationIds: await enqueueNotifications(tx, 'approval.expiring', warned) };
  });
  for (const action of warned) publish('EXPIRING', action.id);
  deliverSoon(notificationIds);
  return warned.length;
}

// ───────────────────────────── the auto cycle's records ─────────────────────────────

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
 * Records a step of the auto-processing cycle as an AUTO_DONE action with its audit entry, inside
 * the caller's transaction. Idempotent by `sourceKey`: returns null when it was already recorded
 * (ON CONFLICT DO NOTHING, so the caller's transaction is not aborted on PostgreSQL).
 */
export async function recordAutoDone(tx: Prisma.TransactionClient, input: AutoDoneRecord): Promise<{ id: string } | null> {
  const policy = await activePolicy(tx);
  const id = publicId('ACT');
  const now = new Date();
  const { count } = await tx.autoAction.createMany({
    data: [
      {
        id,
        actionType: input.actionType.toUpperCase(),
        description: input.description,
        target: input.target,
        environment: input.environment ?? 'DEV',
        targetCount: 1,
        riskLevel: 'LOW',
        riskFactors: [
          { name: 'autoCycle', effect: 'LOW', detail: `routine step of the auto-processing cycle${input.cycleRunId ? ` ${input.cycleRunId}` : ''}, recorded by ${input.actor}` },
        ],
        policyVersion: policy.version,
        status: 'AUTO_DONE',
        requestedBy: input.actor,
        result: (input.result ?? null) === null ? undefined : (input.result as Prisma.InputJsonValue),
        createdAt: now,
        processedAt: now,
        sourceKey: input.sourceKey,
        cycleRunId: input.cycleRunId ?? null,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return null;
  await audit(tx, { actionId: id, actor: input.actor, fromStatus: null, toStatus: 'AUTO_DONE', comment: 'auto cycle step', at: now });
  return { id };
}
