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

/** A node-schedule rule for "every N minutes" (sub-minute intervals use the seconds field). */
export function everyRule(minutes: number): string {
  const seconds = Math.max(1, Math.round(minutes * 60));
  if (seconds < 60) return `*/${seconds} * * * * *`;
  const wholeMinutes = Math.max(1, Math.round(seconds / 60));
  if (wholeMinutes < 60) return `0 */${wholeMinutes} * * * *`;
  const hours = Math.max(1, Math.round(wholeMinutes / 60));
  return hours < 24 ? `0 0 */${hours} * * *` : '0 0 3 * * *';
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
    schedule.scheduleJob(definition.name, everyRule(definition.everyMinutes(config)), () => {
      runExclusively(config, definition.name, () => definition.run(config)).catch((error) =>
        logger.error({ err: error, job: definition.name }, 'scheduled job failed'),
      );
    }),
  );
  return {
    async stop() {
      for (const job of jobs) job?.cancel();
    },
  };
}
