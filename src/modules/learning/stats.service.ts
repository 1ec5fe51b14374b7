// learningStats: counts and rates across patterns, problems, feedback, thresholds, anomalies, lessons
// (all learning's own tables). Aggregates run in the database (counts and sums), never by loading rows.
import type { Db } from '../../db/client.js';
import type { Runtime } from '../../runtime.js';
import { precisionOf, recallOf } from './calibration.js';

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
/** part / whole to 3 decimals; null when there is nothing to measure. */
export const rate = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));

async function patternStats(db: Db) {
  const [total, recurring, escalated, occurrences] = await Promise.all([
    db.pattern.count(),
    db.pattern.count({ where: { occurrenceCount: { gt: 1 } } }),
    db.pattern.count({ where: { escalated: true } }),
    db.pattern.aggregate({ _sum: { occurrenceCount: true } }),
  ]);
  const requestsObserved = occurrences._sum.occurrenceCount ?? 0;
  return {
    total,
    recurring,
    escalated,
    requestsObserved,
    recurrenceRate: rate(recurring, total),
    repeatRequestRate: rate(requestsObserved - total, requestsObserved),
    escalationRate: rate(escalated, total),
  };
}

async function problemStats(db: Db) {
  const [total, open] = await Promise.all([db.problem.count(), db.problem.count({ where: { status: 'OPEN' } })]);
  return { total, open };
}

async function feedbackStats(db: Db) {
  const [total, checked, scored, recurred, meanScore] = await Promise.all([
    db.feedback.count(),
    db.feedback.count({ where: { checkedAt: { not: null } } }),
    db.feedback.count({ where: { checkedAt: { not: null }, effectivenessScore: { not: null } } }),
    db.feedback.count({ where: { checkedAt: { not: null }, recurredWithinDays: { not: null } } }),
    db.feedback.aggregate({ where: { checkedAt: { not: null } }, _avg: { effectivenessScore: true } }),
  ]);
  return {
    total,
    checked,
    pending: total - checked,
    effective: scored - recurred,
    ineffective: recurred,
    effectiveRate: rate(scored - recurred, scored),
    meanEffectiveness: round(meanScore._avg.effectivenessScore),
  };
}

async function thresholdStats(db: Db) {
  const [total, adapted, outcomeSums, adjustments] = await Promise.all([
    db.threshold.count(),
    db.threshold.count({ where: { adaptationCount: { gt: 0 } } }),
    db.threshold.aggregate({ _sum: { truePositive: true, falsePositive: true, missedCount: true } }),
    db.thresholdAdjustment.count(),
  ]);
  const counts = {
    truePositive: outcomeSums._sum.truePositive ?? 0,
    falsePositive: outcomeSums._sum.falsePositive ?? 0,
    missedCount: outcomeSums._sum.missedCount ?? 0,
  };
  return { total, adapted, adjustments, ...counts, precision: round(precisionOf(counts)), recall: round(recallOf(counts)) };
}

async function anomalyStats(db: Db) {
  const [total, highOrCritical] = await Promise.all([db.anomaly.count(), db.anomaly.count({ where: { severity: { in: ['HIGH', 'CRITICAL'] } } })]);
  return { total, highOrCritical };
}

async function lessonStats(db: Db) {
  const [total, verified, failureLessons, confidence] = await Promise.all([
    db.lesson.count(),
    db.lesson.count({ where: { isVerified: true } }),
    db.lesson.count({ where: { isFailure: true } }),
    db.lesson.aggregate({ _avg: { confidenceScore: true } }),
  ]);
  return { total, verified, failureLessons, meanConfidence: round(confidence._avg.confidenceScore) };
}

/** GraphQL `learningStats` (`ops:read` on the field; no data-dependent rule). */
export async function learningStats(rt: Runtime) {
  const { db } = rt;
  return {
    patterns: await patternStats(db),
    problems: await problemStats(db),
    feedback: await feedbackStats(db),
    thresholds: await thresholdStats(db),
    anomalies: await anomalyStats(db),
    lessons: await lessonStats(db),
  };
}

export type LearningStats = Awaited<ReturnType<typeof learningStats>>;
