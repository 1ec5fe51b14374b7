// Deciding a pending action: approve or reject, by role (HIGH: ops roles, CRITICAL: ADMIN),
// never by its requester (four-eyes), only before expiresAt, and for CRITICAL approvals with an
// optional quorum of distinct ADMINs. Of many concurrent decisions exactly one wins; the others
// get CONFLICT. The decision, its audit entry and its ops message commit together; the event is
// published after the commit. The static permission (action:decideHigh) is on the GraphQL field.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import type { Config } from '../../config.js';
import { ConflictError, ExpiredError, ForbiddenError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseActionId, parseComment } from './action-input.js';
import { appendAudit } from './action-log.service.js';
import { requireAction } from './action-reads.service.js';
import { expireLapsed } from './expiry.service.js';
import { enqueueNotification } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { utc } from '../../db/sql-timestamp.js';

export type Decision = 'APPROVE' | 'REJECT';

type DecisionOutcome = { kind: 'decided'; notificationId: number | null } | { kind: 'voted' } | { kind: 'refused' };

/** Four-eyes: when the rule is on, the person who requested an action cannot decide it. */
export function assertFourEyes(action: Pick<AutoAction, 'id' | 'requestedBy'>, actor: Viewer, config: Pick<Config['approvals'], 'fourEyes'>): void {
  if (config.fourEyes && action.requestedBy === actor.username) {
    throw new ForbiddenError(`four-eyes rule: ${actor.username} requested ${action.id} and cannot decide it; another person must`, { rule: 'fourEyes' });
  }
}

/** Approves or rejects a pending action; returns it as it is afterwards (read with `query`). */
export async function decideAction(
  rt: Runtime,
  actor: Viewer,
  rawId: string,
  decision: Decision,
  rawComment?: string | null,
  query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {},
): Promise<AutoAction> {
  const id = parseActionId(rawId);
  const comment = parseComment(rawComment);
  const action = await requireAction(rt, id);
  // HIGH needs action:decideHigh (checked by the caller's entry point); CRITICAL needs more.
  if (action.riskLevel === 'CRITICAL') requirePermission(actor, 'action:decideCritical');
  assertFourEyes(action, actor, rt.config.approvals);
  const quorum = action.riskLevel === 'CRITICAL' ? rt.config.approvals.criticalQuorum : 1;
  const outcome = decision === 'APPROVE' && quorum > 1 ? await voteToApprove(rt, actor, id, comment, quorum) : await decideNow(rt, actor, id, decision, comment);
  if (outcome.kind === 'refused') await explainRefusal(rt, id, actor, decision);
  if (outcome.kind === 'decided') {
    rt.events.publish('approvalQueue:changed', { kind: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', actionId: id });
    deliverSoon(rt, [outcome.notificationId]);
  }
  return requireAction(rt, id, query);
}

async function decideNow(rt: Runtime, actor: Viewer, id: string, decision: Decision, comment: string | null): Promise<DecisionOutcome> {
  const now = rt.clock.now();
  return rt.db.$transaction(async (tx) => {
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
    await appendAudit(tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus, comment, at: now });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    const notificationId = await enqueueNotification(tx, rt.config, decision === 'APPROVE' ? 'approval.approved' : 'approval.rejected', updated);
    return { kind: 'decided', notificationId };
  });
}

/** Quorum: each distinct ADMIN approval is a vote; the vote that reaches the quorum approves. */
async function voteToApprove(rt: Runtime, actor: Viewer, id: string, comment: string | null, quorum: number): Promise<DecisionOutcome> {
  const now = rt.clock.now();
  const outcome = await rt.db.$transaction(async (tx) => {
    // Lock the action so concurrent votes are counted one after the other.
    const [row] = await tx.$queryRaw<Array<{ status: ActionStatus; live: boolean }>>`
      SELECT status::text AS status, coalesce("expiresAt" > ${utc(now)}::timestamp, false) AS live
      FROM "AutoAction" WHERE id = ${id} FOR UPDATE`;
    if (!row || row.status !== 'PENDING_APPROVAL' || !row.live) return { kind: 'refused' as const };
    const inserted = await tx.actionApproval.createMany({ data: [{ actionId: id, approver: actor.username, comment, at: now }], skipDuplicates: true });
    if (inserted.count === 0) return { kind: 'duplicate' as const };
    const approvers = await tx.actionApproval.findMany({ where: { actionId: id }, orderBy: { at: 'asc' }, select: { approver: true } });
    const tally = `approval ${approvers.length} of ${quorum}${comment ? `: ${comment}` : ''}`;
    if (approvers.length < quorum) {
      await appendAudit(tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL', comment: tally, at: now });
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
    await appendAudit(tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus: 'APPROVED', comment: tally, at: now });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    return { kind: 'decided' as const, notificationId: await enqueueNotification(tx, rt.config, 'approval.approved', updated) };
  });
  if (outcome.kind === 'duplicate') {
    throw new ConflictError(`${actor.username} already approved ${id}; it needs ${quorum} distinct ADMIN approvers`, { quorum });
  }
  return outcome;
}

/** Why a decision did not apply: lapsed (marked EXPIRED now) → EXPIRED, otherwise CONFLICT. */
async function explainRefusal(rt: Runtime, id: string, actor: Viewer, decision: Decision): Promise<never> {
  const verb = decision === 'APPROVE' ? 'approve' : 'reject';
  const current = await requireAction(rt, id);
  if (current.status === 'PENDING_APPROVAL' || current.status === 'EXPIRED') {
    if (current.status === 'PENDING_APPROVAL') {
      await expireLapsed(rt, { id, actor: 'system:expiry', comment: `lapsed unanswered; ${actor.username} tried to ${verb} it after expiry` });
    }
    throw new ExpiredError(`${id} expired at ${current.expiresAt?.toISOString()} before it was decided; submit it again`, { expiresAt: current.expiresAt?.toISOString() });
  }
  const by = current.approvedBy ? ` by ${current.approvedBy}` : '';
  throw new ConflictError(`cannot ${verb} ${id}: it is ${current.status}${by}, not PENDING_APPROVAL`, { status: current.status });
}
