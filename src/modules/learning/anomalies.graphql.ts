// Anomalies: metric values judged over their adapted threshold. Anomaly, AnomalyOutcome; anomalies, reportMetric.
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { encodeGlobalId } from '../../graphql/global-ids.js';
import { SeverityEnum } from '../itsm/enums.graphql.js';
import { countAnomalies, listAnomalies, reportMetric } from './anomalies.service.js';

export const AnomalyOutcomeEnum = builder.enumType('AnomalyOutcome', {
  values: describedValues({ TRUE_POSITIVE: 'It was a real incident.', FALSE_POSITIVE: 'A false alarm.' }),
  description: 'A label on an anomaly: it was a real incident (TRUE_POSITIVE) or a false alarm (FALSE_POSITIVE).',
});

export const AnomalyType = builder.prismaNode('Anomaly', {
  description: 'A metric value at or over its adapted threshold (ANM-…); HIGH and CRITICAL ones open incidents.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'ANM-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The detector (host, service, probe).' }),
    metricType: t.exposeString('metricType', { description: 'What was measured (cpu, latency, …).' }),
    value: t.exposeFloat('value', { description: 'The reported value.' }),
    threshold: t.exposeFloat('threshold', { description: 'The adapted threshold the value was judged against.' }),
    thresholdId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Id (THR-…) of the threshold the value was judged against.',
      resolve: (anomaly) => (anomaly.thresholdId == null ? null : encodeGlobalId('Threshold', anomaly.thresholdId)),
    }),
    detector: t.relation('thresholdRow', {
      nullable: true,
      description: "The detector's threshold as it is now (`threshold` is the value this anomaly was judged against).",
    }),
    severity: t.expose('severity', { type: SeverityEnum, description: 'From 1× MEDIUM, from 1.25× HIGH, from 1.5× CRITICAL.' }),
    outcome: t.expose('outcome', { type: AnomalyOutcomeEnum, nullable: true, description: 'Label from recordAnomalyOutcome, if given.' }),
    detectedAt: t.expose('detectedAt', { type: 'DateTime', description: 'When it was reported.' }),
    incident: t.relation('incident', { nullable: true, description: 'The incident the auto cycle opened for it (HIGH and CRITICAL).' }),
  }),
});

builder.queryField('anomalies', (t) =>
  t.prismaConnection({
    type: 'Anomaly',
    cursor: 'id',
    totalCount: (_parent, args, context) => countAnomalies(context.runtime, args),
    description: 'Anomalies, newest first; filter by source, metric type and minimum severity.',
    authScopes: { permission: 'ops:read' },
    args: {
      source: t.arg.string({ required: false, description: 'Only this detector source.' }),
      metricType: t.arg.string({ required: false, description: 'Only this metric type.' }),
      minSeverity: t.arg({ type: SeverityEnum, required: false, description: 'Only anomalies at least this severe.' }),
    },
    resolve: (query, _root, args, context) => listAnomalies(context.runtime, args, query),
  }),
);

const MetricInput = builder.inputType('MetricInput', {
  description: 'One metric value from a detector.',
  fields: (t) => ({
    source: t.string({ required: true, description: 'The detector (host, service, probe).' }),
    metricType: t.string({ required: true, description: 'What was measured.' }),
    value: t.float({ required: true, description: 'Not negative.' }),
  }),
});

builder.mutationField('reportMetric', (t) =>
  t.prismaField({
    type: 'Anomaly',
    nullable: true,
    description:
      "Judges a value against the detector's adapted threshold: null under it, else an anomaly (MEDIUM from 1×, HIGH from 1.25×, CRITICAL from 1.5×). NOT_FOUND when the detector has no threshold. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (a negative or non-finite value).",
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: MetricInput, required: true, description: 'The metric value.' }) },
    resolve: (query, _root, { input }, context) => reportMetric(context.runtime, input, query),
  }),
);
