// Scheduled jobs with leader election: on PostgreSQL each run takes an advisory lock, so with
// several replicas a job runs on one of them at a time; a replica that dies drops its lock with
// its connection. On the embedded database (one process) runs of one job never overlap.
import schedule from 'node-schedule';
import type { Config } from '../config.js';
import { tryWithPostgresLock } from '../db/advisory-lock.js';
import { logger } from '../logger.js';

export interface JobDefinition {
  /** Stable name: also the advisory lock's name. */
  name: string;
  /** Minutes between runs (decimals allowed), read from the configuration. */
  everyMinutes(config: Config): number;
  run(config: Config): Promise<unknown>;
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
function schedulePeriodically(period: number, fire: () => void): { cancel(): void } {
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
      logger.warn({ plannedAt }, 'scheduler: run planned in the past, replanning');
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

const running = new Set<string>();

/** Runs a job once under its lock; returns false when another run (here or on a replica) holds it. */
export async function runExclusively<T>(config: Config, name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (running.has(name)) return { ran: false };
  running.add(name);
  try {
    if (config.databaseUrl) return await tryWithPostgresLock(config.databaseUrl, `job:${name}`, work);
    return { ran: true, value: await work() };
  } finally {
    running.delete(name);
  }
}

/** Waits (bounded) for runs in progress — scheduled or triggered by hand — to finish. */
export async function waitForRunningJobs(timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

export function scheduleJobs(config: Config, definitions: JobDefinition[]) {
  const jobs = definitions.map((definition) =>
    schedulePeriodically(periodMs(definition.everyMinutes(config)), () => {
      runExclusively(config, definition.name, () => definition.run(config)).catch((error) =>
        logger.error({ err: error, job: definition.name }, 'scheduled job failed'),
      );
    }),
  );
  return {
    async stop() {
      for (const job of jobs) job.cancel();
    },
  };
}
