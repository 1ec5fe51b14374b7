// Ops-channel notifications through an outbox: the message row is written in the same
// transaction as the transition it reports, then the relay posts it after the commit, so a
// notification is never sent for a rolled-back change nor lost when the process dies. A new row
// is due at once on the relay's own (real) time.
import type { AutoAction, Prisma } from '../../../generated/prisma/client.js';
import type { Config } from '../../../config.js';
import { webhookBody, type MessageExtra, type NotificationEvent } from './messages.js';
import { deliveryNow } from './relay.js';

type Outbox = Pick<Config, 'opsWebhookUrl'>;

/** Queues one message for the ops webhook; returns its id, or null when no webhook is configured. */
export async function enqueueNotification(
  tx: Prisma.TransactionClient,
  config: Outbox,
  event: NotificationEvent,
  action: Parameters<typeof webhookBody>[1],
  extra?: MessageExtra,
): Promise<number | null> {
  return enqueueOpsMessage(tx, config, event, webhookBody(event, action, extra));
}

/** Queues a message of another module (e.g. a problem opened) with its own `{ text, … }` body. */
export async function enqueueOpsMessage(tx: Prisma.TransactionClient, config: Outbox, event: string, body: { text: string; event: string }): Promise<number | null> {
  if (!config.opsWebhookUrl) return null;
  const row = await tx.notification.create({
    data: { event, payload: body as unknown as Prisma.InputJsonValue, nextAttemptAt: deliveryNow() },
    select: { id: true },
  });
  return row.id;
}

/** Queues one message per action in a single statement (the expiry sweeper's batches). */
export async function enqueueNotifications(
  tx: Prisma.TransactionClient,
  config: Outbox,
  event: NotificationEvent,
  actions: AutoAction[],
  extraOf?: (action: AutoAction) => MessageExtra,
): Promise<number[]> {
  if (!config.opsWebhookUrl || actions.length === 0) return [];
  const nextAttemptAt = deliveryNow();
  const rows = await tx.notification.createManyAndReturn({
    data: actions.map((action) => ({ event, payload: webhookBody(event, action, extraOf?.(action)) as unknown as Prisma.InputJsonValue, nextAttemptAt })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}
