// Scheduled jobs: each definition runs every N minutes (decimals allowed) through the runtime's
// job runner, so with several replicas a job runs on one of them at a time.
import schedule from 'node-schedule';
import type { Config } from '../config.js';
import type { Runtime } from '../runtime.js';

export interface JobDefinition {
  /** Stable name: also the advisory lock's name. */
  name: string;
  /** Minutes between runs (decimals allowed), read from the configuration. */
  everyMinutes(config: Config): number;
  run(runtime: Runtime): Promise<unknown>;
}

/** Milliseconds between runs for "every N minutes" (decimals allowed; at least 100 ms). */
export function periodMs(minutes: number): number {
  return Math.max(100, Math.round(minutes * 60_000));
}

/**
 * Fires `fire` every `period` ms at a fixed rate (cron cannot say "every 45 minutes" or "every 90
 * minutes"): each run is a node-schedule one-off job, and the next is set from the previous
 * planned time, so runs do not drift.
 */
function schedulePeriodically(period: number, fire: () => void, onReplan: (plannedAt: number) => void): { cancel(): void } {
  let plannedAt = Date.now();
  let job: schedule.Job | null | undefined;
  let cancelled = false;
  const planNext = () => {
    if (cancelled) return;
    // After a stall longer than a period, skip the missed runs rather than fire them in a burst;
    // node-schedule refuses a date already past (null), so stay safely in the future.
    plannedAt = Math.max(plannedAt + period, Date.now() + Math.min(period, 1_000));
    job = schedule.scheduleJob(new Date(plannedAt), () => {
      planNext();
      fire();
    });
    if (!job) {
      onReplan(plannedAt);
      plannedAt = Date.now();
      setTimeout(planNext, 0);
    }
  };
  planNext();
  return {
    cancel() {
      cancelled = true;
      job?.cancel();
    },
  };
}

export interface ScheduledJobs {
  stop(): Promise<void>;
}

export function scheduleJobs(runtime: Runtime, definitions: JobDefinition[]): ScheduledJobs {
  const { logger } = runtime;
  const jobs = definitions.map((definition) =>
    schedulePeriodically(
      periodMs(definition.everyMinutes(runtime.config)),
      () => {
        runtime.jobs
          .runExclusively(definition.name, () => definition.run(runtime))
          .catch((error) => logger.error({ err: error, job: definition.name }, 'scheduled job failed'));
      },
      (plannedAt) => logger.warn({ plannedAt, job: definition.name }, 'scheduler: run planned in the past, replanning'),
    ),
  );
  return {
    async stop() {
      for (const job of jobs) job.cancel();
    },
  };
}
