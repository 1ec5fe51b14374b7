// Runs jobs exclusively: on PostgreSQL each run takes an advisory lock, so with several replicas a
// job runs on one of them at a time (a replica that dies drops its lock with its connection); in
// this process, runs of one job never overlap. One runner per runtime.
import { tryWithPostgresLock } from '../db/advisory-lock.js';
import type { Logger } from '../logger.js';

export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

export class JobRunner {
  private readonly running = new Set<string>();

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** Runs `work` under the lock `name`; `{ ran: false }` when another run (here or elsewhere) holds it. */
  async runExclusively<T>(name: string, work: () => Promise<T>): Promise<ExclusiveRun<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      if (this.databaseUrl) return await tryWithPostgresLock(this.databaseUrl, `job:${name}`, work, this.logger);
      return { ran: true, value: await work() };
    } finally {
      this.running.delete(name);
    }
  }

  /** Waits (bounded) for runs in progress — scheduled or triggered by hand — to finish. */
  async waitForRunning(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
