// Incident: type and queries incidents / incident. The cycle opens them (src/modules/cycle/open-incidents.step.ts).
import { builder } from '../../graphql/builder.js';
import { IncidentStatusEnum, SeverityEnum } from './enums.graphql.js';
import { countIncidents, getIncident, listIncidents } from './incidents.service.js';

export const IncidentType = builder.prismaObject('Incident', {
  description: 'An incident (INC-…), opened by the auto cycle for an anomaly of severity HIGH or CRITICAL.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'INC-XXXXXXXX' }),
    title: t.exposeString('title'),
    severity: t.expose('severity', { type: SeverityEnum }),
    status: t.expose('status', { type: IncidentStatusEnum }),
    anomaly: t.relation('anomaly', { nullable: true, description: 'The anomaly that opened it (one incident per anomaly).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('incidents', (t) =>
  t.prismaConnection({
    type: 'Incident',
    cursor: 'id',
    description: 'Incidents, newest first.',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: IncidentStatusEnum, required: false }) },
    totalCount: (_connection, args, context) => countIncidents(context.runtime, args.status),
    resolve: (query, _root, args, context) => listIncidents(context.runtime, args.status, query),
  }),
);

builder.queryField('incident', (t) =>
  t.prismaField({
    type: 'Incident',
    description: 'One incident.',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => getIncident(context.runtime, String(args.id), query),
  }),
);
