// Runs jobs exclusively: on PostgreSQL each run takes an advisory lock, so with several replicas a
// job runs on one of them at a time (a replica that dies drops its lock with its connection); in
// this process, runs of one job never overlap. One runner per runtime.
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { tryWithPostgresLock } from '../db/advisory-lock.js';
import type { Logger } from '../logger.js';

export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

export class JobRunner {
  private readonly running = new Set<string>();

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly logger: Logger,
    private readonly tracer: Tracer,
  ) {}

  /** Runs `work` under the lock `name`; `{ ran: false }` when another run (here or elsewhere) holds it. */
  async runExclusively<T>(name: string, work: () => Promise<T>): Promise<ExclusiveRun<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      const traced = () => this.traced(name, work);
      if (this.databaseUrl) return await tryWithPostgresLock(this.databaseUrl, `job:${name}`, traced, this.logger);
      return { ran: true, value: await traced() };
    } finally {
      this.running.delete(name);
    }
  }

  /** One span per run that got its lock ("job auto-cycle", …). */
  private traced<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(`job ${name}`, async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** Waits (bounded) for runs in progress — scheduled or triggered by hand — to finish. */
  async waitForRunning(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
