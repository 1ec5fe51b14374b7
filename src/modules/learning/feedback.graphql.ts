// Solution feedback: Feedback; feedbacks, recordSolutionFeedback, checkSolutionEffectiveness.
import { builder } from '../../graphql/builder.js';
import { checkSolutionEffectiveness } from './effectiveness.service.js';
import { countFeedbacks, feedbackState, listFeedbacks, recordSolutionFeedback } from './feedback.service.js';

const FeedbackStateEnum = builder.enumType('FeedbackState', {
  description: 'PENDING until checked; EFFECTIVE when the pattern did not recur within the window; INEFFECTIVE when it did; UNKNOWN when the request has no pattern.',
  values: ['PENDING', 'EFFECTIVE', 'INEFFECTIVE', 'UNKNOWN'] as const,
});

builder.prismaObject('Feedback', {
  description: 'A KB solution applied to a request, later checked for recurrence of the same pattern.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    srId: t.exposeString('srId', { description: 'The request the solution was applied to.' }),
    kbDocId: t.exposeString('kbDocId', { nullable: true, description: 'Document id (an external document, or the article id).' }),
    kbId: t.exposeString('kbId', { nullable: true, description: 'The opsloop KB article (KB-…), if any.' }),
    appliedBy: t.exposeString('appliedBy', { nullable: true }),
    appliedAt: t.expose('appliedAt', { type: 'DateTime' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', description: 'End of the observation window: checked on or after it.' }),
    effectivenessScore: t.exposeFloat('effectivenessScore', {
      nullable: true,
      description: '1 when the pattern did not recur within the window; 0.5 × (days until it recurred / window) when it did.',
    }),
    recurredWithinDays: t.exposeInt('recurredWithinDays', { nullable: true, description: 'Whole days until the pattern recurred (null: it did not).' }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', nullable: true }),
    state: t.field({ type: FeedbackStateEnum, description: 'Where the check stands.', resolve: (feedback) => feedbackState(feedback) }),
    pattern: t.relation('pattern', { nullable: true, description: "The request's recurrence pattern." }),
  }),
});

const FeedbackInput = builder.inputType('SolutionFeedbackInput', {
  description: 'A KB solution applied to a request: kbId (opsloop article) and/or kbDocId (external document).',
  fields: (t) => ({
    srId: t.string({ required: true }),
    kbDocId: t.string({ required: false }),
    kbId: t.string({ required: false }),
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
      kbId: t.arg.string({ required: false }),
      srId: t.arg.string({ required: false }),
      checked: t.arg.boolean({ required: false, description: 'true: checked only; false: pending only.' }),
    },
    resolve: (query, _root, args, context) => listFeedbacks(context.runtime, args, query),
  }),
);

builder.mutationField('recordSolutionFeedback', (t) =>
  t.prismaField({
    type: 'Feedback',
    description: "Records that a KB solution was applied to a request; it is checked once the window has passed.",
    authScopes: { permission: 'learning:write' },
    args: { input: t.arg({ type: FeedbackInput, required: true }) },
    resolve: (query, _root, { input }, context) => recordSolutionFeedback(context.runtime, context.viewer!, input, query),
  }),
);

builder.mutationField('checkSolutionEffectiveness', (t) =>
  t.prismaField({
    type: 'Feedback',
    description: 'Checks one feedback now: final when the pattern already recurred or the window has passed, else still PENDING.',
    authScopes: { permission: 'learning:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => checkSolutionEffectiveness(context.runtime, args.id, query),
  }),
);
