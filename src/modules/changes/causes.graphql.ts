// Probable causes: ProbableCause, CauseEvidence, RecordedCause, CauseLabel; Problem.probableCauses,
// Problem.recordedCause and Incident.probableCauses (added to learning's and itsm's types from
// here, above them); confirmProbableCause, rejectProbableCause, causeRankingQuality.
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { contextLoader } from '../../graphql/loaders.js';
import { describedValues } from '../../graphql/enum-values.js';
import type { RecordedCause } from '../../generated/prisma/client.js';
import { AutoActionType } from '../approvals/actions.graphql.js';
import { actionsByIds } from '../approvals/change-history.service.js';
import { causeRankingQuality, labelCause, labelsOfPairs, type CauseRankingQuality } from './cause-labels.service.js';
import type { Evidence } from './cause-ranking.js';
import { MAX_LISTED_CAUSES, probableCauses, type ProbableCause } from './probable-causes.service.js';
import { recordedCausesOf } from './recorded-causes.service.js';

const readers = { permission: 'ops:read' } as const;

/** The actions a change analysis names, one statement per batch. */
export function actionLoader(context: Context) {
  return contextLoader(context, 'changes:actions', (ids) => actionsByIds(context.runtime.db, ids), (action) => action.id);
}

/** The action of a change analysis's row (ids name executed actions, which are never deleted). */
export async function loadAction(context: Context, id: string) {
  const action = await actionLoader(context).load(id);
  if (!action) throw new Error(`action ${id} named by a change analysis is missing`);
  return action;
}

export const CauseEvidenceKindEnum = builder.enumType('CauseEvidenceKind', {
  description: 'What points to an action as the cause (weights in the README, "Probable causes and impact analysis").',
  values: describedValues({
    TIME_LAG: 'It ran shortly before the first occurrence (0.3, halving every 6 h of lag).',
    SAME_TARGET: 'Its target is a resource the problem or incident names (0.35).',
    RELATED_TARGET: 'Its target is a sibling or parent of a named resource, e.g. web-01 and web-02 (0.2).',
    SHARED_IDENTIFIER: 'Its description names the same hosts, services or databases (0.1 each, at most two).',
    SAME_CATEGORY: 'Both are about the same category, e.g. DATABASE (0.1).',
    SHARED_KEYWORDS: 'Both texts say the same things, Korean or English (0.05 per keyword, at most two).',
    HISTORY: 'Similar earlier actions on that target were followed by trouble (0.2 × followed / (similar + 1)).',
  }),
});

export const CauseEvidenceType = builder.objectRef<Evidence>('CauseEvidence').implement({
  description: 'One piece of evidence behind a probable cause: its kind, its weight in the score and why.',
  authScopes: readers,
  fields: (t) => ({
    kind: t.expose('kind', { type: CauseEvidenceKindEnum, description: 'What kind of evidence.' }),
    detail: t.exposeString('detail', { description: 'The evidence in words, with its numbers.' }),
    weight: t.exposeFloat('weight', { description: 'What it adds to the score.' }),
  }),
});

export const CauseVerdictEnum = builder.enumType('CauseVerdict', {
  description: "An operator's verdict on a probable cause.",
  values: describedValues({ CONFIRMED: 'The action did cause it.', REJECTED: 'The action did not cause it.' }),
});

/** The verdicts on (subject, action) pairs, one statement per batch. */
function labelLoader(context: Context) {
  return contextLoader(
    context,
    'changes:labels',
    (keys) => labelsOfPairs(context.runtime, keys.map((key) => ({ subjectId: key.split('|')[0]!, actionId: key.split('|')[1]! }))),
    (label) => `${label.subjectId}|${label.actionId}`,
  );
}

export const CauseLabelType = builder.prismaObject('CauseLabel', {
  description: "An operator's verdict on an action as the cause of a problem or incident, with the rank the ranking gave it then.",
  authScopes: readers,
  fields: (t) => ({
    subjectId: t.exposeID('subjectId', { description: 'The problem (PRB-…) or incident (INC-…).' }),
    action: t.field({ type: AutoActionType, description: 'The action judged.', resolve: (label, _args, context) => loadAction(context, label.actionId) }),
    verdict: t.expose('verdict', { type: CauseVerdictEnum, description: 'CONFIRMED or REJECTED.' }),
    rankAtLabel: t.exposeInt('rankAtLabel', { nullable: true, description: 'Its rank among the probable causes when labelled (null: not among them).' }),
    scoreAtLabel: t.exposeFloat('scoreAtLabel', { nullable: true, description: 'Its score then (null: not among them).' }),
    labelledBy: t.exposeString('labelledBy', { description: 'Who gave the verdict.' }),
    labelledAt: t.expose('labelledAt', { type: 'DateTime', description: 'When.' }),
    comment: t.exposeString('comment', { nullable: true, description: 'Why, if they said.' }),
  }),
});

export const ProbableCauseType = builder.objectRef<ProbableCause>('ProbableCause').implement({
  description: 'An action that ran before a problem or incident, ranked by the evidence that it caused it.',
  authScopes: readers,
  fields: (t) => ({
    action: t.field({ type: AutoActionType, description: 'The action (AUTO_DONE or APPROVED).', resolve: (cause, _args, context) => loadAction(context, cause.actionId) }),
    rank: t.exposeInt('rank', { description: '1 for the most probable.' }),
    score: t.exposeFloat('score', { description: 'The sum of the evidence weights, at most 1.' }),
    evidence: t.field({ type: [CauseEvidenceType], description: 'Why, piece by piece (the time lag first).', resolve: (cause) => cause.evidence }),
    label: t.field({
      type: CauseLabelType,
      nullable: true,
      description: "The operators' verdict on this action for this problem or incident, if any.",
      resolve: (cause, _args, context) => labelLoader(context).load(`${cause.subjectId}|${cause.actionId}`),
    }),
  }),
});

const RecordedCauseType = builder.prismaObject('RecordedCause', {
  description: 'The top probable cause recorded when an escalation opened the problem (score at or above CAUSE_RECORD_MIN_SCORE).',
  authScopes: readers,
  fields: (t) => ({
    action: t.field({ type: AutoActionType, description: 'The action.', resolve: (cause, _args, context) => loadAction(context, cause.actionId) }),
    score: t.exposeFloat('score', { description: 'Its score then.' }),
    evidence: t.field({ type: [CauseEvidenceType], description: 'Its evidence then.', resolve: (cause) => cause.evidence as unknown as Evidence[] }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the problem was opened and the cause recorded.' }),
  }),
});

const FIRST_DESCRIPTION = `How many (default 5, at most ${MAX_LISTED_CAUSES}).`;

builder.prismaObjectField('Problem', 'probableCauses', (t) =>
  t.field({
    type: [ProbableCauseType],
    authScopes: readers,
    description: `Actions that ran within CAUSE_WINDOW_HOURS before the problem's first occurrence, most probable first, with their evidence. BAD_USER_INPUT for first outside 1..${MAX_LISTED_CAUSES}.`,
    args: { first: t.arg.int({ required: false, defaultValue: 5, description: FIRST_DESCRIPTION }) },
    resolve: (problem, args, context) => probableCauses(context.runtime, { kind: 'PROBLEM', id: problem.id }, args.first),
  }),
);

builder.prismaObjectField('Incident', 'probableCauses', (t) =>
  t.field({
    type: [ProbableCauseType],
    authScopes: readers,
    description: `Actions that ran within CAUSE_WINDOW_HOURS before the incident began (its anomaly's detection), most probable first, with their evidence. BAD_USER_INPUT for first outside 1..${MAX_LISTED_CAUSES}.`,
    args: { first: t.arg.int({ required: false, defaultValue: 5, description: FIRST_DESCRIPTION }) },
    resolve: (incident, args, context) => probableCauses(context.runtime, { kind: 'INCIDENT', id: incident.id }, args.first),
  }),
);

builder.prismaObjectField('Problem', 'recordedCause', (t) =>
  t.field({
    type: RecordedCauseType,
    nullable: true,
    authScopes: readers,
    description: 'The top probable cause recorded when the problem was opened, if one scored CAUSE_RECORD_MIN_SCORE or more.',
    resolve: (problem, _args, context) =>
      contextLoader(context, 'changes:recorded', (ids) => recordedCausesOf(context.runtime, ids), (cause: RecordedCause) => cause.problemId).load(problem.id),
  }),
);

const CauseRankingQualityType = builder.objectRef<CauseRankingQuality>('CauseRankingQuality').implement({
  description: "How well the probable-cause ranking agreed with the operators' verdicts, from the ranks recorded with them.",
  authScopes: readers,
  fields: (t) => ({
    labelledSubjects: t.exposeInt('labelledSubjects', { description: 'Problems and incidents with at least one confirmed cause.' }),
    confirmedLabels: t.exposeInt('confirmedLabels', { description: 'Confirmed causes.' }),
    rejectedLabels: t.exposeInt('rejectedLabels', { description: 'Rejected causes.' }),
    precisionAt1: t.exposeFloat('precisionAt1', { nullable: true, description: 'Share of labelled subjects whose first-ranked cause was confirmed (null before any).' }),
    top3: t.exposeFloat('top3', { nullable: true, description: 'Share of labelled subjects with a confirmed cause among the first three.' }),
    meanReciprocalRank: t.exposeFloat('meanReciprocalRank', { nullable: true, description: 'Mean of 1 / rank of the best confirmed cause (0 when it was not ranked).' }),
    rejectedRankedFirst: t.exposeInt('rejectedRankedFirst', { description: 'Rejected causes the ranking had put first.' }),
  }),
});

builder.queryField('causeRankingQuality', (t) =>
  t.field({
    type: CauseRankingQualityType,
    description: "How often the operators' confirmed cause was ranked first or in the first three when they labelled it.",
    authScopes: readers,
    resolve: (_root, _args, context) => causeRankingQuality(context.runtime),
  }),
);

for (const [field, verdict, verb] of [
  ['confirmProbableCause', 'CONFIRMED', 'Confirms'],
  ['rejectProbableCause', 'REJECTED', 'Rejects'],
] as const) {
  builder.mutationField(field, (t) =>
    t.prismaField({
      type: 'CauseLabel',
      description: `${verb} an executed action as the cause of a problem or incident (a later verdict on the same pair replaces it); the rank it had is kept for causeRankingQuality. ADMIN, PM, ENGINEER. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id or comment), NOT_FOUND (no such problem, incident or action), CONFLICT (the action never ran).`,
      authScopes: { permission: 'learning:write' },
      args: {
        subjectId: t.arg.id({ required: true, description: 'The problem (PRB-…) or incident (INC-…).' }),
        actionId: t.arg.id({ required: true, description: 'The action (ACT-…).' }),
        comment: t.arg.string({ required: false, description: 'Why (at most 2000 characters).' }),
      },
      resolve: (query, _root, args, context) =>
        labelCause(context.runtime, context.viewer!, { subjectId: String(args.subjectId), actionId: String(args.actionId), comment: args.comment }, verdict, query),
    }),
  );
}
