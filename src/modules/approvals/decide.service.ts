// Deciding a pending action: approve or reject, by role (HIGH: ops roles, CRITICAL: ADMIN) or on
// behalf of exactly one delegator (decision-authority.ts), never by its requester (four-eyes),
// only before expiresAt, only while its content is the one sealed at submission, and for CRITICAL
// approvals with an optional quorum of distinct ADMINs (a delegated vote is the delegator's).
// Each decision locks the action's row first (action-lock.ts): of many concurrent decisions
// exactly one wins and the others get CONFLICT. The decision, its approval, its signed audit entry
// and its ops message commit together; the event is published after the commit. The static
// permission (action:decideHigh) is on the GraphQL field and the chat commands.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import type { Viewer } from '../../auth/viewer.js';
import { ConflictError, ExpiredError, ForbiddenError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseActionId, parseComment } from './action-input.js';
import { boundContentHash, lockAction, parseContentHash, type LockedAction } from './action-lock.js';
import { appendAudit } from './action-log.service.js';
import { requireAction } from './action-reads.service.js';
import { resolveAuthority, type DecisionAuthority } from './decision-authority.js';
import { lockLiveDelegation } from './delegations.service.js';
import { expireLapsed } from './expiry.service.js';
import { enqueueNotification } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { utc } from '../../db/sql-timestamp.js';

export { assertFourEyes } from './decision-authority.js';

export type Decision = 'APPROVE' | 'REJECT';

export interface DecisionOptions {
  /** Decide on behalf of this delegator (a delegation to the decider must be in force). */
  onBehalfOf?: string | null;
  /** The content hash the decider was shown: the decision applies only to that content. */
  expectedContentHash?: string | null;
}

/** Everything a decision transaction needs about who decides and what they were shown. */
interface Decider {
  actor: Viewer;
  authority: DecisionAuthority;
  comment: string | null;
  expected: string | null;
}

type DecisionOutcome = { kind: 'decided'; notificationId: number | null } | { kind: 'voted' } | { kind: 'refused' };

type Tx = Prisma.TransactionClient;

/** Approves or rejects a pending action; returns it as it is afterwards (read with `query`). */
export async function decideAction(
  rt: Runtime,
  actor: Viewer,
  rawId: string,
  decision: Decision,
  rawComment?: string | null,
  query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {},
  options: DecisionOptions = {},
): Promise<AutoAction> {
  const id = parseActionId(rawId);
  const comment = parseComment(rawComment);
  const expected = parseContentHash(options.expectedContentHash);
  const action = await requireAction(rt, id);
  const authority = await resolveAuthority(rt, actor, action, options.onBehalfOf?.trim() || null);
  const decider: Decider = { actor, authority, comment, expected };
  const quorum = action.riskLevel === 'CRITICAL' ? rt.config.approvals.criticalQuorum : 1;
  const outcome = decision === 'APPROVE' && quorum > 1 ? await voteToApprove(rt, decider, id, quorum) : await decideNow(rt, decider, id, decision);
  if (outcome.kind === 'refused') await explainRefusal(rt, id, actor, decision);
  if (outcome.kind === 'decided') {
    rt.events.publish('approvalQueue:changed', { kind: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', actionId: id });
    deliverSoon(rt, [outcome.notificationId]);
  }
  return requireAction(rt, id, query);
}

/**
 * Locks a live pending action and checks what must still hold under the lock: its content is the
 * sealed one (and the one shown), and a delegation used is still in force (share-locked until
 * commit, so a revocation waits). Undefined: not pending or lapsed (explained after the rollback).
 */
async function lockForDecision(tx: Tx, decider: Decider, id: string, now: Date): Promise<{ row: LockedAction; contentHash: string } | undefined> {
  const row = await lockAction(tx, id, now);
  if (!row || row.status !== 'PENDING_APPROVAL' || !row.live) return undefined;
  const contentHash = boundContentHash(row, decider.expected);
  const delegation = decider.authority.delegation;
  if (delegation && !(await lockLiveDelegation(tx, delegation.id, now))) {
    throw new ForbiddenError(`delegation ${delegation.id} from ${delegation.delegator} to ${decider.actor.username} is no longer in force (revoked or ended)`, { rule: 'delegation' });
  }
  return { row, contentHash };
}

/** The audit and approval fields naming who decided, and for whom. */
function byline(decider: Decider) {
  const { delegation } = decider.authority;
  return { actor: decider.actor.username, onBehalfOf: delegation?.delegator ?? null, delegationId: delegation?.id ?? null };
}

function resultOf(decision: Decision, decider: Decider, approvers?: string[]): Prisma.InputJsonValue {
  const by = { by: decider.actor.username, ...(decider.authority.delegation ? { onBehalfOf: decider.authority.delegation.delegator } : {}) };
  if (decision === 'REJECT') return { rejected: true, ...by };
  return { approved: true, ...by, ...(approvers ? { approvers } : {}) };
}

async function decideNow(rt: Runtime, decider: Decider, id: string, decision: Decision): Promise<DecisionOutcome> {
  const now = rt.clock.now();
  return rt.db.$transaction(async (tx) => {
    const locked = await lockForDecision(tx, decider, id, now);
    if (!locked) return { kind: 'refused' };
    const toStatus: ActionStatus = decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    const who = byline(decider);
    // Under the row lock; the content condition repeats what was hashed, for any writer that skips the lock.
    const { count } = await tx.autoAction.updateMany({
      where: { id, status: 'PENDING_APPROVAL', contentHash: locked.row.contentHash },
      data: { status: toStatus, approvedBy: who.actor, approvedOnBehalfOf: who.onBehalfOf, approvedAt: now, processedAt: now, comment: decider.comment, result: resultOf(decision, decider) },
    });
    if (count === 0) return { kind: 'refused' };
    if (decision === 'APPROVE') {
      await tx.actionApproval.create({
        data: { actionId: id, approver: decider.authority.principal, decidedBy: who.actor, delegationId: who.delegationId, contentHash: locked.contentHash, comment: decider.comment, at: now },
      });
    }
    await appendAudit(rt, tx, { actionId: id, ...who, fromStatus: 'PENDING_APPROVAL', toStatus, comment: decider.comment, at: now, contentHash: locked.contentHash });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    const notificationId = await enqueueNotification(tx, rt.config, decision === 'APPROVE' ? 'approval.approved' : 'approval.rejected', updated);
    return { kind: 'decided', notificationId };
  });
}

/**
 * Quorum: each distinct ADMIN approval is a vote (a delegated vote is the delegator's); one person
 * votes once per action, as themselves or for one delegator. The vote that reaches the quorum approves.
 */
async function voteToApprove(rt: Runtime, decider: Decider, id: string, quorum: number): Promise<DecisionOutcome> {
  const now = rt.clock.now();
  const who = byline(decider);
  const { principal } = decider.authority;
  const outcome = await rt.db.$transaction(async (tx) => {
    const locked = await lockForDecision(tx, decider, id, now);
    if (!locked) return { kind: 'refused' as const };
    const earlier = await tx.actionApproval.findFirst({ where: { actionId: id, OR: [{ approver: { in: [principal, who.actor] } }, { decidedBy: who.actor }] } });
    if (earlier) return { kind: 'duplicate' as const, earlier };
    await tx.actionApproval.create({
      data: { actionId: id, approver: principal, decidedBy: who.actor, delegationId: who.delegationId, contentHash: locked.contentHash, comment: decider.comment, at: now },
    });
    const approvers = (await tx.actionApproval.findMany({ where: { actionId: id }, orderBy: { at: 'asc' }, select: { approver: true } })).map((a) => a.approver);
    const tally = `approval ${approvers.length} of ${quorum}${decider.comment ? `: ${decider.comment}` : ''}`;
    const entry = { actionId: id, ...who, fromStatus: 'PENDING_APPROVAL' as const, comment: tally, at: now, contentHash: locked.contentHash };
    if (approvers.length < quorum) {
      await appendAudit(rt, tx, { ...entry, toStatus: 'PENDING_APPROVAL' });
      return { kind: 'voted' as const };
    }
    await tx.autoAction.update({
      where: { id },
      data: { status: 'APPROVED', approvedBy: who.actor, approvedOnBehalfOf: who.onBehalfOf, approvedAt: now, processedAt: now, comment: decider.comment, result: resultOf('APPROVE', decider, approvers) },
    });
    await appendAudit(rt, tx, { ...entry, toStatus: 'APPROVED' });
    const updated = await tx.autoAction.findUniqueOrThrow({ where: { id } });
    return { kind: 'decided' as const, notificationId: await enqueueNotification(tx, rt.config, 'approval.approved', updated) };
  });
  if (outcome.kind === 'duplicate') {
    const { approver, decidedBy } = outcome.earlier;
    const earlier = decidedBy && decidedBy !== approver ? `${decidedBy} (on behalf of ${approver})` : approver;
    throw new ConflictError(`${earlier} already approved ${id}; it needs ${quorum} distinct ADMIN approvers, and one person votes once`, { quorum });
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
