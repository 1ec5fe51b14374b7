// Anomalies: reportMetric judges a value against its detector's adapted threshold; reads.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId, publicIdPattern } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { Anomaly, Prisma } from '../../generated/prisma/client.js';
import { parseInput, requiredText } from '../../validation.js';
import { severityOf } from './calibration.js';
import type { Severity } from '../../generated/prisma/enums.js';

/** Public anomaly id: see src/db/ids.ts. */
export const ANOMALY_ID = publicIdPattern('ANM');

export const SEVERITY_ORDER: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function anomaliesWhere(
  viewer: Viewer | null,
  filter: { source?: string | null; metricType?: string | null; minSeverity?: Severity | null },
): Prisma.AnomalyWhereInput {
  requirePermission(viewer, 'ops:read');
  return {
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.metricType ? { metricType: filter.metricType } : {}),
    ...(filter.minSeverity ? { severity: { in: SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(filter.minSeverity)) } } : {}),
  };
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
export async function reportMetric(viewer: Viewer | null, rawInput: z.input<typeof MetricSchema>): Promise<Anomaly | null> {
  requirePermission(viewer, 'learning:write');
  const input = parseInput(MetricSchema, rawInput);
  const threshold = await db().threshold.findUnique({ where: { source_metricType: { source: input.source, metricType: input.metricType } } });
  if (!threshold) throw new NotFoundError('Threshold', `${input.source}/${input.metricType}`);
  const severity = severityOf(input.value, threshold.adaptedThreshold);
  if (!severity) return null;
  return db().anomaly.create({
    data: {
      id: publicId('ANM'),
      source: input.source,
      metricType: input.metricType,
      value: input.value,
      threshold: threshold.adaptedThreshold,
      thresholdId: threshold.id,
      severity,
    },
  });
}
