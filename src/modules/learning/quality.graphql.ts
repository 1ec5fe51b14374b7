// Whether the loop's judgements are right: RecurrenceReview, RecurrenceQuality, AutoAnswerQuality,
// LearningQuality; learningQuality, confirmRecurrence, rejectRecurrence, reportMissedRecurrence.
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { stripGlobalIdPrefix } from '../../graphql/global-ids.js';
import { requestLoader, ServiceRequestType } from '../itsm/service-requests.graphql.js';
import { autoAnswerQuality, type AutoAnswerQuality } from './quality.service.js';
import { recurrenceQuality, reportMissedRecurrence, reviewRecurrenceMatch, type RecurrenceQuality } from './recurrence-reviews.service.js';
import { countThresholds, listThresholds } from './thresholds.service.js';

const readers = { permission: 'ops:read' } as const;
const reviewers = { permission: 'learning:write' } as const;

const RecurrenceVerdictEnum = builder.enumType('RecurrenceVerdict', {
  description: "An operator's verdict on a recurrence decision.",
  values: describedValues({
    CONFIRMED: 'The request is a recurrence of the pattern it was matched to.',
    REJECTED: 'The request was matched to a pattern it is not a recurrence of (a false match).',
    MISSED: 'The request is a recurrence of a pattern it was not matched to (a missed match).',
  }),
});

builder.prismaObject('RecurrenceReview', {
  description: "An operator's verdict on a recurrence decision: the ground truth learningQuality measures recurrence on.",
  authScopes: readers,
  fields: (t) => ({
    srId: t.exposeID('srId', { description: 'The request judged (SR-…).' }),
    request: t.field({
      type: ServiceRequestType,
      nullable: true,
      description: 'The request judged.',
      resolve: (review, _args, context) => requestLoader(context).load(review.srId),
    }),
    pattern: t.relation('pattern', { description: 'The pattern it was matched to (CONFIRMED, REJECTED) or should have matched (MISSED).' }),
    verdict: t.expose('verdict', { type: RecurrenceVerdictEnum, description: 'CONFIRMED, REJECTED or MISSED.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, if they said (always given for REJECTED).' }),
    reviewedBy: t.exposeString('reviewedBy', { description: 'Who gave the verdict.' }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', description: 'When (a later verdict on the same request and pattern replaces it).' }),
  }),
});

const RecurrenceQualityType = builder.objectRef<RecurrenceQuality>('RecurrenceQuality').implement({
  description: "Recurrence detection measured on the operators' verdicts (confirmRecurrence, rejectRecurrence, reportMissedRecurrence).",
  authScopes: readers,
  fields: (t) => ({
    confirmed: t.exposeInt('confirmed', { description: 'Matches confirmed.' }),
    rejected: t.exposeInt('rejected', { description: 'Matches rejected (false matches).' }),
    missed: t.exposeInt('missed', { description: 'Recurrences reported missed.' }),
    precision: t.exposeFloat('precision', { nullable: true, description: 'confirmed / (confirmed + rejected): the share of reviewed matches that were right (null before any).' }),
    recall: t.exposeFloat('recall', { nullable: true, description: 'confirmed / (confirmed + missed): the share of known recurrences that were found (null before any).' }),
  }),
});

const AutoAnswerQualityType = builder.objectRef<AutoAnswerQuality>('AutoAnswerQuality').implement({
  description: "The auto cycle's answers to inquiries, measured by their feedback: an answer holds when the request's pattern does not recur within FEEDBACK_WINDOW_DAYS.",
  authScopes: readers,
  fields: (t) => ({
    answered: t.exposeInt('answered', { description: 'Automatic answers (feedback applied by system:auto-cycle).' }),
    checked: t.exposeInt('checked', { description: 'Of them, checked for recurrence.' }),
    effective: t.exposeInt('effective', { description: 'Checked, and the pattern did not recur.' }),
    ineffective: t.exposeInt('ineffective', { description: 'Checked, and the pattern recurred.' }),
    unknown: t.exposeInt('unknown', { description: 'Checked, but the request had no pattern to watch.' }),
    pending: t.exposeInt('pending', { description: 'Not checked yet.' }),
    acceptance: t.exposeFloat('acceptance', { nullable: true, description: 'effective / (effective + ineffective) (null before any).' }),
  }),
});

/** The figures are read when their field is asked for: each is one statement. */
type LearningQuality = Record<string, never>;

const LearningQualityType = builder.objectRef<LearningQuality>('LearningQuality').implement({
  description: "Whether the learning loop's judgements are right: recurrence, automatic answers and each detector, with the counts behind every figure.",
  authScopes: readers,
  fields: (t) => ({
    recurrence: t.field({ type: RecurrenceQualityType, description: "Recurrence precision and recall from operators' verdicts.", resolve: (_quality, _args, context) => recurrenceQuality(context.runtime) }),
    autoAnswers: t.field({ type: AutoAnswerQualityType, description: "Acceptance of the cycle's automatic answers.", resolve: (_quality, _args, context) => autoAnswerQuality(context.runtime) }),
    detectors: t.prismaConnection({
      type: 'Threshold',
      cursor: 'id',
      totalCount: (_quality, _args, context) => countThresholds(context.runtime, { labelledOnly: true }),
      description: 'Detectors with at least one labelled outcome, most adapted first: each with its TP, FP, missed, precision and recall.',
      resolve: (query, _quality, _args, context) => listThresholds(context.runtime, { labelledOnly: true }, query),
    }),
  }),
});

builder.queryField('learningQuality', (t) =>
  t.field({
    type: LearningQualityType,
    description: "Measured quality of the learning loop: recurrence precision/recall from operators' verdicts, acceptance of automatic answers, per-detector precision/recall.",
    authScopes: readers,
    resolve: () => ({}),
  }),
);

const ERRORS = 'Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id or reason), NOT_FOUND (no such request';
const MATCH_CONFLICT = 'CONFLICT (the request belongs to no pattern, or opened its pattern)';
const SR_ID = 'The request (SR-…).';

builder.mutationField('confirmRecurrence', (t) =>
  t.prismaField({
    type: 'RecurrenceReview',
    description: `Confirms that a request belongs to the pattern it was matched to (a later verdict replaces it); counted by learningQuality. ADMIN, PM, ENGINEER. ${ERRORS}), ${MATCH_CONFLICT}.`,
    authScopes: reviewers,
    args: { srId: t.arg.id({ required: true, description: SR_ID }) },
    resolve: (query, _root, args, context) => reviewRecurrenceMatch(context.runtime, context.viewer!, { srId: String(args.srId) }, 'CONFIRMED', query),
  }),
);

builder.mutationField('rejectRecurrence', (t) =>
  t.prismaField({
    type: 'RecurrenceReview',
    description: `Rejects that a request belongs to the pattern it was matched to (a false match; a later verdict replaces it); counted by learningQuality. ADMIN, PM, ENGINEER. ${ERRORS}), ${MATCH_CONFLICT}.`,
    authScopes: reviewers,
    args: {
      srId: t.arg.id({ required: true, description: SR_ID }),
      reason: t.arg.string({ required: true, description: 'Why it is not a recurrence of its pattern (at most 2000 characters).' }),
    },
    resolve: (query, _root, args, context) => reviewRecurrenceMatch(context.runtime, context.viewer!, { srId: String(args.srId), reason: args.reason }, 'REJECTED', query),
  }),
);

builder.mutationField('reportMissedRecurrence', (t) =>
  t.prismaField({
    type: 'RecurrenceReview',
    description: `Reports that a request should have matched a pattern it was not matched to (a later verdict replaces it); counted by learningQuality. ADMIN, PM, ENGINEER. ${ERRORS} or pattern), CONFLICT (it already belongs to that pattern, the pattern is of another type or institution, or began after the request).`,
    authScopes: reviewers,
    args: {
      srId: t.arg.id({ required: true, description: SR_ID }),
      patternId: t.arg.id({ required: true, description: 'The pattern it should have matched (PAT-<number>; the bare number is accepted too).' }),
      reason: t.arg.string({ required: false, description: 'Why (at most 2000 characters).' }),
    },
    resolve: (query, _root, args, context) =>
      reportMissedRecurrence(
        context.runtime,
        context.viewer!,
        { srId: String(args.srId), patternId: stripGlobalIdPrefix(String(args.patternId), 'Pattern'), reason: args.reason },
        query,
      ),
  }),
);
