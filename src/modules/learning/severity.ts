// Severity of a reported value against its detector's threshold (pure: no database, no GraphQL):
// from 1× the threshold MEDIUM, from 1.25× HIGH, from 1.5× CRITICAL; under it, no anomaly.
import type { Severity } from '../../generated/prisma/enums.js';

/** Severity of a value judged against a threshold; null when under it. */
export function severityOf(value: number, threshold: number): Severity | null {
  if (value < threshold) return null;
  const ratio = value / threshold;
  if (ratio >= 1.5) return 'CRITICAL';
  if (ratio >= 1.25) return 'HIGH';
  return 'MEDIUM';
}
