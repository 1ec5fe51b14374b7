// One runtime per server: configuration, database, events, logger, clock and job runner, built
// once at start and handed down (GraphQL context, services, jobs, routes). Nothing here is a
// module singleton, so two servers in one process are fully independent.
import type { Config } from './config.js';
import type { PreparedDataDir } from './db/adapter.js';
import { openDatabase, type Db } from './db/client.js';
import { DomainEvents } from './events/domain.js';
import { createEventBus, eventNamespace, type EventBus } from './events/pubsub.js';
import { JobRunner } from './jobs/runner.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import type { Tracer } from '@opentelemetry/api';

/** Where services take the time from: real time in production, a controllable one in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Runtime {
  readonly config: Config;
  readonly db: Db;
  /** Live events for subscribers (in-process, or Redis across replicas). */
  readonly events: EventBus;
  /** In-process reactions of one module to another's change (e.g. a filed request → recurrence). */
  readonly domain: DomainEvents;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Runs jobs one at a time per name (and per cluster on PostgreSQL). */
  readonly jobs: JobRunner;
  /** Prometheus registry and the product's metrics. */
  readonly metrics: Metrics;
  /** OpenTelemetry tracer (a no-op one unless OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  readonly tracer: Tracer;
}

export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Apply pending migrations before the client connects (server start, seed). */
  migrate?: boolean;
  /** The embedded data folder, already locked and filled by prepareDataDir (main's early start). */
  preparedDataDir?: PreparedDataDir;
}

export interface OpenRuntime extends Runtime {
  /** Waits for job runs in progress, then closes events and the database. */
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<OpenRuntime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, { migrate: options.migrate, prepared: options.preparedDataDir });
  const metrics = new Metrics();
  const events = createEventBus(config.redisUrl, eventNamespace(config), logger, {
    onDropped: (topic, reason) => metrics.eventsDropped.inc({ topic, reason }),
  });
  const tracing = await createTracing(config.tracing);
  const jobs = new JobRunner(config.databaseUrl, logger, tracing.tracer);
  let closing: Promise<void> | undefined;
  return {
    config,
    db: database.prisma,
    events,
    domain: new DomainEvents(logger),
    logger,
    clock: options.clock ?? systemClock,
    jobs,
    metrics,
    tracer: tracing.tracer,
    close() {
      closing ??= (async () => {
        await jobs.waitForRunning();
        await events.close();
        await database.close();
        await tracing.shutdown();
      })();
      return closing;
    },
  };
}
