// Recurrence patterns: Pattern, RecurrenceResult; patterns, pattern, detectRecurrence, patternEscalated.
import { builder } from '../../graphql/builder.js';
import { stripGlobalIdPrefix } from '../../graphql/global-ids.js';
import { RequestTypeEnum } from '../itsm/enums.graphql.js';
import { countPatterns, escalatedPattern, getPattern, listPatterns } from './patterns.service.js';
import { detectRecurrence } from './recurrence.service.js';
import type { RecurrenceResult } from './recurrence.types.js';

export const PatternType = builder.prismaNode('Pattern', {
  description: 'A recurring request pattern, identified by its keyword signature within one request type and institution.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'PAT-<number> (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    patternKey: t.exposeString('patternKey', { description: 'Stable key: type, institution and a digest of the signature.' }),
    srType: t.expose('srType', { type: RequestTypeEnum, description: 'The request type it recurs in.' }),
    instId: t.exposeInt('instId', { nullable: true, description: 'The institution it recurs in (patterns never span institutions).' }),
    keywordSignature: t.exposeString('keywordSignature', { description: 'The top keywords, sorted: equal for reworded requests about one thing.' }),
    keywords: t.exposeStringList('keywords', { description: 'Keywords matched against new requests (most important first).' }),
    techKeywords: t.exposeStringList('techKeywords', { description: 'Identifiers, acronyms, error codes and products among the keywords.' }),
    occurrenceCount: t.exposeInt('occurrenceCount', { description: 'Requests counted on this pattern, ever.' }),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime', description: 'Its first request.' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', description: 'Its latest request.' }),
    escalated: t.exposeBoolean('escalated', { description: 'Reached the escalation count within the window at least once.' }),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true, description: 'When it last escalated.' }),
    problem: t.relation('problem', { nullable: true, description: 'The problem this pattern escalated to.' }),
    requests: t.relatedConnection('requests', {
      cursor: 'id',
      totalCount: true,
      description: 'The opsloop requests linked to this pattern, newest first (srIds also lists requests of other systems).',
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
    srIds: t.exposeStringList('srIds', {
      description: 'The most recent requests counted on this pattern (at most 100), oldest first; occurrenceCount is the true count.',
    }),
  }),
});

// A request's pattern: learning data, so ops roles and VIEWERs only (a REQUESTER gets null and FORBIDDEN).
// Defined here because itsm never imports learning.
builder.prismaObjectField('ServiceRequest', 'pattern', (t) =>
  t.relation('pattern', {
    nullable: true,
    authScopes: { permission: 'ops:read' },
    description: 'The recurrence pattern this request belongs to (ops roles and VIEWERs; REQUESTERs are FORBIDDEN and read `patternId`).',
  }),
);

export const RecurrenceResultType = builder.objectRef<RecurrenceResult>('RecurrenceResult').implement({
  description: 'What recurrence detection decided for one request, and why (signature, similarity, thresholds).',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    pattern: t.field({
      type: PatternType,
      nullable: true,
      description: 'The pattern the request belongs to (new or matched); null when the text has no usable keywords.',
      resolve: (result) => result.pattern,
    }),
    isRecurrence: t.exposeBoolean('isRecurrence', { description: 'The request matched a pattern seen before within the window.' }),
    similarity: t.exposeFloat('similarity', { description: 'Keyword similarity to the matched pattern (1 = exact signature, 0 = new pattern).' }),
    escalatedNow: t.exposeBoolean('escalatedNow', { description: 'This request made the pattern reach the escalation count.' }),
    keywords: t.exposeStringList('keywords', { description: "This request's keywords." }),
    techKeywords: t.exposeStringList('techKeywords', { description: "This request's technical keywords." }),
    signature: t.exposeString('signature', { description: "This request's keyword signature." }),
    matchedSignature: t.exposeString('matchedSignature', { nullable: true, description: 'Signature of the matched pattern (null for a new pattern).' }),
    occurrencesInWindow: t.exposeInt('occurrencesInWindow', { description: 'Occurrences of the pattern within the window, this one included.' }),
    escalationThreshold: t.exposeInt('escalationThreshold', { description: 'Occurrences within the window that escalate a pattern (N).' }),
    windowDays: t.exposeFloat('windowDays', { description: 'The recurrence window, in days.' }),
    similarityThreshold: t.exposeFloat('similarityThreshold', { description: 'Minimum similarity for a match.' }),
  }),
});

const RecurrenceInput = builder.inputType('RecurrenceInput', {
  description: 'A request to check for recurrence (from opsloop or another system).',
  fields: (t) => ({
    srId: t.string({ required: true, description: 'The request id (counted once per pattern).' }),
    title: t.string({ required: true, description: 'The request title.' }),
    description: t.string({ required: false, defaultValue: '', description: 'The request text.' }),
    srType: t.field({ type: RequestTypeEnum, required: true, description: 'The request type.' }),
    instId: t.int({ required: false, description: 'Institution; patterns never match across institutions.' }),
  }),
});

builder.queryField('patterns', (t) =>
  t.prismaConnection({
    type: 'Pattern',
    cursor: 'id',
    totalCount: (_parent, args, context) => countPatterns(context.runtime, args),
    description: 'Recurrence patterns, most occurrences first.',
    authScopes: { permission: 'ops:read' },
    args: {
      srType: t.arg({ type: RequestTypeEnum, required: false, description: 'Only patterns of this request type.' }),
      escalatedOnly: t.arg.boolean({ required: false, defaultValue: false, description: 'Only escalated patterns.' }),
    },
    resolve: (query, _root, args, context) => listPatterns(context.runtime, args, query),
  }),
);

builder.queryField('pattern', (t) =>
  t.prismaField({
    type: 'Pattern',
    description: 'One pattern (NOT_FOUND when unknown).',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true, description: 'PAT-<number> (the bare number is accepted too).' }) },
    resolve: (query, _root, args, context) => getPattern(context.runtime, stripGlobalIdPrefix(String(args.id), 'Pattern'), query),
  }),
);

builder.mutationField('detectRecurrence', (t) =>
  t.field({
    type: RecurrenceResultType,
    description:
      'Matches a request against recent patterns of its type and institution; escalates at N occurrences. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (a field out of range), NOT_FOUND (an SR-… request that does not exist).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: RecurrenceInput, required: true, description: 'The request.' }) },
    resolve: (_root, { input }, context) =>
      detectRecurrence(context.runtime, { ...input, description: input.description ?? '', instId: input.instId ?? null }),
  }),
);

builder.subscriptionField('patternEscalated', (t) =>
  t.prismaField({
    type: 'Pattern',
    description: 'A pattern reached its escalation count and was linked to a problem.',
    authScopes: { permission: 'ops:read' },
    subscribe: (_root, _args, context) => context.runtime.events.subscribe('pattern:escalated'),
    resolve: (query, payload, _args, context) => escalatedPattern(context.runtime, (payload as { patternId: number }).patternId, query),
  }),
);
