// Step 4: open an incident for each anomaly of severity HIGH or CRITICAL that has none (and was not
// labelled a false positive). Incident.anomalyId is unique and the insert skips duplicates, so an
// anomaly never gets two incidents. Work: anomalies detected since the last successful cycle
// started, minus LOOKBACK_OVERLAP for transactions that committed late (index severity,
// detectedAt), anti-joined with Incident; the first cycle ever reads them all once.
import { db } from '../../../db/client.js';
import { publicId } from '../../../db/ids.js';
import type { Severity } from '../../../generated/prisma/enums.js';
import { recordAutoDone } from '../../approvals/actions.service.js';
import { BATCH_SIZE, CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally, yieldToEventLoop } from './step.js';

const SEVERE: Severity[] = ['HIGH', 'CRITICAL'];
const LOOKBACK_OVERLAP_MS = 60 * 60_000;

/** Anomalies older than the last successful run's start (less the overlap) were already handled. */
async function handledBefore(context: StepContext): Promise<Date | undefined> {
  const last = await db().autoCycleRun.findFirst({
    where: { status: 'SUCCEEDED', id: { not: context.runId } },
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  return last ? new Date(last.startedAt.getTime() - LOOKBACK_OVERLAP_MS) : undefined;
}

interface SevereAnomaly {
  id: string;
  source: string;
  metricType: string;
  value: number;
  threshold: number;
  severity: Severity;
  detectedAt: Date;
}

async function openOne(context: StepContext, anomaly: SevereAnomaly, tally: StepTally) {
  const ratio = anomaly.threshold > 0 ? Math.round((anomaly.value / anomaly.threshold) * 100) / 100 : null;
  const title = `[${anomaly.severity}] ${anomaly.metricType} on ${anomaly.source}: ${anomaly.value} (threshold ${anomaly.threshold})`;
  const opened = await db().$transaction(async (tx) => {
    const id = publicId('INC');
    const { count } = await tx.incident.createMany({ data: [{ id, title, severity: anomaly.severity, anomalyId: anomaly.id }], skipDuplicates: true });
    if (count === 0) return false;
    await recordAutoDone(tx, {
      actionType: 'OPEN_INCIDENT',
      description: `Opened ${id} for ${anomaly.id}: ${anomaly.metricType} on ${anomaly.source} was ${anomaly.value}, ${ratio ?? '?'}× its threshold ${anomaly.threshold} (severity ${anomaly.severity})`,
      target: anomaly.id,
      result: { incidentId: id, anomalyId: anomaly.id, severity: anomaly.severity, value: anomaly.value, threshold: anomaly.threshold },
      sourceKey: `incident:${anomaly.id}`,
      cycleRunId: context.runId,
      actor: CYCLE_ACTOR,
    });
    return true;
  });
  if (opened) tally.processed++;
}

export const openIncidentsStep: CycleStep = {
  name: 'openIncidents',
  async run(context, tally) {
    const since = await handledBefore(context);
    let cursor: { detectedAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await db().anomaly.findMany({
        where: {
          severity: { in: SEVERE },
          ...(since ? { detectedAt: { gte: since } } : {}),
          incident: { is: null },
          AND: [
            { OR: [{ outcome: null }, { outcome: 'TRUE_POSITIVE' }] },
            cursor ? { OR: [{ detectedAt: { gt: cursor.detectedAt } }, { detectedAt: cursor.detectedAt, id: { gt: cursor.id } }] } : {},
          ],
        },
        select: { id: true, source: true, metricType: true, value: true, threshold: true, severity: true, detectedAt: true },
        orderBy: [{ detectedAt: 'asc' }, { id: 'asc' }],
        take: BATCH_SIZE,
      });
      for (const anomaly of batch) {
        await openOne(context, anomaly, tally);
        await yieldToEventLoop();
      }
      if (batch.length < BATCH_SIZE) break;
      cursor = batch[batch.length - 1];
    }
  },
};
