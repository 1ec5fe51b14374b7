// Typed pub/sub, topics named `entity:event`. In-process by default; with REDIS_URL the events
// travel through Redis so that every replica's subscribers receive them.
// Payloads are plain JSON (ids and small facts): subscribers load what they show from the database.
import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

export type ApprovalQueueKind = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'EXPIRING';

export type Topics = {
  /** An action entered or left the approval queue, or is about to lapse. */
  'approvalQueue:changed': [{ kind: ApprovalQueueKind; actionId: string }];
  /** A threshold was adjusted. */
  'threshold:calibrated': [{ adjustmentId: number }];
  /** A recurrence pattern reached its escalation count. */
  'pattern:escalated': [{ patternId: number }];
  /** An auto-processing cycle finished (or was skipped). */
  'autoCycle:completed': [{ runId: string }];
};

export type Events = PubSub<Topics>;

let current: { pubsub: Events; close: () => Promise<void> } | undefined;

export function events(): Events {
  if (!current) throw new Error('events not started: call startEvents() first');
  return current.pubsub;
}

export function startEvents(redisUrl?: string): Events {
  if (current) return current.pubsub;
  if (!redisUrl) {
    // One listener per live subscription: a dashboard fleet easily passes Node's default of 10.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    current = { pubsub: createPubSub<Topics>({ eventTarget }), close: async () => {} };
    return current.pubsub;
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  current = {
    pubsub: createPubSub<Topics>({ eventTarget }),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
  return current.pubsub;
}

export async function stopEvents(): Promise<void> {
  const closing = current;
  current = undefined;
  await closing?.close();
}
