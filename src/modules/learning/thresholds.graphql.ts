// Adaptive thresholds: Threshold, CalibrationEvent; thresholds, setThreshold, recordAnomalyOutcome,
// recordMissedDetection, calibrateThreshold, calibrateAllThresholds, thresholdCalibrated.
import { builder } from '../../graphql/builder.js';
import { precisionOf, recallOf } from './calibration.js';
import { calibrateAllThresholds, calibrateThreshold, type CalibrateAllResult, type CalibrationResult } from './threshold-calibration.service.js';
import {
  calibratedAdjustment,
  countThresholds,
  listThresholds,
  recordAnomalyOutcome,
  recordMissedDetection,
  setThreshold,
} from './thresholds.service.js';

export const ThresholdType = builder.prismaNode('Threshold', {
  description: 'An adaptive anomaly threshold of one detector (source, metricType), with its labelled outcomes.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'THR-<number> (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The detector (host, service, probe).' }),
    metricType: t.exposeString('metricType', { description: 'What it measures.' }),
    baseThreshold: t.exposeFloat('baseThreshold', { description: 'Configured value; calibration stays within 0.5×–2× of it.' }),
    adaptedThreshold: t.exposeFloat('adaptedThreshold', { description: 'The value reported metrics are judged against.' }),
    changePct: t.exposeFloat('changePct', { description: 'Adapted relative to base, in percent.' }),
    truePositive: t.exposeInt('truePositive', { description: 'Detections labelled real incidents.' }),
    falsePositive: t.exposeInt('falsePositive', { description: 'Detections labelled false alarms.' }),
    missedCount: t.exposeInt('missedCount', { description: 'Incidents it did not flag.' }),
    adaptationCount: t.exposeInt('adaptationCount', { description: 'How many times calibration moved it.' }),
    lastAdaptedAt: t.expose('lastAdaptedAt', { type: 'DateTime', nullable: true, description: 'When calibration last moved it.' }),
    precision: t.float({ nullable: true, description: 'TP / (TP + FP); null before any labelled detection.', resolve: (threshold) => precisionOf(threshold) }),
    recall: t.float({ nullable: true, description: 'TP / (TP + missed); null before any real incident.', resolve: (threshold) => recallOf(threshold) }),
    adjustments: t.relation('adjustments', {
      description: 'Every change of the adapted threshold, newest first (at most 100).',
      args: { first: t.arg.int({ required: false, defaultValue: 20, description: 'How many (default 20, at most 100).' }) },
      query: (args) => ({ orderBy: [{ at: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(args.first ?? 20, 0), 100) }),
    }),
  }),
});

export const CalibrationEventType = builder.prismaObject('ThresholdAdjustment', {
  name: 'CalibrationEvent',
  description: 'One change of a threshold: old and new value, why, who, and the outcome counts at that moment.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Entry number (an entry of Threshold.adjustments, not a Node).' }),
    at: t.expose('at', { type: 'DateTime', description: 'When it changed.' }),
    threshold: t.relation('threshold', { description: 'The threshold that changed.' }),
    previousThreshold: t.exposeFloat('previousThreshold', { description: 'The adapted value before.' }),
    newThreshold: t.exposeFloat('newThreshold', { description: 'The adapted value after.' }),
    reason: t.exposeString('reason', { description: 'Why it moved (imbalance of outcomes, or a new base).' }),
    actor: t.exposeString('actor', { description: 'Username, or system:<job> for the daily calibration.' }),
    truePositive: t.exposeInt('truePositive', { description: 'True positives at that moment.' }),
    falsePositive: t.exposeInt('falsePositive', { description: 'False positives at that moment.' }),
    missedCount: t.exposeInt('missedCount', { description: 'Missed detections at that moment.' }),
  }),
});

const CalibrationResultType = builder.objectRef<CalibrationResult>('CalibrationResult').implement({
  description: 'What one calibration decided: adjusted or not, and why.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    threshold: t.field({ type: ThresholdType, description: 'The threshold, after calibration.', resolve: (result) => result.threshold }),
    adjusted: t.exposeBoolean('adjusted', { description: 'Whether it moved.' }),
    previousThreshold: t.exposeFloat('previousThreshold', { description: 'The adapted value before.' }),
    newThreshold: t.exposeFloat('newThreshold', { description: 'The adapted value after (equal when it did not move).' }),
    reason: t.exposeString('reason', { description: 'Why it moved, or why it did not (too few outcomes, balanced, at bound).' }),
    event: t.field({
      type: CalibrationEventType,
      nullable: true,
      description: 'The stored adjustment, when it moved.',
      resolve: (result) => result.adjustment,
    }),
  }),
});

const CalibrateAllResultType = builder
  .objectRef<CalibrateAllResult>('CalibrateAllResult')
  .implement({
    description: 'Result of calibrating every threshold.',
    authScopes: { permission: 'ops:read' },
    fields: (t) => ({
      examined: t.exposeInt('examined', { description: 'Thresholds looked at.' }),
      calibrated: t.exposeInt('calibrated', { description: 'Thresholds that moved (the true count).' }),
      results: t.field({
        type: [CalibrationResultType],
        description: 'The thresholds that moved, in id order: at most 100 (calibrated is the true count; Threshold.adjustments keeps every change).',
        resolve: (result) => result.results,
      }),
    }),
  });

const DetectorInput = builder.inputType('DetectorInput', {
  description: 'A detector: the (source, metricType) a threshold belongs to.',
  fields: (t) => ({
    source: t.string({ required: true, description: 'The detector (host, service, probe).' }),
    metricType: t.string({ required: true, description: 'What it measures.' }),
  }),
});

const SetThresholdInput = builder.inputType('SetThresholdInput', {
  description: 'Creates a threshold or changes its base (the adapted value resets to the new base).',
  fields: (t) => ({
    source: t.string({ required: true, description: 'The detector (host, service, probe).' }),
    metricType: t.string({ required: true, description: 'What it measures.' }),
    baseThreshold: t.float({ required: true, description: 'Greater than 0.' }),
  }),
});

const AnomalyOutcomeInput = builder.inputType('AnomalyOutcomeInput', {
  description: 'A labelled detection: was it a real incident?',
  fields: (t) => ({
    source: t.string({ required: true, description: 'The detector (host, service, probe).' }),
    metricType: t.string({ required: true, description: 'What it measures.' }),
    wasActualIncident: t.boolean({ required: true, description: 'true: a real incident (true positive); false: a false alarm.' }),
    baseThreshold: t.float({ required: false, description: 'Creates the threshold with this base when it does not exist yet.' }),
    anomalyId: t.id({ required: false, description: 'Labels this anomaly (ANM-…) too; relabelling moves its count.' }),
  }),
});

builder.queryField('thresholds', (t) =>
  t.prismaConnection({
    type: 'Threshold',
    cursor: 'id',
    totalCount: (_parent, args, context) => countThresholds(context.runtime, args),
    description: 'Adaptive thresholds, most adapted first.',
    authScopes: { permission: 'ops:read' },
    args: {
      source: t.arg.string({ required: false, description: 'Only this detector source.' }),
      metricType: t.arg.string({ required: false, description: 'Only this metric type.' }),
      adaptedOnly: t.arg.boolean({ required: false, defaultValue: false, description: 'Only thresholds calibrated at least once.' }),
    },
    resolve: (query, _root, args, context) => listThresholds(context.runtime, args, query),
  }),
);

builder.mutationField('setThreshold', (t) =>
  t.prismaField({
    type: 'Threshold',
    description: 'Creates a detector threshold or sets a new base (logged as an adjustment when the value changes). Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (not greater than 0).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: SetThresholdInput, required: true, description: 'The detector and its base.' }) },
    resolve: (query, _root, { input }, context) => setThreshold(context.runtime, context.viewer!, input, query),
  }),
);

builder.mutationField('recordAnomalyOutcome', (t) =>
  t.prismaField({
    type: 'Threshold',
    description:
      'Counts a detection as a true or false positive (optionally labelling one anomaly). Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (no threshold yet and no baseThreshold; an anomaly of another detector), NOT_FOUND (the anomaly).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: AnomalyOutcomeInput, required: true, description: 'The labelled detection.' }) },
    resolve: (query, _root, { input }, context) => recordAnomalyOutcome(context.runtime, input, query),
  }),
);

builder.mutationField('recordMissedDetection', (t) =>
  t.prismaField({
    type: 'Threshold',
    description: 'Counts an incident the detector did not flag. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), NOT_FOUND (the detector has no threshold).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: DetectorInput, required: true, description: 'The detector.' }) },
    resolve: (query, _root, { input }, context) => recordMissedDetection(context.runtime, input, query),
  }),
);

builder.mutationField('calibrateThreshold', (t) =>
  t.field({
    type: CalibrationResultType,
    description: 'Calibrates one threshold from the outcomes since its last adjustment. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), NOT_FOUND (the detector has no threshold).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: DetectorInput, required: true, description: 'The detector.' }) },
    resolve: (_root, { input }, context) => calibrateThreshold(context.runtime, context.viewer!, input),
  }),
);

builder.mutationField('calibrateAllThresholds', (t) =>
  t.field({
    type: CalibrateAllResultType,
    description: 'Calibrates every threshold (ADMIN; also runs daily). Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN).',
    authScopes: { permission: 'admin:operate' },
    resolve: (_root, _args, context) => calibrateAllThresholds(context.runtime, context.viewer!),
  }),
);

builder.subscriptionField('thresholdCalibrated', (t) =>
  t.prismaField({
    type: 'ThresholdAdjustment',
    description: 'A threshold was adjusted: old and new value, and why.',
    authScopes: { permission: 'ops:read' },
    subscribe: (_root, _args, context) => context.runtime.events.subscribe('threshold:calibrated'),
    resolve: (query, payload, _args, context) => calibratedAdjustment(context.runtime, (payload as { adjustmentId: number }).adjustmentId, query),
  }),
);
