// The webhook relay: posts queued notifications to OPS_WEBHOOK_URL, off the request path.
// Each attempt first claims the row with a conditional update (a lease), so two replicas never
// post the same message at once; failures back off exponentially up to a bounded number of
// attempts, then the row is FAILED and logged. Rows left PENDING by a restart are picked up by
// the relay job (deliverDueNotifications).
import type { Runtime } from '../../../runtime.js';

const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Delivery runs on real time, not the runtime's clock: its leases and backoff are real timers
 * and the receiver's timeout is real, so a test clock moved by hand must not strand a retry.
 */
export function deliveryNow(): Date {
  return new Date();
}

/** Starts delivery of freshly committed notifications without waiting for it. */
export function deliverSoon(rt: Runtime, ids: Array<number | null | undefined>): void {
  for (const id of ids) if (typeof id === 'number') void attemptDelivery(rt, id);
}

/** Delivers every PENDING notification that is due (after a restart, or a missed retry). */
export async function deliverDueNotifications(rt: Runtime, limit = 100): Promise<number> {
  const due = await rt.db.notification.findMany({
    where: { status: 'PENDING', nextAttemptAt: { lte: deliveryNow() } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true },
  });
  const outcomes = await Promise.all(due.map((row) => attemptDelivery(rt, row.id)));
  return outcomes.filter((outcome) => outcome === 'SENT').length;
}

export async function notificationStats(rt: Runtime): Promise<{ pending: number; sent: number; failed: number }> {
  const groups = await rt.db.notification.groupBy({ by: ['status'], _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  return { pending: count('PENDING'), sent: count('SENT'), failed: count('FAILED') };
}

type Outcome = 'SENT' | 'RETRY' | 'FAILED' | 'SKIPPED';

async function attemptDelivery(rt: Runtime, id: number): Promise<Outcome> {
  try {
    return await attempt(rt, id);
  } catch (error) {
    // The database went away (e.g. shutdown): the row stays PENDING and the job retries it.
    rt.logger.warn({ err: error, notificationId: id }, 'notification relay could not record an attempt');
    return 'SKIPPED';
  }
}

/** Posts the payload; the failure as text, or undefined when the receiver took it. */
async function post(url: string | undefined, payload: unknown, timeoutMs: number): Promise<string | undefined> {
  if (!url) return 'OPS_WEBHOOK_URL is not configured';
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (failure) {
    return failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  }
}

async function attempt(rt: Runtime, id: number): Promise<Outcome> {
  const { config, db, logger } = rt;
  const { maxAttempts, retryBaseMs, timeoutMs } = config.webhook;
  const now = deliveryNow();
  // Claim: only one relay (in any replica) holds a row during its attempt.
  const lease = new Date(now.getTime() + timeoutMs + 5_000);
  const claimed = await db.notification.updateMany({
    where: { id, status: 'PENDING', nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: lease, attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return 'SKIPPED';
  const row = await db.notification.findUniqueOrThrow({ where: { id } });
  const error = await post(config.opsWebhookUrl, row.payload, timeoutMs);
  if (!error) {
    await db.notification.update({ where: { id }, data: { status: 'SENT', sentAt: deliveryNow(), lastError: null } });
    logger.debug({ notificationId: id, event: row.event, attempts: row.attempts }, 'notification sent');
    return 'SENT';
  }
  if (row.attempts >= maxAttempts) {
    await db.notification.update({ where: { id }, data: { status: 'FAILED', lastError: error } });
    logger.error({ notificationId: id, event: row.event, attempts: row.attempts, error }, 'notification failed for good');
    return 'FAILED';
  }
  const delay = Math.min(retryBaseMs * 2 ** (row.attempts - 1), MAX_BACKOFF_MS);
  await db.notification.update({ where: { id }, data: { lastError: error, nextAttemptAt: new Date(deliveryNow().getTime() + delay) } });
  logger.warn({ notificationId: id, event: row.event, attempts: row.attempts, retryInMs: delay, error }, 'notification failed; will retry');
  // A few ms past nextAttemptAt, so the claim's `nextAttemptAt <= now` holds when the timer fires.
  // Unref'd: a stopping process does not wait; the row stays PENDING for the relay job.
  setTimeout(() => void attemptDelivery(rt, id), delay + 5).unref();
  return 'RETRY';
}
