// impactAnalysis: what followed past actions of the same type on the same or a related target,
// available to the same roles as assessRisk.
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import { ActionInputType, AutoActionType } from '../approvals/actions.graphql.js';
import { loadAction } from './causes.graphql.js';
import { impactAnalysis, type ImpactAnalysis, type ImpactExample, type ImpactFollowUp } from './impact-analysis.service.js';

const readers = { permission: 'ops:read' } as const;

const TroubleKindEnum = builder.enumType('TroubleKind', {
  description: 'What followed a change on its target.',
  values: describedValues({
    INCIDENT: 'An incident (INC-…) whose anomaly is on the target.',
    ANOMALY: 'An anomaly of severity HIGH or CRITICAL (ANM-…) on the target.',
    PATTERN: 'A recurring request pattern (PAT-…) naming the target: its occurrence.',
  }),
});

const TargetRelationEnum = builder.enumType('TargetRelation', {
  description: 'How a past action’s target relates to the analysed one.',
  values: describedValues({ SAME: 'The same target.', RELATED: 'A sibling (web-01, web-02) or parent (billing-api, billing-api-canary).' }),
});

const ImpactFollowUpType = builder.objectRef<ImpactFollowUp>('ImpactFollowUp').implement({
  description: 'A trouble that followed a past action on its target.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its public id (INC-…, ANM-… or PAT-<n>): refetch it with node(id:).' }),
    kind: t.expose('kind', { type: TroubleKindEnum, description: 'Incident, severe anomaly or recurring requests.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When it began (a pattern: its first occurrence after the action).' }),
    hoursAfter: t.exposeFloat('hoursAfter', { description: 'Hours after the action ran.' }),
    summary: t.exposeString('summary', { description: 'What it was.' }),
  }),
});

const ImpactExampleType = builder.objectRef<ImpactExample>('ImpactExample').implement({
  description: 'A past similar action and what followed it.',
  authScopes: readers,
  fields: (t) => ({
    action: t.field({
      type: AutoActionType,
      description: 'The past action.',
      resolve: (example, _args, context) => loadAction(context, example.actionId),
    }),
    targetRelation: t.expose('targetRelation', { type: TargetRelationEnum, description: 'Same or related target.' }),
    followUps: t.expose('followUps', { type: [ImpactFollowUpType], description: 'What followed within the window, earliest first.' }),
  }),
});

const ImpactAnalysisType = builder.objectRef<ImpactAnalysis>('ImpactAnalysis').implement({
  description: 'What followed past actions of the same type on the same or a related target: counts, the mean time until trouble, examples.',
  authScopes: readers,
  fields: (t) => ({
    actionType: t.exposeString('actionType', { description: 'The analysed type.' }),
    target: t.exposeString('target', { nullable: true, description: 'The analysed target, as given.' }),
    targetNames: t.exposeStringList('targetNames', { description: 'The resource names matched (the target’s, or the identifiers of the description without one).' }),
    windowDays: t.exposeInt('windowDays', { description: 'How far back past actions were read.' }),
    followWindowHours: t.exposeInt('followWindowHours', { description: 'How soon after an action trouble counts.' }),
    similarActions: t.exposeInt('similarActions', { description: 'Past executed actions of this type on the same or a related target.' }),
    followedByAny: t.exposeInt('followedByAny', { description: 'Of them, followed by any trouble.' }),
    followedByIncident: t.exposeInt('followedByIncident', { description: 'Of them, followed by an incident.' }),
    followedByAnomaly: t.exposeInt('followedByAnomaly', { description: 'Of them, followed by a HIGH or CRITICAL anomaly.' }),
    followedByPattern: t.exposeInt('followedByPattern', { description: 'Of them, followed by recurring requests.' }),
    followedRatio: t.exposeFloat('followedRatio', { nullable: true, description: 'followedByAny / similarActions (null without similar actions).' }),
    meanHoursUntil: t.exposeFloat('meanHoursUntil', { nullable: true, description: 'Mean hours from a followed action to its first trouble.' }),
    examples: t.expose('examples', { type: [ImpactExampleType], description: 'The newest followed actions (at most 10), with what followed.' }),
  }),
});

builder.queryField('impactAnalysis', (t) =>
  t.field({
    type: ImpactAnalysisType,
    description: 'Before a change: how often past actions of its type on the same or a related target were followed by trouble. Nothing is written; the same roles as assessRisk.',
    authScopes: readers,
    args: {
      input: t.arg({ type: ActionInputType, required: true, description: 'The action to analyse (as for assessRisk).' }),
      windowDays: t.arg.int({ defaultValue: 90, description: 'How far back past actions are read (default 90, at most 366).' }),
      followWindowHours: t.arg.int({ defaultValue: 24, description: 'How soon trouble must follow to count (default 24, at most 720).' }),
    },
    resolve: (_root, args, context) =>
      impactAnalysis(context.runtime, context.viewer!, args.input, { windowDays: args.windowDays ?? 90, followWindowHours: args.followWindowHours ?? 24 }),
  }),
);
