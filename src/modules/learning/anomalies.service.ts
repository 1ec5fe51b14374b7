// Anomalies: reportMetric judges a value against its detector's adapted threshold; reads, and the
// anomalies awaiting an incident for the auto cycle (which opens the incidents through itsm).
import { z } from 'zod';
import { publicId, publicIdPattern } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { Anomaly, Prisma } from '../../generated/prisma/client.js';
import type { Severity } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { severityOf } from './severity.js';

/** Public anomaly id: see src/db/ids.ts. */
export const ANOMALY_ID = publicIdPattern('ANM');

export const SEVERITY_ORDER: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export interface AnomalyFilter {
  source?: string | null;
  metricType?: string | null;
  minSeverity?: Severity | null;
}

type ListQuery = Omit<Prisma.AnomalyFindManyArgs, 'where' | 'orderBy'>;
type RowQuery = Pick<Prisma.AnomalyCreateArgs, 'include' | 'select'>;

export function anomaliesWhere(filter: AnomalyFilter): Prisma.AnomalyWhereInput {
  return {
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.metricType ? { metricType: filter.metricType } : {}),
    ...(filter.minSeverity ? { severity: { in: SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(filter.minSeverity)) } } : {}),
  };
}

/** Newest first (`ops:read` on the field; no data-dependent rule). */
export async function listAnomalies(rt: Runtime, filter: AnomalyFilter, query: ListQuery = {}): Promise<Anomaly[]> {
  return rt.db.anomaly.findMany({ ...query, where: anomaliesWhere(filter), orderBy: [{ detectedAt: 'desc' }, { id: 'desc' }] });
}

export async function countAnomalies(rt: Runtime, filter: AnomalyFilter): Promise<number> {
  return rt.db.anomaly.count({ where: anomaliesWhere(filter) });
}

const MetricSchema = z.object({
  source: requiredText(200),
  metricType: requiredText(200),
  value: z
    .number()
    .refine(Number.isFinite, 'must be a finite number')
    .refine((value) => value >= 0, 'must not be negative'),
});

/**
 * Judges a metric value against the detector's adapted threshold: under it → null (no anomaly);
 * otherwise an Anomaly with its severity and the threshold used. A detector without a threshold
 * is NOT_FOUND (configure it with setThreshold first): an unjudged value must not pass silently.
 */
export async function reportMetric(rt: Runtime, rawInput: z.input<typeof MetricSchema>, query: RowQuery = {}): Promise<Anomaly | null> {
  const input = parseInput(MetricSchema, rawInput);
  const threshold = await rt.db.threshold.findUnique({ where: { source_metricType: { source: input.source, metricType: input.metricType } } });
  if (!threshold) throw new NotFoundError('Threshold', `${input.source}/${input.metricType}`);
  const severity = severityOf(input.value, threshold.adaptedThreshold);
  if (!severity) return null;
  return rt.db.anomaly.create({
    ...query,
    data: {
      id: publicId('ANM'),
      source: input.source,
      metricType: input.metricType,
      value: input.value,
      threshold: threshold.adaptedThreshold,
      thresholdId: threshold.id,
      severity,
      detectedAt: rt.clock.now(),
    },
  });
}

/** An anomaly as the auto cycle's open-incidents step reads it. */
export interface AnomalyAwaitingIncident {
  id: string;
  source: string;
  metricType: string;
  value: number;
  threshold: number;
  severity: Severity;
  detectedAt: Date;
}

/**
 * Anomalies of the given severities without an incident, not labelled a false positive, oldest
 * first (index severity, detectedAt), in pages: `after` is the last row of the previous page;
 * `detectedSince` leaves out anomalies detected before it.
 */
export async function listAnomaliesForIncidents(
  rt: Runtime,
  options: { severities: Severity[]; detectedSince?: Date; after?: { detectedAt: Date; id: string }; take: number },
): Promise<AnomalyAwaitingIncident[]> {
  const { detectedSince: since, after } = options;
  return rt.db.anomaly.findMany({
    where: {
      severity: { in: options.severities },
      ...(since ? { detectedAt: { gte: since } } : {}),
      incident: { is: null },
      AND: [
        { OR: [{ outcome: null }, { outcome: 'TRUE_POSITIVE' }] },
        after ? { OR: [{ detectedAt: { gt: after.detectedAt } }, { detectedAt: after.detectedAt, id: { gt: after.id } }] } : {},
      ],
    },
    select: { id: true, source: true, metricType: true, value: true, threshold: true, severity: true, detectedAt: true },
    orderBy: [{ detectedAt: 'asc' }, { id: 'asc' }],
    take: options.take,
  });
}
