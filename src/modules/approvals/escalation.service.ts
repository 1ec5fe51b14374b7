// Overdue escalation: an action still pending APPROVAL_ESCALATE_AFTER_MINUTES after its submission
// (default half the TTL) is escalated once — `escalatedAt` set by a conditional update, an audit
// entry, an ops message naming who can decide it, and an ESCALATED event. Extending the deadline
// does not escalate it again (once per action). Part of the expiry sweep (approvals:expire, and the
// cycle's expiry step); FOR UPDATE SKIP LOCKED, so replicas may sweep at once.
import type { AutoAction } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { usernamesWithRoles } from '../identity/users.service.js';
import { appendAuditMany } from './action-log.service.js';
import { liveDelegatesOf } from './delegations.service.js';
import { enqueueNotifications } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { utc } from '../../db/sql-timestamp.js';

const ESCALATION_BATCH = 200;
export const ESCALATION_ACTOR = 'system:escalation';

/** Who can decide, per level, before four-eyes takes out the requester. */
interface Deciders {
  /** Named people (CRITICAL: ADMINs and their delegates in force). */
  named: Array<{ username: string; label: string }>;
  /** Roles named instead of people (HIGH: every ops role). */
  roles?: string;
}

async function decidersByLevel(rt: Runtime, now: Date): Promise<Record<'HIGH' | 'CRITICAL', Deciders>> {
  const admins = await usernamesWithRoles(rt, ['ADMIN']);
  const delegates = await liveDelegatesOf(rt, admins, 'CRITICAL', now);
  return {
    CRITICAL: {
      named: [
        ...admins.map((username) => ({ username, label: `${username} (ADMIN)` })),
        ...delegates.map(({ delegate, delegator }) => ({ username: delegate, label: `${delegate} (delegate of ${delegator})` })),
      ],
    },
    HIGH: { named: [], roles: 'any ENGINEER, PM or ADMIN' },
  };
}

/** The people (or roles) who can decide this action: never its requester while four-eyes is on. */
function decidersOf(action: Pick<AutoAction, 'riskLevel' | 'requestedBy'>, byLevel: Record<'HIGH' | 'CRITICAL', Deciders>, fourEyes: boolean): string[] {
  const deciders = byLevel[action.riskLevel as 'HIGH' | 'CRITICAL'] ?? byLevel.HIGH;
  const named = deciders.named.filter((d) => !(fourEyes && d.username === action.requestedBy)).map((d) => d.label);
  const roles = deciders.roles ? [`${deciders.roles}${fourEyes ? ` but ${action.requestedBy}` : ''}`] : [];
  return [...new Set([...named, ...roles])];
}

/** Escalates overdue pending actions once each; returns how many were escalated. */
export async function escalateOverdue(rt: Runtime): Promise<number> {
  const now = rt.clock.now();
  const cutoff = new Date(now.getTime() - rt.config.approvals.escalateAfterMinutes * 60_000);
  // Cheap check first: most sweeps find nothing overdue and read no users.
  const due = await rt.db.autoAction.count({ where: { status: 'PENDING_APPROVAL', escalatedAt: null, createdAt: { lte: cutoff }, expiresAt: { gt: now } } });
  if (due === 0) return 0;
  const byLevel = await decidersByLevel(rt, now);
  const { escalated, notificationIds } = await rt.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; contentHash: string | null }>>`
      UPDATE "AutoAction" SET "escalatedAt" = ${utc(now)}::timestamp
      WHERE id IN (
        SELECT id FROM "AutoAction"
        WHERE status = 'PENDING_APPROVAL' AND "escalatedAt" IS NULL AND "createdAt" <= ${utc(cutoff)}::timestamp AND "expiresAt" > ${utc(now)}::timestamp
        ORDER BY "createdAt" LIMIT ${ESCALATION_BATCH}
        FOR UPDATE SKIP LOCKED)
      AND "escalatedAt" IS NULL AND status = 'PENDING_APPROVAL'
      RETURNING id, "contentHash"`;
    if (rows.length === 0) return { escalated: [] as AutoAction[], notificationIds: [] as number[] };
    const escalated = await tx.autoAction.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { createdAt: 'asc' } });
    const fourEyes = rt.config.approvals.fourEyes;
    const entries = escalated.map((action) => ({
      actionId: action.id,
      actor: ESCALATION_ACTOR,
      fromStatus: 'PENDING_APPROVAL' as const,
      toStatus: 'PENDING_APPROVAL' as const,
      comment: `overdue: pending since ${action.createdAt.toISOString()}; escalated to ${decidersOf(action, byLevel, fourEyes).join(', ') || 'nobody known yet'}`,
      at: now,
      contentHash: action.contentHash,
    }));
    await appendAuditMany(rt, tx, entries);
    const notificationIds = await enqueueNotifications(tx, rt.config, 'approval.escalated', escalated, (action) => ({ deciders: decidersOf(action, byLevel, fourEyes) }));
    return { escalated, notificationIds };
  });
  for (const action of escalated) rt.events.publish('approvalQueue:changed', { kind: 'ESCALATED', actionId: action.id });
  deliverSoon(rt, notificationIds);
  if (escalated.length > 0) rt.logger.info({ actions: escalated.map((action) => action.id) }, 'overdue approvals escalated');
  return escalated.length;
}
