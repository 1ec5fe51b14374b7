// Typed pub/sub for live subscribers, topics named `entity:event`. In-process by default; with
// REDIS_URL the events travel through Redis so that every replica's subscribers receive them.
// Payloads are plain JSON (ids and small facts): subscribers load what they show from the database.
import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

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

export interface EventBus {
  /** Publishes after a commit. Never throws: a lost live event must not fail committed work. */
  publish<K extends keyof Topics>(topic: K, ...payload: Topics[K]): void;
  subscribe: PubSub<Topics>['subscribe'];
  close(): Promise<void>;
}

export function createEventBus(redisUrl: string | undefined, logger: Logger): EventBus {
  let pubsub: PubSub<Topics>;
  let close = async () => {};
  if (!redisUrl) {
    // One listener per live subscription: a dashboard fleet easily passes Node's default of 10.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    pubsub = createPubSub<Topics>({ eventTarget });
  } else {
    const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    pubsub = createPubSub<Topics>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
    close = async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    };
  }
  return {
    publish(topic, ...payload) {
      try {
        pubsub.publish(topic, ...payload);
      } catch (error) {
        logger.error({ err: error, topic, payload }, 'could not publish a live event');
      }
    },
    subscribe: pubsub.subscribe.bind(pubsub) as PubSub<Topics>['subscribe'],
    close: () => close(),
  };
}
