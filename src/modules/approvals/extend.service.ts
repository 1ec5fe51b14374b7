// Deadline extension: an ADMIN or PM gives a pending action more time before it lapses — never
// their own (the requester may ask, not extend), never past APPROVAL_MAX_WAIT_MINUTES from its
// submission. Under the action's row lock: the new expiresAt, the EXPIRING warning re-armed for the
// new deadline (escalation stays once per action), a signed audit entry and an ops message commit
// together; an EXTENDED event carrying the new expiresAt follows the commit. The static permission
// (action:extend) is on the GraphQL field and the chat command.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, ConflictError, ExpiredError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { requiredText } from '../../validation.js';
import { parseActionId } from './action-input.js';
import { lockAction } from './action-lock.js';
import { appendAudit } from './action-log.service.js';
import { requireAction } from './action-reads.service.js';
import { expireLapsed } from './expiry.service.js';
import { enqueueNotification } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';

const ReasonSchema = requiredText(500);

type Outcome = { kind: 'extended'; expiresAt: Date; notificationId: number | null } | { kind: 'lapsed' } | { kind: 'notPending'; status: string };

function parseMinutes(minutes: number, maxWaitMinutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1) throw new BadInputError('minutes', 'must be a whole number of minutes, at least 1');
  if (minutes > maxWaitMinutes) throw new BadInputError('minutes', `must be at most ${maxWaitMinutes} (APPROVAL_MAX_WAIT_MINUTES)`);
  return minutes;
}

interface Extension {
  actor: Viewer;
  id: string;
  minutes: number;
  reason: string;
  now: Date;
}

/** Extends a pending action's deadline by `minutes`; returns the action as it is afterwards. */
export async function extendApproval(
  rt: Runtime,
  actor: Viewer,
  rawId: string,
  rawMinutes: number,
  rawReason: string,
  query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {},
): Promise<AutoAction> {
  const id = parseActionId(rawId);
  const minutes = parseMinutes(rawMinutes, rt.config.approvals.maxWaitMinutes);
  const parsedReason = ReasonSchema.safeParse(rawReason ?? '');
  if (!parsedReason.success) throw new BadInputError('reason', parsedReason.error.issues[0]!.message);
  const extension: Extension = { actor, id, minutes, reason: parsedReason.data, now: rt.clock.now() };
  const outcome = await rt.db.$transaction((tx) => extendLocked(rt, tx, extension));
  if (outcome.kind === 'notPending') throw new ConflictError(`cannot extend ${id}: it is ${outcome.status}, not PENDING_APPROVAL`, { status: outcome.status });
  if (outcome.kind === 'lapsed') {
    await expireLapsed(rt, { id, actor: 'system:expiry', comment: `lapsed unanswered; ${actor.username} tried to extend it after expiry` });
    const current = await requireAction(rt, id);
    throw new ExpiredError(`${id} expired at ${current.expiresAt?.toISOString()} before it was extended; submit it again`, { expiresAt: current.expiresAt?.toISOString() });
  }
  rt.events.publish('approvalQueue:changed', { kind: 'EXTENDED', actionId: id, expiresAt: outcome.expiresAt.toISOString() });
  deliverSoon(rt, [outcome.notificationId]);
  rt.logger.info({ actionId: id, by: actor.username, minutes, expiresAt: outcome.expiresAt }, 'approval deadline extended');
  return requireAction(rt, id, query);
}

/** Inside the transaction, under the action's row lock: check, move the deadline, audit, queue the message. */
async function extendLocked(rt: Runtime, tx: Prisma.TransactionClient, { actor, id, minutes, reason, now }: Extension): Promise<Outcome> {
  const { maxWaitMinutes } = rt.config.approvals;
  const row = await lockAction(tx, id, now);
  if (!row) throw new NotFoundError('AutoAction', id);
  if (row.requestedBy === actor.username) {
    throw new ForbiddenError(`${actor.username} requested ${id} and cannot extend its deadline; ask an ADMIN or PM (someone else) to extend it`, { rule: 'fourEyes' });
  }
  if (row.status !== 'PENDING_APPROVAL') return { kind: 'notPending', status: row.status };
  if (!row.live) return { kind: 'lapsed' };
  const expiresAt = new Date(row.expiresAt!.getTime() + minutes * 60_000);
  const latest = new Date(row.createdAt.getTime() + maxWaitMinutes * 60_000);
  if (expiresAt.getTime() > latest.getTime()) {
    const room = Math.max(0, Math.floor((latest.getTime() - row.expiresAt!.getTime()) / 60_000));
    throw new BadInputError('minutes', `${minutes} would move the deadline past ${latest.toISOString()}, ${maxWaitMinutes} min after submission (APPROVAL_MAX_WAIT_MINUTES); at most ${room} more`);
  }
  // The EXPIRING warning is re-armed for the new deadline.
  const updated = await tx.autoAction.update({ where: { id }, data: { expiresAt, expiringNotifiedAt: null, extendedAt: now, extensionCount: { increment: 1 } } });
  const comment = `deadline extended by ${minutes} min to ${expiresAt.toISOString()}: ${reason}`;
  await appendAudit(rt, tx, { actionId: id, actor: actor.username, fromStatus: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL', comment, at: now, contentHash: row.contentHash });
  const notificationId = await enqueueNotification(tx, rt.config, 'approval.extended', updated, { extendedBy: actor.username, minutes, reason });
  return { kind: 'extended', expiresAt, notificationId };
}
