// Incident: type and queries incidents / incident. The cycle opens them (src/modules/cycle/open-incidents.step.ts).
import { builder } from '../../graphql/builder.js';
import { IncidentStatusEnum, SeverityEnum } from './enums.graphql.js';
import { countIncidents, getIncident, listIncidents } from './incidents.service.js';

export const IncidentType = builder.prismaNode('Incident', {
  description: 'An incident (INC-…), opened by the auto cycle for an anomaly of severity HIGH or CRITICAL.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'INC-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What happened, e.g. the anomaly it was opened for.' }),
    severity: t.expose('severity', { type: SeverityEnum, description: 'The anomaly’s severity.' }),
    status: t.expose('status', { type: IncidentStatusEnum, description: 'OPEN until resolved.' }),
    anomaly: t.relation('anomaly', { nullable: true, description: 'The anomaly that opened it (one incident per anomaly).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it was resolved, if it was.' }),
  }),
});

builder.queryField('incidents', (t) =>
  t.prismaConnection({
    type: 'Incident',
    cursor: 'id',
    description: 'Incidents, newest first.',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: IncidentStatusEnum, required: false, description: 'Only incidents of this status.' }) },
    totalCount: (_connection, args, context) => countIncidents(context.runtime, args.status),
    resolve: (query, _root, args, context) => listIncidents(context.runtime, args.status, query),
  }),
);

builder.queryField('incident', (t) =>
  t.prismaField({
    type: 'Incident',
    description: 'One incident (NOT_FOUND when unknown).',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true, description: 'INC-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => getIncident(context.runtime, String(args.id), query),
  }),
);
