// Anomalies: metric values judged over their adapted threshold. Anomaly, AnomalyOutcome; anomalies, reportMetric.
import { AnomalyOutcome } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { SeverityEnum } from '../itsm/enums.graphql.js';
import { countAnomalies, listAnomalies, reportMetric } from './anomalies.service.js';

export const AnomalyOutcomeEnum = builder.enumType(AnomalyOutcome, {
  name: 'AnomalyOutcome',
  description: 'A label on an anomaly: it was a real incident (TRUE_POSITIVE) or a false alarm (FALSE_POSITIVE).',
});

export const AnomalyType = builder.prismaObject('Anomaly', {
  description: 'A metric value at or over its adapted threshold (ANM-…); HIGH and CRITICAL ones open incidents.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'ANM-XXXXXXXX' }),
    source: t.exposeString('source', { description: 'The detector (host, service, probe).' }),
    metricType: t.exposeString('metricType'),
    value: t.exposeFloat('value'),
    threshold: t.exposeFloat('threshold', { description: 'The adapted threshold the value was judged against.' }),
    thresholdId: t.exposeID('thresholdId', { nullable: true, description: 'The threshold (see `thresholds`) the value was judged against.' }),
    severity: t.expose('severity', { type: SeverityEnum, description: 'From 1× MEDIUM, from 1.25× HIGH, from 1.5× CRITICAL.' }),
    outcome: t.expose('outcome', { type: AnomalyOutcomeEnum, nullable: true, description: 'Label from recordAnomalyOutcome, if given.' }),
    detectedAt: t.expose('detectedAt', { type: 'DateTime' }),
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
      source: t.arg.string({ required: false }),
      metricType: t.arg.string({ required: false }),
      minSeverity: t.arg({ type: SeverityEnum, required: false }),
    },
    resolve: (query, _root, args, context) => listAnomalies(context.runtime, args, query),
  }),
);

const MetricInput = builder.inputType('MetricInput', {
  description: 'One metric value from a detector.',
  fields: (t) => ({
    source: t.string({ required: true }),
    metricType: t.string({ required: true }),
    value: t.float({ required: true, description: 'Not negative.' }),
  }),
});

builder.mutationField('reportMetric', (t) =>
  t.prismaField({
    type: 'Anomaly',
    nullable: true,
    description:
      "Judges a value against the detector's adapted threshold: null under it, else an anomaly (MEDIUM from 1×, HIGH from 1.25×, CRITICAL from 1.5×). NOT_FOUND when the detector has no threshold.",
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: MetricInput, required: true }) },
    resolve: (query, _root, { input }, context) => reportMetric(context.runtime, input, query),
  }),
);
