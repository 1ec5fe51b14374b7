// Typed pub/sub for live subscribers, topics named `entity:event`. In-process by default; with
// REDIS_URL the events travel through Redis so that every replica's subscribers receive them.
// Payloads are plain JSON (ids and small facts): subscribers load what they show from the database.
// What happens while Redis is down (local delivery, dropped and counted cross-replica copies,
// resumption) is the contract written at the top of ./redis-target.ts.
import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { createRedisTarget, type DropReason } from './redis-target.js';

export type ApprovalQueueKind = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'EXPIRING' | 'ESCALATED' | 'EXTENDED';

export type Topics = {
  /**
   * An action entered or left the approval queue, is about to lapse, was escalated as overdue, or
   * had its deadline extended (`expiresAt`: the new deadline, ISO-8601).
   */
  'approvalQueue:changed': [{ kind: ApprovalQueueKind; actionId: string; expiresAt?: string }];
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
  /** Calls `listener` for every event this process publishes (metrics count them here). */
  onPublish(listener: PublishListener): void;
  /** 'none' without REDIS_URL; else whether Redis is reachable right now (readiness reports it). */
  redisStatus(): 'none' | 'up' | 'down';
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** Counts an event whose copy for the other replicas was dropped (Redis unreachable). */
  onDropped?: (topic: string, reason: DropReason) => void;
}

export type PublishListener = <K extends keyof Topics>(topic: K, payload: Topics[K][0]) => void;

/**
 * Servers on one database share events (replicas); servers on different databases never hear each
 * other, even through one Redis: channels are named `<namespace>:<topic>`.
 */
export function eventNamespace(target: { databaseUrl?: string; dataDir: string }): string {
  if (!target.databaseUrl) return `opsloop:${target.dataDir}`;
  const url = new URL(target.databaseUrl);
  return `opsloop:${url.pathname.slice(1) || 'postgres'}.${url.searchParams.get('schema') ?? 'public'}`;
}

export function createEventBus(redisUrl: string | undefined, namespace: string, logger: Logger, options: EventBusOptions = {}): EventBus {
  let pubsub: PubSub<Topics>;
  let close = async () => {};
  let redisStatus: () => 'none' | 'up' | 'down' = () => 'none';
  if (!redisUrl) {
    // One listener per live subscription: a dashboard fleet easily passes Node's default of 10.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    pubsub = createPubSub<Topics>({ eventTarget });
  } else {
    // Strip the namespace for the counter's label: topics are a small fixed set.
    const onDropped = options.onDropped && ((channel: string, reason: DropReason) => options.onDropped!(channel.slice(namespace.length + 1), reason));
    const target = createRedisTarget({ redisUrl, logger, onDropped });
    pubsub = createPubSub<Topics>({ eventTarget: target });
    redisStatus = () => target.status();
    close = async () => target.close();
  }
  const channel = (topic: keyof Topics) => `${namespace}:${topic}` as keyof Topics;
  const listeners: PublishListener[] = [];
  return {
    publish(topic, ...payload) {
      try {
        for (const listener of listeners) listener(topic, payload[0]);
        pubsub.publish(channel(topic), ...payload);
      } catch (error) {
        logger.error({ err: error, topic, payload }, 'could not publish a live event');
      }
    },
    subscribe: ((topic: keyof Topics) => pubsub.subscribe(channel(topic))) as PubSub<Topics>['subscribe'],
    onPublish: (listener) => void listeners.push(listener),
    redisStatus: () => redisStatus(),
    close: () => close(),
  };
}
