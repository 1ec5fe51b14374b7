// The product's own metrics, for an ops dashboard: counters follow the live events as this
// replica publishes them (sum them across replicas); gauges are read through the owning modules
// when Prometheus scrapes. A failing read leaves its gauge out of that scrape instead of failing it.
import type { EventBus } from '../events/pubsub.js';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

export interface DomainReads {
  /** Actions waiting for a decision now. */
  pendingApprovals(): Promise<number>;
  /** Ops-channel notifications by delivery status. */
  outbox(): Promise<{ pending: number; sent: number; failed: number }>;
  /** A finished cycle run: its status, duration and per-step tallies. */
  cycleRun(runId: string): Promise<{ status: string; durationMs: number | null; steps: Array<{ name: string; processed: number; leftForHuman: number }> }>;
}

export function registerDomainMetrics(rt: { metrics: Metrics; events: EventBus; logger: Logger }, reads: DomainReads): void {
  const { metrics, logger } = rt;
  const guarded = async <T>(name: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      logger.warn({ err: error, metric: name }, 'metric could not be read');
      return undefined;
    }
  };
  metrics.gauge('opsloop_approvals_pending', 'Actions waiting in the approval queue.', [], async () => {
    const pending = await guarded('opsloop_approvals_pending', reads.pendingApprovals);
    return pending === undefined ? [] : [{ value: pending }];
  });
  metrics.gauge('opsloop_webhook_outbox', 'Ops-channel notifications by status (PENDING backlog, FAILED for good, SENT).', ['status'], async () => {
    const outbox = await guarded('opsloop_webhook_outbox', reads.outbox);
    if (!outbox) return [];
    return [
      { labels: { status: 'PENDING' }, value: outbox.pending },
      { labels: { status: 'FAILED' }, value: outbox.failed },
      { labels: { status: 'SENT' }, value: outbox.sent },
    ];
  });

  rt.events.onPublish((topic, payload) => {
    if (topic === 'approvalQueue:changed') {
      const { kind } = payload as { kind: string };
      if (kind === 'SUBMITTED') metrics.submissionsPending.inc();
      else if (kind === 'APPROVED' || kind === 'REJECTED') metrics.decisions.inc({ outcome: kind });
      else if (kind === 'EXPIRED') metrics.expirations.inc();
      else if (kind === 'ESCALATED') metrics.escalations.inc();
      else if (kind === 'EXTENDED') metrics.extensions.inc();
    } else if (topic === 'threshold:calibrated') {
      metrics.calibrations.inc();
    } else if (topic === 'autoCycle:completed') {
      void guarded('opsloop_auto_cycle', async () => {
        const run = await reads.cycleRun((payload as { runId: string }).runId);
        metrics.cycleRuns.inc({ status: run.status });
        if (run.durationMs !== null) metrics.cycleDuration.observe(run.durationMs / 1000);
        for (const step of run.steps) {
          metrics.cycleItems.inc({ step: step.name, outcome: 'processed' }, step.processed);
          metrics.cycleItems.inc({ step: step.name, outcome: 'leftForHuman' }, step.leftForHuman);
        }
      });
    }
  });
}
