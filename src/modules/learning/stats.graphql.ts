// learningStats: LearningStats and its parts.
import { builder } from '../../graphql/builder.js';
import { learningStats, type LearningStats } from './stats.service.js';

const scopes = { permission: 'ops:read' } as const;

const PatternStats = builder.objectRef<LearningStats['patterns']>('PatternStats').implement({
  description: 'Recurrence patterns.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Patterns.' }),
    recurring: t.exposeInt('recurring', { description: 'Patterns seen more than once.' }),
    escalated: t.exposeInt('escalated', { description: 'Patterns that escalated to a problem.' }),
    requestsObserved: t.exposeInt('requestsObserved', { description: 'Requests counted on any pattern.' }),
    recurrenceRate: t.exposeFloat('recurrenceRate', { nullable: true, description: 'recurring / total.' }),
    repeatRequestRate: t.exposeFloat('repeatRequestRate', { nullable: true, description: 'Share of requests that repeated an earlier pattern.' }),
    escalationRate: t.exposeFloat('escalationRate', { nullable: true, description: 'escalated / total.' }),
  }),
});

const ProblemStats = builder.objectRef<LearningStats['problems']>('ProblemStats').implement({
  description: 'Problems opened by escalation.',
  authScopes: scopes,
  fields: (t) => ({ total: t.exposeInt('total', { description: 'Problems.' }), open: t.exposeInt('open', { description: 'Problems still OPEN.' }) }),
});

const FeedbackStats = builder.objectRef<LearningStats['feedback']>('FeedbackStats').implement({
  description: 'Solution feedback and its effectiveness.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Feedback records.' }),
    checked: t.exposeInt('checked', { description: 'Checked for recurrence.' }),
    pending: t.exposeInt('pending', { description: 'Not checked yet.' }),
    effective: t.exposeInt('effective', { description: 'Checked, and the pattern did not recur.' }),
    ineffective: t.exposeInt('ineffective', { description: 'Checked, and the pattern recurred.' }),
    effectiveRate: t.exposeFloat('effectiveRate', { nullable: true, description: 'effective / checked (null before any check).' }),
    meanEffectiveness: t.exposeFloat('meanEffectiveness', { nullable: true, description: 'Mean effectivenessScore of the checked ones.' }),
  }),
});

const ThresholdStats = builder.objectRef<LearningStats['thresholds']>('ThresholdStats').implement({
  description: 'Adaptive thresholds and their labelled outcomes, across all detectors.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Thresholds.' }),
    adapted: t.exposeInt('adapted', { description: 'Thresholds calibrated at least once.' }),
    adjustments: t.exposeInt('adjustments', { description: 'Logged threshold changes.' }),
    truePositive: t.exposeInt('truePositive', { description: 'Detections labelled real incidents.' }),
    falsePositive: t.exposeInt('falsePositive', { description: 'Detections labelled false alarms.' }),
    missedCount: t.exposeInt('missedCount', { description: 'Incidents no detector flagged.' }),
    precision: t.exposeFloat('precision', { nullable: true, description: 'TP / (TP + FP).' }),
    recall: t.exposeFloat('recall', { nullable: true, description: 'TP / (TP + missed).' }),
  }),
});

const AnomalyStats = builder.objectRef<LearningStats['anomalies']>('AnomalyStats').implement({
  description: 'Anomalies from reported metrics.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Anomalies.' }),
    highOrCritical: t.exposeInt('highOrCritical', { description: 'Anomalies of severity HIGH or CRITICAL.' }),
  }),
});

const LessonStats = builder.objectRef<LearningStats['lessons']>('LessonStats').implement({
  description: 'Lessons learned.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Lessons.' }),
    verified: t.exposeInt('verified', { description: 'Verified lessons.' }),
    failureLessons: t.exposeInt('failureLessons', { description: 'Lessons about a failing operation (they raise its risk).' }),
    meanConfidence: t.exposeFloat('meanConfidence', { nullable: true, description: 'Mean confidenceScore (null without lessons).' }),
  }),
});

const LearningStatsType = builder.objectRef<LearningStats>('LearningStats').implement({
  description: 'Counts and rates across the learning loop.',
  authScopes: scopes,
  fields: (t) => ({
    patterns: t.field({ type: PatternStats, description: 'Recurrence patterns.', resolve: (stats) => stats.patterns }),
    problems: t.field({ type: ProblemStats, description: 'Problems.', resolve: (stats) => stats.problems }),
    feedback: t.field({ type: FeedbackStats, description: 'Solution feedback.', resolve: (stats) => stats.feedback }),
    thresholds: t.field({ type: ThresholdStats, description: 'Adaptive thresholds.', resolve: (stats) => stats.thresholds }),
    anomalies: t.field({ type: AnomalyStats, description: 'Anomalies.', resolve: (stats) => stats.anomalies }),
    lessons: t.field({ type: LessonStats, description: 'Lessons learned.', resolve: (stats) => stats.lessons }),
  }),
});

builder.queryField('learningStats', (t) =>
  t.field({
    type: LearningStatsType,
    description: 'Counts and rates across patterns, escalations, feedback effectiveness, thresholds and lessons.',
    authScopes: scopes,
    resolve: (_root, _args, context) => learningStats(context.runtime),
  }),
);
