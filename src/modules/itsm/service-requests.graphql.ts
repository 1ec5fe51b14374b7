// ServiceRequest: type, queries serviceRequests / serviceRequest, mutations createServiceRequest /
// resolveServiceRequest. Resolvers only call the service (a root field's authScopes guarantee its viewer).
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { contextLoader } from '../../graphql/loaders.js';
import { encodeGlobalId } from '../../graphql/global-ids.js';
import { UserType, userLoader } from '../identity/identity.graphql.js';
import { CategoryEnum, PriorityEnum, RequestStatusEnum, RequestTypeEnum } from './enums.graphql.js';
import {
  countServiceRequests,
  createServiceRequest,
  requestsByIds,
  visibleRequestWhere,
  getServiceRequest,
  listServiceRequests,
  resolveServiceRequest,
} from './service-requests.service.js';

/**
 * Requests by id, one statement per batch, for fields of ops types (feedback, articles) that show a
 * request beside its id: their readers read every request, so no per-requester rule applies.
 */
export function requestLoader(context: Context) {
  return contextLoader(context, 'itsm:requests', (ids) => requestsByIds(context.runtime, ids), (request) => request.id);
}

export const ServiceRequestType = builder.prismaNode('ServiceRequest', {
  description: 'A service request (SR-…). REQUESTERs see their own; staff see all.',
  authScopes: { permission: 'request:read' },
  id: { field: 'id', description: 'SR-XXXXXXXX (also its Node id).' },
  // node(id:) answers a REQUESTER their own requests only, like serviceRequest(id).
  findUnique: (id, context) => visibleRequestWhere(context.viewer, id),
  nullable: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Short summary.' }),
    description: t.exposeString('description', { description: 'The full text, as filed.' }),
    type: t.expose('type', { type: RequestTypeEnum, description: 'What kind of request.' }),
    priority: t.expose('priority', { type: PriorityEnum, description: 'Given by the requester, or inferred from the text; escalation raises it.' }),
    status: t.expose('status', { type: RequestStatusEnum, description: 'Where it stands.' }),
    category: t.expose('category', { type: CategoryEnum, nullable: true, description: 'Inferred from keywords (Korean or English); decides the team.' }),
    instId: t.exposeInt('instId', { nullable: true, description: 'Institution the request belongs to.' }),
    requester: t.exposeString('requester', { description: 'Username of whoever filed it.' }),
    assignee: t.exposeString('assignee', { nullable: true, description: 'Username of the engineer working on it (the cycle assigns the least-loaded one of the category team).' }),
    requesterUser: t.field({
      type: UserType,
      nullable: true,
      description: 'Whoever filed it, as a User (null when that username never signed in, e.g. a request imported from elsewhere).',
      resolve: (request, _args, context) => userLoader(context).load(request.requester),
    }),
    assigneeUser: t.field({
      type: UserType,
      nullable: true,
      description: 'The engineer working on it, as a User (null while unassigned).',
      resolve: (request, _args, context) => (request.assignee ? userLoader(context).load(request.assignee) : null),
    }),
    slaDueAt: t.expose('slaDueAt', { type: 'DateTime', description: 'SLA deadline: from the priority (P1 4 h, P2 8 h, P3 24 h, P4 72 h) unless given.' }),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true, description: 'When the cycle escalated it for its SLA deadline.' }),
    resolution: t.exposeString('resolution', { nullable: true, description: 'How it was resolved (or the KB answer), once resolved.' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'When it was resolved.' }),
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
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true, description: 'When the cycle answered it from the KB.' }),
    patternId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Id (PAT-…) of the recurrence pattern this request belongs to; ops roles read the pattern itself as `pattern`.',
      resolve: (request) => (request.patternId == null ? null : encodeGlobalId('Pattern', request.patternId)),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
  }),
});

const CreateServiceRequestInput = builder.inputType('CreateServiceRequestInput', {
  description: 'A new service request. Category and (unless given) priority are inferred from the text.',
  fields: (t) => ({
    title: t.string({ required: true, description: 'Short summary, e.g. "VPN 접속이 안됩니다".' }),
    description: t.string({ required: true, description: 'The full text (1 to 10000 characters), Korean or English.' }),
    type: t.field({ type: RequestTypeEnum, required: true, description: 'What kind of request.' }),
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
      status: t.arg({ type: RequestStatusEnum, required: false, description: 'Only requests of this status.' }),
      type: t.arg({ type: RequestTypeEnum, required: false, description: 'Only requests of this type.' }),
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
    args: { id: t.arg.id({ required: true, description: 'SR-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => getServiceRequest(context.runtime, context.viewer!, String(args.id), query),
  }),
);

builder.mutationField('createServiceRequest', (t) =>
  t.prismaField({
    type: 'ServiceRequest',
    description:
      'Files a request: classified at once (category, priority), SLA set, recurrence detected. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER; a REQUESTER filing for another institution), BAD_USER_INPUT (a field out of range, slaDueAt not in the future).',
    authScopes: { permission: 'request:create' },
    args: { input: t.arg({ type: CreateServiceRequestInput, required: true, description: 'The request.' }) },
    resolve: (query, _root, args, context) => createServiceRequest(context.runtime, context.viewer!, args.input, query),
  }),
);

builder.mutationField('resolveServiceRequest', (t) =>
  t.prismaField({
    type: 'ServiceRequest',
    description:
      'Resolves an open request; its resolution is later drafted into a KB article by the cycle. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id, empty resolution), NOT_FOUND, CONFLICT (not open).',
    authScopes: { permission: 'itsm:write' },
    args: {
      id: t.arg.id({ required: true, description: 'SR-XXXXXXXX' }),
      resolution: t.arg.string({ required: true, description: 'How it was resolved (1 to 10000 characters).' }),
    },
    resolve: (query, _root, args, context) => resolveServiceRequest(context.runtime, context.viewer!, String(args.id), args.resolution, query),
  }),
);
