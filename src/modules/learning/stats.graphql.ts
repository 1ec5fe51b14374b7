// learningStats: LearningStats and its parts.
import { builder } from '../../graphql/builder.js';
import { learningStats, type LearningStats } from './stats.service.js';

const scopes = { permission: 'ops:read' } as const;

const PatternStats = builder.objectRef<LearningStats['patterns']>('PatternStats').implement({
  description: 'Recurrence patterns.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total'),
    recurring: t.exposeInt('recurring', { description: 'Patterns seen more than once.' }),
    escalated: t.exposeInt('escalated'),
    requestsObserved: t.exposeInt('requestsObserved', { description: 'Requests counted on any pattern.' }),
    recurrenceRate: t.exposeFloat('recurrenceRate', { nullable: true, description: 'recurring / total.' }),
    repeatRequestRate: t.exposeFloat('repeatRequestRate', { nullable: true, description: 'Share of requests that repeated an earlier pattern.' }),
    escalationRate: t.exposeFloat('escalationRate', { nullable: true, description: 'escalated / total.' }),
  }),
});

const ProblemStats = builder.objectRef<LearningStats['problems']>('ProblemStats').implement({
  description: 'Problems opened by escalation.',
  authScopes: scopes,
  fields: (t) => ({ total: t.exposeInt('total'), open: t.exposeInt('open') }),
});

const FeedbackStats = builder.objectRef<LearningStats['feedback']>('FeedbackStats').implement({
  description: 'Solution feedback and its effectiveness.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total'),
    checked: t.exposeInt('checked'),
    pending: t.exposeInt('pending'),
    effective: t.exposeInt('effective', { description: 'Checked, and the pattern did not recur.' }),
    ineffective: t.exposeInt('ineffective', { description: 'Checked, and the pattern recurred.' }),
    effectiveRate: t.exposeFloat('effectiveRate', { nullable: true }),
    meanEffectiveness: t.exposeFloat('meanEffectiveness', { nullable: true }),
  }),
});

const ThresholdStats = builder.objectRef<LearningStats['thresholds']>('ThresholdStats').implement({
  description: 'Adaptive thresholds and their labelled outcomes, across all detectors.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total'),
    adapted: t.exposeInt('adapted', { description: 'Thresholds calibrated at least once.' }),
    adjustments: t.exposeInt('adjustments', { description: 'Logged threshold changes.' }),
    truePositive: t.exposeInt('truePositive'),
    falsePositive: t.exposeInt('falsePositive'),
    missedCount: t.exposeInt('missedCount'),
    precision: t.exposeFloat('precision', { nullable: true, description: 'TP / (TP + FP).' }),
    recall: t.exposeFloat('recall', { nullable: true, description: 'TP / (TP + missed).' }),
  }),
});

const AnomalyStats = builder.objectRef<LearningStats['anomalies']>('AnomalyStats').implement({
  description: 'Anomalies from reported metrics.',
  authScopes: scopes,
  fields: (t) => ({ total: t.exposeInt('total'), highOrCritical: t.exposeInt('highOrCritical') }),
});

const LessonStats = builder.objectRef<LearningStats['lessons']>('LessonStats').implement({
  description: 'Lessons learned.',
  authScopes: scopes,
  fields: (t) => ({
    total: t.exposeInt('total'),
    verified: t.exposeInt('verified'),
    failureLessons: t.exposeInt('failureLessons'),
    meanConfidence: t.exposeFloat('meanConfidence', { nullable: true }),
  }),
});

const LearningStatsType = builder.objectRef<LearningStats>('LearningStats').implement({
  description: 'Counts and rates across the learning loop.',
  authScopes: scopes,
  fields: (t) => ({
    patterns: t.field({ type: PatternStats, resolve: (stats) => stats.patterns }),
    problems: t.field({ type: ProblemStats, resolve: (stats) => stats.problems }),
    feedback: t.field({ type: FeedbackStats, resolve: (stats) => stats.feedback }),
    thresholds: t.field({ type: ThresholdStats, resolve: (stats) => stats.thresholds }),
    anomalies: t.field({ type: AnomalyStats, resolve: (stats) => stats.anomalies }),
    lessons: t.field({ type: LessonStats, resolve: (stats) => stats.lessons }),
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
