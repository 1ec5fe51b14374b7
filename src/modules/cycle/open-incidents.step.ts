// Step 4: open an incident for each anomaly of severity HIGH or CRITICAL that has none (and was not
// labelled a false positive). Incident.anomalyId is unique and the insert skips duplicates, so an
// anomaly never gets two incidents. Work: anomalies detected since the last successful cycle
// started, minus LOOKBACK_OVERLAP for transactions that committed late (index severity,
// detectedAt), anti-joined with Incident (read through learning); the first cycle ever reads them all once.
import type { Severity } from '../../generated/prisma/enums.js';
import { openIncidentForAnomaly } from '../itsm/incidents.service.js';
import { listAnomaliesForIncidents } from '../learning/anomalies.service.js';
import { lastSucceededRunStart } from './cycle-runs.service.js';
import { actOnce, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

const SEVERE: Severity[] = ['HIGH', 'CRITICAL'];
const LOOKBACK_OVERLAP_MS = 60 * 60_000;

/** Anomalies older than the last successful run's start (less the overlap) were already handled. */
async function handledBefore(context: StepContext): Promise<Date | undefined> {
  const last = await lastSucceededRunStart(context.rt, { excluding: context.runId });
  return last ? new Date(last.getTime() - LOOKBACK_OVERLAP_MS) : undefined;
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

function openOne(context: StepContext, anomaly: SevereAnomaly, tally: StepTally) {
  const ratio = anomaly.threshold > 0 ? Math.round((anomaly.value / anomaly.threshold) * 100) / 100 : null;
  const title = `[${anomaly.severity}] ${anomaly.metricType} on ${anomaly.source}: ${anomaly.value} (threshold ${anomaly.threshold})`;
  return actOnce(context, tally, async (tx, now) => {
    const id = await openIncidentForAnomaly(tx, { anomalyId: anomaly.id, title, severity: anomaly.severity, openedAt: now });
    if (!id) return null;
    return {
      actionType: 'OPEN_INCIDENT',
      description: `Opened ${id} for ${anomaly.id}: ${anomaly.metricType} on ${anomaly.source} was ${anomaly.value}, ${ratio ?? '?'}× its threshold ${anomaly.threshold} (severity ${anomaly.severity})`,
      target: anomaly.id,
      result: { incidentId: id, anomalyId: anomaly.id, severity: anomaly.severity, value: anomaly.value, threshold: anomaly.threshold },
      sourceKey: `incident:${anomaly.id}`,
    };
  });
}

export const openIncidentsStep: CycleStep = {
  name: 'openIncidents',
  async run(context, tally) {
    const since = await handledBefore(context);
    await forEachWorkItem(
      context,
      tally,
      (after: { detectedAt: Date; id: string } | undefined, take: number) =>
        listAnomaliesForIncidents(context.rt, { severities: SEVERE, detectedSince: since, after, take }),
      (anomaly: SevereAnomaly) => ({ detectedAt: anomaly.detectedAt, id: anomaly.id }),
      (anomaly) => openOne(context, anomaly, tally),
    );
  },
};
