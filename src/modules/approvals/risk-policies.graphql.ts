// Risk policy versions: read them, draft a new one, backtest it over recent actions, activate it.
import { builder } from '../../graphql/builder.js';
import { EnvironmentEnum } from '../itsm/enums.graphql.js';
import { ActionStatusEnum, PolicyStatusEnum, RiskLevelEnum } from './enums.graphql.js';
import { RiskFactorType } from './actions.graphql.js';
import { backtestPolicy, type BacktestChange, type BacktestResult } from './risk-backtest.service.js';
import { activatePolicy, countPolicies, createPolicyDraft, currentPolicy, getPolicy, listPolicies } from './risk-policies.service.js';

const RiskPolicyType = builder.prismaObject('RiskPolicy', {
  description: 'A version of the risk policy: rules as data (base level per action type, raises per environment and blast radius, always-CRITICAL combinations, failure-lesson raise).',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    version: t.exposeInt('version'),
    status: t.expose('status', { type: PolicyStatusEnum }),
    rules: t.expose('rules', { type: 'JSON' }),
    note: t.exposeString('note', { nullable: true }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const BacktestChangeType = builder.objectRef<BacktestChange>('RiskBacktestChange').implement({
  description: 'An action whose risk level or approval gate would differ under the replayed policy.',
  authScopes: { permission: 'admin:operate' },
  fields: (t) => ({
    actionId: t.exposeID('actionId'),
    actionType: t.exposeString('actionType'),
    environment: t.expose('environment', { type: EnvironmentEnum }),
    targetCount: t.exposeInt('targetCount'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    status: t.expose('status', { type: ActionStatusEnum }),
    recordedRiskLevel: t.expose('recordedRiskLevel', { type: RiskLevelEnum }),
    recordedPolicyVersion: t.exposeInt('recordedPolicyVersion'),
    recordedRequiresApproval: t.exposeBoolean('recordedRequiresApproval'),
    newRiskLevel: t.expose('newRiskLevel', { type: RiskLevelEnum }),
    newRequiresApproval: t.exposeBoolean('newRequiresApproval'),
    factors: t.expose('factors', { type: [RiskFactorType], description: 'Why the replayed policy gives newRiskLevel.' }),
  }),
});

const BacktestType = builder.objectRef<BacktestResult>('RiskPolicyBacktest').implement({
  description: 'A policy replayed over recent submitted actions (lessons as they are now).',
  authScopes: { permission: 'admin:operate' },
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The replayed policy.' }),
    activeVersion: t.exposeInt('activeVersion', { description: 'The policy active now.' }),
    days: t.exposeInt('days'),
    actionsReplayed: t.exposeInt('actionsReplayed'),
    riskChanged: t.exposeInt('riskChanged', { description: 'Actions whose risk level would differ.' }),
    gateChanged: t.exposeInt('gateChanged', { description: 'Actions that would switch between automatic and approval.' }),
    raised: t.exposeInt('raised'),
    lowered: t.exposeInt('lowered'),
    changes: t.expose('changes', { type: [BacktestChangeType], description: 'The newest changed actions (at most 100).' }),
  }),
});

const PolicyDraftInput = builder.inputType('RiskPolicyDraftInput', {
  fields: (t) => ({
    rules: t.field({ type: 'JSON', required: true, description: 'Same shape as RiskPolicy.rules (start from activeRiskPolicy.rules).' }),
    note: t.string({ required: false, description: 'Why this version (at most 500 characters).' }),
  }),
});

builder.queryField('activeRiskPolicy', (t) =>
  t.field({
    type: RiskPolicyType,
    description: 'The policy deciding new actions.',
    authScopes: { permission: 'ops:read' },
    resolve: (_root, _args, context) => currentPolicy(context.runtime, context.viewer!),
  }),
);

builder.queryField('riskPolicy', (t) =>
  t.field({
    type: RiskPolicyType,
    description: 'One policy version (1 is the built-in default); NOT_FOUND for an unknown version.',
    authScopes: { permission: 'ops:read' },
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, context) => getPolicy(context.runtime, context.viewer!, args.version),
  }),
);

builder.queryField('riskPolicies', (t) =>
  t.prismaConnection({
    type: 'RiskPolicy',
    cursor: 'version',
    description: 'Stored policy versions, newest first (empty until a draft is created: version 1 is built in).',
    authScopes: { permission: 'ops:read' },
    totalCount: (_connection, _args, context) => countPolicies(context.runtime, context.viewer!),
    resolve: (query, _root, _args, context) => listPolicies(context.runtime, context.viewer!, query),
  }),
);

builder.queryField('riskPolicyBacktest', (t) =>
  t.field({
    type: BacktestType,
    description: 'ADMIN: replays the actions of the last `days` days through policy `version` and shows which would change risk or gate.',
    authScopes: { permission: 'admin:operate' },
    args: { version: t.arg.int({ required: true }), days: t.arg.int({ defaultValue: 30 }) },
    resolve: (_root, args, context) => backtestPolicy(context.runtime, context.viewer!, args.version, args.days ?? 30),
  }),
);

builder.mutationField('createRiskPolicyDraft', (t) =>
  t.field({
    type: RiskPolicyType,
    description: 'ADMIN: stores a new DRAFT policy version; nothing changes until it is activated.',
    authScopes: { permission: 'admin:operate' },
    args: { input: t.arg({ type: PolicyDraftInput, required: true }) },
    resolve: (_root, args, context) => createPolicyDraft(context.runtime, context.viewer!, args.input),
  }),
);

builder.mutationField('activateRiskPolicy', (t) =>
  t.field({
    type: RiskPolicyType,
    description: 'ADMIN: the DRAFT becomes the ACTIVE policy for new actions; the previous one is RETIRED.',
    authScopes: { permission: 'admin:operate' },
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, context) => activatePolicy(context.runtime, context.viewer!, args.version),
  }),
);
