// Anomalies: reads (reportMetric, which writes them, lives with the thresholds it judges against).
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Severity } from '../../generated/prisma/enums.js';

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
