// Solution feedback: Feedback; feedbacks, recordSolutionFeedback, checkSolutionEffectiveness.
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { stripGlobalIdPrefix } from '../../graphql/global-ids.js';
import { requestLoader, ServiceRequestType } from '../itsm/service-requests.graphql.js';
import { isOpsloopRequestId } from './ids.js';
import { checkSolutionEffectiveness } from './effectiveness.service.js';
import { countFeedbacks, feedbackState, listFeedbacks, recordSolutionFeedback } from './feedback.service.js';

const FeedbackStateEnum = builder.enumType('FeedbackState', {
  description: 'PENDING until checked; EFFECTIVE when the pattern did not recur within the window; INEFFECTIVE when it did; UNKNOWN when the request has no pattern.',
  values: describedValues({
    PENDING: 'Not checked yet (the window has not passed and the pattern has not recurred).',
    EFFECTIVE: 'The pattern did not recur within the window.',
    INEFFECTIVE: 'The pattern recurred within the window.',
    UNKNOWN: 'The request has no pattern, so recurrence cannot be measured.',
  }),
});

builder.prismaNode('Feedback', {
  description: 'A KB solution applied to a request, later checked for recurrence of the same pattern.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'FB-<number> (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    srId: t.exposeString('srId', { description: 'The request the solution was applied to.' }),
    kbDocId: t.exposeString('kbDocId', { nullable: true, description: 'Document id (an external document, or the article id).' }),
    kbId: t.exposeString('kbId', { nullable: true, description: 'The opsloop KB article (KB-…), if any.' }),
    appliedBy: t.exposeString('appliedBy', { nullable: true, description: 'Who applied it (system:auto-cycle for automatic answers).' }),
    appliedAt: t.expose('appliedAt', { type: 'DateTime', description: 'When it was applied.' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', description: 'End of the observation window: checked on or after it.' }),
    effectivenessScore: t.exposeFloat('effectivenessScore', {
      nullable: true,
      description: '1 when the pattern did not recur within the window; 0.5 × (days until it recurred / window) when it did.',
    }),
    recurredWithinDays: t.exposeInt('recurredWithinDays', { nullable: true, description: 'Whole days until the pattern recurred (null: it did not).' }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', nullable: true, description: 'When its effectiveness was decided (null while PENDING).' }),
    state: t.field({ type: FeedbackStateEnum, description: 'Where the check stands.', resolve: (feedback) => feedbackState(feedback) }),
    pattern: t.relation('pattern', { nullable: true, description: "The request's recurrence pattern." }),
    request: t.field({
      type: ServiceRequestType,
      nullable: true,
      description: 'The opsloop request the solution was applied to (null for a request of another system, e.g. EXT-42).',
      resolve: (feedback, _args, context) => (isOpsloopRequestId(feedback.srId) ? requestLoader(context).load(feedback.srId.toUpperCase()) : null),
    }),
    article: t.relation('article', { nullable: true, description: 'The opsloop KB article applied (kbId), if any.' }),
  }),
});

const FeedbackInput = builder.inputType('SolutionFeedbackInput', {
  description: 'A KB solution applied to a request: kbId (opsloop article) and/or kbDocId (external document).',
  fields: (t) => ({
    srId: t.string({ required: true, description: 'The request (SR-… must exist; another system’s id is taken as given).' }),
    kbDocId: t.string({ required: false, description: 'An external document id (taken as given).' }),
    kbId: t.string({ required: false, description: 'An opsloop article (KB-…, must exist).' }),
  }),
});

builder.queryField('feedbacks', (t) =>
  t.prismaConnection({
    type: 'Feedback',
    cursor: 'id',
    totalCount: (_parent, args, context) => countFeedbacks(context.runtime, args),
    description: 'Solution feedback, most recently applied first.',
    authScopes: { permission: 'ops:read' },
    args: {
      kbId: t.arg.string({ required: false, description: 'Only feedback on this article.' }),
      srId: t.arg.string({ required: false, description: 'Only feedback on this request.' }),
      checked: t.arg.boolean({ required: false, description: 'true: checked only; false: pending only.' }),
    },
    resolve: (query, _root, args, context) => listFeedbacks(context.runtime, args, query),
  }),
);

builder.mutationField('recordSolutionFeedback', (t) =>
  t.prismaField({
    type: 'Feedback',
    description:
      'Records that a KB solution was applied to a request; it is checked once the window has passed. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (neither kbId nor kbDocId), NOT_FOUND (the SR-… request or the article).',
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: FeedbackInput, required: true, description: 'The application.' }) },
    resolve: (query, _root, { input }, context) => recordSolutionFeedback(context.runtime, context.viewer!, input, query),
  }),
);

builder.mutationField('checkSolutionEffectiveness', (t) =>
  t.prismaField({
    type: 'Feedback',
    description:
      'Checks one feedback now: final when the pattern already recurred or the window has passed, else still PENDING. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id), NOT_FOUND.',
    authScopes: { permission: 'learning:write' },
    args: { id: t.arg.id({ required: true, description: 'FB-<number> (the bare number is accepted too).' }) },
    resolve: (query, _root, args, context) => checkSolutionEffectiveness(context.runtime, stripGlobalIdPrefix(String(args.id), 'Feedback'), query),
  }),
);
