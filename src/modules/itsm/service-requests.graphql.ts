// ServiceRequest: type, queries serviceRequests / serviceRequest, mutations createServiceRequest /
// resolveServiceRequest. Resolvers only call the service (a root field's authScopes guarantee its viewer).
import { builder } from '../../graphql/builder.js';
import { CategoryEnum, PriorityEnum, RequestStatusEnum, RequestTypeEnum } from './enums.graphql.js';
import {
  countServiceRequests,
  createServiceRequest,
  getServiceRequest,
  listServiceRequests,
  resolveServiceRequest,
} from './service-requests.service.js';

export const ServiceRequestType = builder.prismaObject('ServiceRequest', {
  description: 'A service request (SR-…). REQUESTERs see their own; staff see all.',
  authScopes: { permission: 'request:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'SR-XXXXXXXX' }),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    type: t.expose('type', { type: RequestTypeEnum }),
    priority: t.expose('priority', { type: PriorityEnum, description: 'Given by the requester, or inferred from the text; escalation raises it.' }),
    status: t.expose('status', { type: RequestStatusEnum }),
    category: t.expose('category', { type: CategoryEnum, nullable: true, description: 'Inferred from keywords (Korean or English); decides the team.' }),
    instId: t.exposeInt('instId', { nullable: true, description: 'Institution the request belongs to.' }),
    requester: t.exposeString('requester', { description: 'Username of whoever filed it.' }),
    assignee: t.exposeString('assignee', { nullable: true, description: 'Engineer working on it (the cycle assigns the least-loaded one of the category team).' }),
    slaDueAt: t.expose('slaDueAt', { type: 'DateTime', description: 'SLA deadline: from the priority (P1 4 h, P2 8 h, P3 24 h, P4 72 h) unless given.' }),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true, description: 'When the cycle escalated it for its SLA deadline.' }),
    resolution: t.exposeString('resolution', { nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    // The answer text is in `resolution` and the article's id in `answeredByKbId` for whoever reads
    // the request; the article itself (learning data, drafts' sources) is ops data.
    answeredByKbId: t.exposeID('answeredByKbId', {
      nullable: true,
      description: 'Id of the published article the cycle answered this inquiry with (its text is quoted in `resolution`).',
    }),
    answeredByKb: t.relation('answeredByKb', {
      nullable: true,
      authScopes: { permission: 'ops:read' },
      description: 'The published article the cycle answered this inquiry with (ops roles and VIEWERs; REQUESTERs read `resolution` and `answeredByKbId`).',
    }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    patternId: t.exposeID('patternId', { nullable: true, description: 'Recurrence pattern this request belongs to (see `pattern(id)`).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CreateServiceRequestInput = builder.inputType('CreateServiceRequestInput', {
  description: 'A new service request. Category and (unless given) priority are inferred from the text.',
  fields: (t) => ({
    title: t.string({ required: true, description: 'Short summary, e.g. "VPN 접속이 안됩니다".' }),
    description: t.string({ required: true }),
    type: t.field({ type: RequestTypeEnum, required: true }),
    priority: t.field({ type: PriorityEnum, required: false, description: 'Default: inferred from the text and type.' }),
    instId: t.int({
      required: false,
      description: "Institution; default the caller's (`inst` claim). A REQUESTER always files for the token's institution (none without an `inst` claim): any other instId is FORBIDDEN.",
    }),
    slaDueAt: t.field({ type: 'DateTime', required: false, description: 'Default: from the priority.' }),
  }),
});

builder.queryField('serviceRequests', (t) =>
  t.prismaConnection({
    type: 'ServiceRequest',
    cursor: 'id',
    description: 'Service requests, newest first (REQUESTERs: their own only).',
    authScopes: { permission: 'request:read' },
    args: {
      status: t.arg({ type: RequestStatusEnum, required: false }),
      type: t.arg({ type: RequestTypeEnum, required: false }),
    },
    totalCount: (_connection, args, context) => countServiceRequests(context.runtime, context.viewer!, args),
    resolve: (query, _root, args, context) => listServiceRequests(context.runtime, context.viewer!, args, query),
  }),
);

builder.queryField('serviceRequest', (t) =>
  t.prismaField({
    type: 'ServiceRequest',
    description: "One request. Another requester's request is NOT_FOUND.",
    authScopes: { permission: 'request:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => getServiceRequest(context.runtime, context.viewer!, String(args.id), query),
  }),
);

builder.mutationField('createServiceRequest', (t) =>
  t.prismaField({
    type: 'ServiceRequest',
    description: 'Files a request: classified at once (category, priority), SLA set, recurrence detected.',
    authScopes: { permission: 'request:create' },
    args: { input: t.arg({ type: CreateServiceRequestInput, required: true }) },
    resolve: (query, _root, args, context) => createServiceRequest(context.runtime, context.viewer!, args.input, query),
  }),
);

builder.mutationField('resolveServiceRequest', (t) =>
  t.prismaField({
    type: 'ServiceRequest',
    description: 'Resolves an open request; its resolution is later drafted into a KB article by the cycle.',
    authScopes: { permission: 'itsm:write' },
    args: { id: t.arg.id({ required: true }), resolution: t.arg.string({ required: true }) },
    resolve: (query, _root, args, context) => resolveServiceRequest(context.runtime, context.viewer!, String(args.id), args.resolution, query),
  }),
);
