// The Redis event target behind the EventBus when REDIS_URL is set: this replica's events reach its
// own subscribers directly (in-process, whatever Redis is doing) and the other replicas through a
// Redis PUBLISH. Messages carry the publishing replica's id, so a replica ignores its own echo.
//
// Delivery contract while Redis is unreachable:
// - subscribers on the publishing replica still receive every event (local delivery);
// - the copy for the other replicas is dropped at once — not queued, not retried (events are
//   hints to re-read, and the database holds the truth) — counted in
//   opsloop_events_dropped_total{reason} and logged on one line, at most once per 10 s per reason;
// - /readyz answers 200 {status:'degraded', redis:'down'} (src/http/health.ts);
// - when Redis is back, ioredis reconnects by itself and re-subscribes (and this target subscribes
//   again every topic with listeners on 'ready'): publishing and cross-replica delivery resume
//   without a restart. Events published during the outage are not replayed.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export type DropReason = 'redis_unavailable' | 'publish_failed';

export interface RedisTargetOptions {
  redisUrl: string;
  logger: Logger;
  /** Called once per event whose cross-replica copy was dropped. */
  onDropped?: (topic: string, reason: DropReason) => void;
}

export interface RedisEventTarget extends EventTarget {
  /** 'up' once both connections are ready; 'down' while either is not. */
  status(): 'up' | 'down';
  close(): void;
}

const LOG_EVERY_MS = 10_000;

/** One log line per key at most every LOG_EVERY_MS, saying how many were suppressed since. */
export function rateLimitedLog(logger: Logger, everyMs = LOG_EVERY_MS) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string, fields: Record<string, unknown>, message: string, level: 'warn' | 'error' | 'info' = 'warn') => {
    const now = Date.now();
    const entry = last.get(key);
    if (entry && now - entry.at < everyMs) {
      entry.suppressed += 1;
      return;
    }
    last.set(key, { at: now, suppressed: 0 });
    logger[level]({ ...fields, ...(entry?.suppressed ? { suppressedSinceLast: entry.suppressed } : {}) }, message);
  };
}

interface Envelope {
  /** The publishing replica. */
  o: string;
  /** The event's payload. */
  p: unknown;
}

export function createRedisTarget({ redisUrl, logger, onDropped }: RedisTargetOptions): RedisEventTarget {
  const origin = randomUUID();
  const log = rateLimitedLog(logger);
  // Publishing never waits for a reconnect (the copy is dropped instead); subscribing does.
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const local = new EventTarget();
  // One listener per live subscription: a dashboard fleet easily passes Node's default of 10.
  setMaxListeners(0, local);
  const listeners = new Map<string, number>();

  watchConnections({ publish: publishClient, subscribe: subscribeClient }, logger, log);
  const subscribe = (topic: string) =>
    subscribeClient.subscribe(topic).catch((error: unknown) => log('redis-subscribe', { topic, reason: (error as Error).message }, 'could not SUBSCRIBE; retried when Redis is ready'));
  // ioredis re-subscribes what it had subscribed; a SUBSCRIBE that failed meanwhile is redone here.
  subscribeClient.on('ready', () => {
    for (const topic of listeners.keys()) void subscribe(topic);
  });
  subscribeClient.on('message', (channel: string, message: string) => receive(channel, message, origin, local, log));

  const drop = (topic: string, reason: DropReason, detail: string) => {
    onDropped?.(topic, reason);
    log(`drop-${reason}`, { topic, reason, detail }, 'live event not sent to other replicas (delivered on this replica only)');
  };

  const target = {
    addEventListener(topic: string, listener: EventListenerOrEventListenerObject | null) {
      if (!listener) return;
      local.addEventListener(topic, listener);
      const count = (listeners.get(topic) ?? 0) + 1;
      listeners.set(topic, count);
      if (count === 1) void subscribe(topic);
    },
    removeEventListener(topic: string, listener: EventListenerOrEventListenerObject | null) {
      if (!listener) return;
      local.removeEventListener(topic, listener);
      const count = (listeners.get(topic) ?? 0) - 1;
      if (count > 0) return void listeners.set(topic, count);
      listeners.delete(topic);
      subscribeClient.unsubscribe(topic).catch(() => {}); // a reconnect subscribes only topics with listeners
    },
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail as unknown;
      local.dispatchEvent(new CustomEvent(event.type, { detail }));
      if (publishClient.status !== 'ready') {
        drop(event.type, 'redis_unavailable', `connection ${publishClient.status}`);
        return true;
      }
      const message = JSON.stringify({ o: origin, p: detail } satisfies Envelope);
      publishClient.publish(event.type, message).catch((error: unknown) => drop(event.type, 'publish_failed', (error as Error).message));
      return true;
    },
    status: () => (publishClient.status === 'ready' && subscribeClient.status === 'ready' ? 'up' : 'down'),
    close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
  return target as unknown as RedisEventTarget;
}

function watchConnections(clients: Record<'publish' | 'subscribe', Redis>, logger: Logger, log: ReturnType<typeof rateLimitedLog>): void {
  for (const [role, client] of Object.entries(clients)) {
    // Without a listener ioredis prints every connection error with its stack.
    client.on('error', (error: Error) => log(`redis-${role}`, { connection: role, reason: error.message }, 'Redis connection error (live events to other replicas paused)'));
    client.on('ready', () => logger.info({ connection: role }, 'Redis connection ready'));
  }
}

/** A message from Redis to this replica's listeners; our own echo is skipped (delivered locally). */
function receive(channel: string, message: string, origin: string, local: EventTarget, log: ReturnType<typeof rateLimitedLog>): void {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(message) as Envelope;
  } catch {
    return log('redis-message', { channel }, 'ignored a live event that is not JSON');
  }
  if (envelope?.o === origin) return;
  local.dispatchEvent(new CustomEvent(channel, { detail: envelope && typeof envelope === 'object' && 'o' in envelope ? envelope.p : envelope }));
}
