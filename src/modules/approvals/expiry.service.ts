// Expiry sweeps of the approval gate: lapsed pending actions become EXPIRED (audit entry, ops
// message, EXPIRED event), overdue ones are escalated once (escalation.service.ts), and those about
// to lapse get one EXPIRING warning (re-armed when a deadline is extended). Conditional updates
// with FOR UPDATE SKIP LOCKED, so several replicas may sweep at once. "Now" is the runtime's clock,
// passed into the SQL as a parameter.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { appendAuditMany } from './action-log.service.js';
import { escalateOverdue } from './escalation.service.js';
import { enqueueNotifications } from './notifications/outbox.js';
import { deliverSoon } from './notifications/relay.js';
import { utc } from '../../db/sql-timestamp.js';

const EXPIRY_BATCH = 200;

/**
 * Marks lapsed pending actions EXPIRED and sends the EXPIRING warning once for those about to
 * lapse. Safe to run on several replicas at once. Returns how many actions expired.
 */
export async function expireLapsedApprovals(rt: Runtime): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await expireLapsed(rt, { actor: 'system:expiry', comment: 'no decision before expiresAt' });
    total += expired;
    if (expired < EXPIRY_BATCH) break;
  }
  await escalateOverdue(rt);
  await warnExpiring(rt);
  return total;
}

export interface ExpiryOptions {
  /** Only this action (a decision that came too late); otherwise one batch of lapsed ones. */
  id?: string;
  actor: string;
  comment: string;
}

/** One batch (or one action by id): conditional update with RETURNING, then audit and outbox. */
export async function expireLapsed(rt: Runtime, options: ExpiryOptions): Promise<number> {
  const now = rt.clock.now();
  const { expired, notificationIds } = await rt.db.$transaction(async (tx) => {
    const ids = await markExpired(tx, options.id, now);
    if (ids.length === 0) return { expired: [] as AutoAction[], notificationIds: [] as number[] };
    const entries = ids.map(({ id, contentHash }) => ({ actionId: id, actor: options.actor, fromStatus: 'PENDING_APPROVAL' as const, toStatus: 'EXPIRED' as const, comment: options.comment, at: now, contentHash }));
    await appendAuditMany(rt, tx, entries);
    const expired = await tx.autoAction.findMany({ where: { id: { in: ids.map((row) => row.id) } } });
    return { expired, notificationIds: await enqueueNotifications(tx, rt.config, 'approval.expired', expired) };
  });
  for (const action of expired) rt.events.publish('approvalQueue:changed', { kind: 'EXPIRED', actionId: action.id });
  deliverSoon(rt, notificationIds);
  return expired.length;
}

type Marked = Array<{ id: string; contentHash: string | null }>;

function markExpired(tx: Prisma.TransactionClient, id: string | undefined, now: Date): Promise<Marked> {
  if (id) {
    return tx.$queryRaw<Marked>`
      UPDATE "AutoAction" SET status = 'EXPIRED', "processedAt" = ${utc(now)}::timestamp
      WHERE id = ${id} AND status = 'PENDING_APPROVAL' AND "expiresAt" <= ${utc(now)}::timestamp
      RETURNING id, "contentHash"`;
  }
  return tx.$queryRaw<Marked>`
    UPDATE "AutoAction" SET status = 'EXPIRED', "processedAt" = ${utc(now)}::timestamp
    WHERE id IN (
      SELECT id FROM "AutoAction"
      WHERE status = 'PENDING_APPROVAL' AND "expiresAt" <= ${utc(now)}::timestamp
      ORDER BY "expiresAt" LIMIT ${EXPIRY_BATCH}
      FOR UPDATE SKIP LOCKED)
    AND status = 'PENDING_APPROVAL'
    RETURNING id, "contentHash"`;
}

/** The EXPIRING warning, once per action, `expiringWarningMinutes` before the lapse (at most half the TTL). */
async function warnExpiring(rt: Runtime): Promise<number> {
  const warningSeconds = rt.config.approvals.expiringWarningMinutes * 60;
  const now = rt.clock.now();
  const { warned, notificationIds } = await rt.db.$transaction(async (tx) => {
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
    return { warned, notificationIds: await enqueueNotifications(tx, rt.config, 'approval.expiring', warned) };
  });
  for (const action of warned) rt.events.publish('approvalQueue:changed', { kind: 'EXPIRING', actionId: action.id });
  deliverSoon(rt, notificationIds);
  return warned.length;
}
