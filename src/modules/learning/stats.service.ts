// learningStats: counts and rates across patterns, problems, feedback, thresholds, anomalies, lessons.
// Aggregates run in the database (counts and sums), never by loading rows.
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { precisionOf, recallOf } from './calibration.js';

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
const rate = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));

export async function learningStats(viewer: Viewer | null) {
  requirePermission(viewer, 'ops:read');
  const client = db();
  const [patterns, recurring, escalated, occurrences, openProblems, problems] = await Promise.all([
    client.pattern.count(),
    client.pattern.count({ where: { occurrenceCount: { gt: 1 } } }),
    client.pattern.count({ where: { escalated: true } }),
    client.pattern.aggregate({ _sum: { occurrenceCount: true } }),
    client.problem.count({ where: { status: 'OPEN' } }),
    client.problem.count(),
  ]);
  const [feedbacks, checked, scored, recurred, meanScore] = await Promise.all([
    client.feedback.count(),
    client.feedback.count({ where: { checkedAt: { not: null } } }),
    client.feedback.count({ where: { checkedAt: { not: null }, effectivenessScore: { not: null } } }),
    client.feedback.count({ where: { checkedAt: { not: null }, recurredWithinDays: { not: null } } }),
    client.feedback.aggregate({ where: { checkedAt: { not: null } }, _avg: { effectivenessScore: true } }),
  ]);
  const [thresholds, adapted, outcomeSums, adjustments, anomalies, severe] = await Promise.all([
    client.threshold.count(),
    client.threshold.count({ where: { adaptationCount: { gt: 0 } } }),
    client.threshold.aggregate({ _sum: { truePositive: true, falsePositive: true, missedCount: true } }),
    client.thresholdAdjustment.count(),
    client.anomaly.count(),
    client.anomaly.count({ where: { severity: { in: ['HIGH', 'CRITICAL'] } } }),
  ]);
  const [lessons, verified, failureLessons, confidence] = await Promise.all([
    client.lesson.count(),
    client.lesson.count({ where: { isVerified: true } }),
    client.lesson.count({ where: { isFailure: true } }),
    client.lesson.aggregate({ _avg: { confidenceScore: true } }),
  ]);
  const counts = {
    truePositive: outcomeSums._sum.truePositive ?? 0,
    falsePositive: outcomeSums._sum.falsePositive ?? 0,
    missedCount: outcomeSums._sum.missedCount ?? 0,
  };
  const requestsObserved = occurrences._sum.occurrenceCount ?? 0;
  return {
    patterns: {
      total: patterns,
      recurring,
      escalated,
      requestsObserved,
      recurrenceRate: rate(recurring, patterns),
      repeatRequestRate: rate(requestsObserved - patterns, requestsObserved),
      escalationRate: rate(escalated, patterns),
    },
    problems: { total: problems, open: openProblems },
    feedback: {
      total: feedbacks,
      checked,
      pending: feedbacks - checked,
      effective: scored - recurred,
      ineffective: recurred,
      effectiveRate: rate(scored - recurred, scored),
      meanEffectiveness: round(meanScore._avg.effectivenessScore),
    },
    thresholds: {
      total: thresholds,
      adapted,
      adjustments,
      ...counts,
      precision: round(precisionOf(counts)),
      recall: round(recallOf(counts)),
    },
    anomalies: { total: anomalies, highOrCritical: severe },
    lessons: { total: lessons, verified, failureLessons, meanConfidence: round(confidence._avg.confidenceScore) },
  };
}

export type LearningStats = Awaited<ReturnType<typeof learningStats>>;
