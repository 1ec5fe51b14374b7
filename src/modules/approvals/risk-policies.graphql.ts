// Risk policy versions: read them, draft a new one, backtest it over recent actions, activate it.
import { NotFoundError } from '../../errors.js';
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
    version: t.exposeInt('version', { description: 'Version number (1 is the built-in default).' }),
    status: t.expose('status', { type: PolicyStatusEnum, description: 'DRAFT, ACTIVE or RETIRED.' }),
    rules: t.expose('rules', { type: 'JSON', description: 'The rules as data (base levels, raises, always-CRITICAL combinations).' }),
    note: t.exposeString('note', { nullable: true, description: 'Why this version.' }),
    createdBy: t.exposeString('createdBy', { description: 'Username of the ADMIN who drafted it (system for the default).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was drafted.' }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime', nullable: true, description: 'When it became ACTIVE, if ever.' }),
  }),
});

// A Node by version (POL-3); version 1 is the built-in default, which is never stored.
builder.nodeRef(RiskPolicyType, {
  id: { resolve: (policy: { version: number }) => policy.version, description: 'POL-<version> (its Node id).' },
  loadOne: (version, context) =>
    getPolicy(context.runtime, context.viewer!, Number(version)).catch((error: unknown) => (error instanceof NotFoundError ? null : Promise.reject(error))),
});

const BacktestChangeType = builder.objectRef<BacktestChange>('RiskBacktestChange').implement({
  description: 'An action whose risk level or approval gate would differ under the replayed policy.',
  authScopes: { permission: 'admin:operate' },
  fields: (t) => ({
    actionId: t.exposeID('actionId', { description: 'The action (ACT-…).' }),
    actionType: t.exposeString('actionType', { description: 'Its type.' }),
    environment: t.expose('environment', { type: EnvironmentEnum, description: 'Its environment.' }),
    targetCount: t.exposeInt('targetCount', { description: 'Its blast radius.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was submitted.' }),
    status: t.expose('status', { type: ActionStatusEnum, description: 'Its status now.' }),
    recordedRiskLevel: t.expose('recordedRiskLevel', { type: RiskLevelEnum, description: 'The risk it got when submitted.' }),
    recordedPolicyVersion: t.exposeInt('recordedPolicyVersion', { description: 'The policy version that assessed it then.' }),
    recordedRequiresApproval: t.exposeBoolean('recordedRequiresApproval', { description: 'Whether it waited for approval then.' }),
    newRiskLevel: t.expose('newRiskLevel', { type: RiskLevelEnum, description: 'The risk under the replayed policy.' }),
    newRequiresApproval: t.exposeBoolean('newRequiresApproval', { description: 'Whether it would wait for approval under the replayed policy.' }),
    factors: t.expose('factors', { type: [RiskFactorType], description: 'Why the replayed policy gives newRiskLevel.' }),
  }),
});

const BacktestType = builder.objectRef<BacktestResult>('RiskPolicyBacktest').implement({
  description: 'A policy replayed over recent submitted actions (lessons as they are now).',
  authScopes: { permission: 'admin:operate' },
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The replayed policy.' }),
    activeVersion: t.exposeInt('activeVersion', { description: 'The policy active now.' }),
    days: t.exposeInt('days', { description: 'How many days of actions were replayed.' }),
    actionsReplayed: t.exposeInt('actionsReplayed', { description: 'Actions replayed.' }),
    riskChanged: t.exposeInt('riskChanged', { description: 'Actions whose risk level would differ.' }),
    gateChanged: t.exposeInt('gateChanged', { description: 'Actions that would switch between automatic and approval.' }),
    raised: t.exposeInt('raised', { description: 'Actions whose risk would be higher.' }),
    lowered: t.exposeInt('lowered', { description: 'Actions whose risk would be lower.' }),
    changes: t.expose('changes', { type: [BacktestChangeType], description: 'The newest changed actions (at most 100).' }),
  }),
});

const PolicyDraftInput = builder.inputType('RiskPolicyDraftInput', {
  description: 'A new DRAFT version of the risk policy.',
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
    args: { version: t.arg.int({ required: true, description: 'The version number.' }) },
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
    args: {
      version: t.arg.int({ required: true, description: 'The policy version to replay.' }),
      days: t.arg.int({ defaultValue: 30, description: 'How many days of actions to replay (default 30).' }),
    },
    resolve: (_root, args, context) => backtestPolicy(context.runtime, context.viewer!, args.version, args.days ?? 30),
  }),
);

builder.mutationField('createRiskPolicyDraft', (t) =>
  t.field({
    type: RiskPolicyType,
    description:
      'ADMIN: stores a new DRAFT policy version; nothing changes until it is activated. Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN), BAD_USER_INPUT (rules not in the policy shape, named).',
    authScopes: { permission: 'admin:operate' },
    args: { input: t.arg({ type: PolicyDraftInput, required: true, description: 'The draft.' }) },
    resolve: (_root, args, context) => createPolicyDraft(context.runtime, context.viewer!, args.input),
  }),
);

builder.mutationField('activateRiskPolicy', (t) =>
  t.field({
    type: RiskPolicyType,
    description:
      'ADMIN: the DRAFT becomes the ACTIVE policy for new actions; the previous one is RETIRED. Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN), NOT_FOUND (unknown version), CONFLICT (not a DRAFT).',
    authScopes: { permission: 'admin:operate' },
    args: { version: t.arg.int({ required: true, description: 'The DRAFT version to activate.' }) },
    resolve: (_root, args, context) => activatePolicy(context.runtime, context.viewer!, args.version),
  }),
);
