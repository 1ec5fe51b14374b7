// AutoAction and its audit trail; assessRisk, submitAction, approveAction, rejectAction, autoAction.
import { builder } from '../../graphql/builder.js';
import { UserType, userLoader } from '../identity/identity.graphql.js';
import { getAction, requireAction } from './action-reads.service.js';
import { decideAction } from './decide.service.js';
import { EnvironmentEnum } from '../itsm/enums.graphql.js';
import { ActionStatusEnum, RiskLevelEnum } from './enums.graphql.js';
import { actorLabel } from './audit-chain.js';
import { assessRisk } from './risk-assessment.service.js';
import { submitAction } from './submit.service.js';
import type { RiskFactor } from './risk-policy.js';

export const RiskFactorType = builder.objectRef<RiskFactor>('RiskFactor').implement({
  description: 'One reason for a risk level: what it did (base level, "+N", "=CRITICAL") and why.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'base, environment, blastRadius, failureLesson, history, destructiveInEnvironment, ceiling, autoCycle.' }),
    effect: t.exposeString('effect', { description: 'The base level, "+N" levels, or "=CRITICAL".' }),
    detail: t.exposeString('detail', { description: 'Human-readable explanation.' }),
  }),
});

export const RiskAssessmentType = builder
  .objectRef<{ riskLevel: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; requiresApproval: boolean; policyVersion: number; factors: RiskFactor[] }>('RiskAssessment')
  .implement({
    description: 'The risk of an action under a policy version, and the factors that produced it.',
    authScopes: { authenticated: true },
    fields: (t) => ({
      riskLevel: t.expose('riskLevel', { type: RiskLevelEnum, description: 'The level the policy gives.' }),
      requiresApproval: t.exposeBoolean('requiresApproval', { description: 'HIGH and CRITICAL wait for approval.' }),
      policyVersion: t.exposeInt('policyVersion', { description: 'The policy version that assessed it.' }),
      factors: t.expose('factors', { type: [RiskFactorType], description: 'What produced the level, in order.' }),
    }),
  });

export const AuditEntryType = builder.prismaObject('AuditEntry', {
  description:
    "One transition of an action (append-only). Each action's entries form a hash chain signed with the server's key (hash, prevHash, signature, keyId; verify with AutoAction.auditIntegrity or offline with the key at /.well-known/opsloop-audit-key).",
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the transition happened.' }),
    actor: t.exposeString('actor', { description: 'Username of whoever acted (the delegate, for a delegated decision), or system:<job> for scheduled work.' }),
    onBehalfOf: t.exposeString('onBehalfOf', { nullable: true, description: 'The delegator the actor decided for, when they used a delegation.' }),
    delegationId: t.exposeID('delegationId', { nullable: true, description: 'The delegation (DLG-…) the actor decided under, if any.' }),
    actorLabel: t.string({
      description: 'Who acted, in words: "eddie", or "eddie on behalf of ada (delegation DLG-…)".',
      resolve: (entry) => actorLabel(entry),
    }),
    fromStatus: t.expose('fromStatus', { type: ActionStatusEnum, nullable: true, description: 'Null for the creation.' }),
    toStatus: t.expose('toStatus', { type: ActionStatusEnum, description: 'The status after it.' }),
    comment: t.exposeString('comment', { nullable: true, description: 'The decision comment, vote tally, extension or escalation note, if any.' }),
    contentHash: t.exposeString('contentHash', { nullable: true, description: "The action's content hash this entry is bound to (what a decision approved)." }),
    prevHash: t.exposeString('prevHash', { nullable: true, description: "Hash of the previous entry of this action's chain; null for the first hashed entry." }),
    hash: t.exposeString('hash', { nullable: true, description: 'SHA-256 (hex) over the canonical entry and prevHash; null for entries written before the chain existed.' }),
    signature: t.exposeString('signature', { nullable: true, description: 'Ed25519 signature (base64url) over the 32 bytes of `hash`.' }),
    keyId: t.exposeString('keyId', { nullable: true, description: "The signing key's id (the `kid` of the published JWK)." }),
  }),
});

builder.prismaObject('ActionApproval', {
  description: 'An approval vote (several for a CRITICAL action when a quorum is configured). A delegated vote is the delegator\'s.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    approver: t.exposeString('approver', { description: 'Whose vote it is: the approver, or the delegator of a delegated vote.' }),
    decidedBy: t.string({ description: 'Who cast it (the delegate for a delegated vote).', resolve: (approval) => approval.decidedBy ?? approval.approver }),
    delegationId: t.exposeID('delegationId', { nullable: true, description: 'The delegation (DLG-…) it was cast under, if any.' }),
    contentHash: t.exposeString('contentHash', { nullable: true, description: 'The content hash it approved.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When they approved.' }),
    comment: t.exposeString('comment', { nullable: true, description: 'Their comment, if any.' }),
  }),
});

export const AutoActionType = builder.prismaNode('AutoAction', {
  description: 'An operation submitted for autonomous execution, gated by its risk.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'ACT-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    actionType: t.exposeString('actionType', { description: 'Upper snake case, e.g. DEPLOY.' }),
    description: t.exposeString('description', { description: 'What the action does, in words.' }),
    target: t.exposeString('target', { nullable: true, description: 'What it acts on (service, host, table…); null when the submitter named none.' }),
    environment: t.expose('environment', { type: EnvironmentEnum, description: 'Where it runs.' }),
    targetCount: t.exposeInt('targetCount', { description: 'Blast radius: how many targets.' }),
    payload: t.expose('payload', { type: 'JSON', nullable: true, description: 'Parameters of the action (a JSON object), as submitted.' }),
    riskLevel: t.expose('riskLevel', { type: RiskLevelEnum, description: 'The assessed risk.' }),
    riskFactors: t.field({ type: [RiskFactorType], description: 'Why it got its risk level.', resolve: (action) => action.riskFactors as unknown as RiskFactor[] }),
    policyVersion: t.exposeInt('policyVersion', { description: 'The risk policy version that assessed it.' }),
    status: t.expose('status', { type: ActionStatusEnum, description: 'Where it stands in the approval gate.' }),
    requestedBy: t.exposeString('requestedBy', { description: 'Username of whoever submitted it, or system:<job> for the auto cycle.' }),
    requester: t.field({
      type: UserType,
      nullable: true,
      description: 'Whoever submitted it, as a User (null for system:<job>).',
      resolve: (action, _args, context) => (action.requestedBy.startsWith('system:') ? null : userLoader(context).load(action.requestedBy)),
    }),
    approvedBy: t.exposeString('approvedBy', { nullable: true, description: 'Who approved or rejected it (the delegate, for a delegated decision).' }),
    approvedOnBehalfOf: t.exposeString('approvedOnBehalfOf', { nullable: true, description: 'The delegator the decision was made for, when approvedBy decided under a delegation.' }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true, description: 'When it was approved or rejected.' }),
    comment: t.exposeString('comment', { nullable: true, description: 'The decision comment or rejection reason.' }),
    result: t.expose('result', { type: 'JSON', nullable: true, description: 'What running it produced (null until it ran).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was submitted.' }),
    processedAt: t.expose('processedAt', { type: 'DateTime', nullable: true, description: 'When it ran (AUTO_DONE or APPROVED), or was rejected or expired.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Deadline for a decision (pending actions); extensions move it.' }),
    contentHash: t.exposeString('contentHash', {
      nullable: true,
      description:
        'SHA-256 (hex) of the canonical JSON of {actionType, target, environment, targetCount, payload}, sealed at submission. Send it back as `expectedContentHash` when deciding: the decision applies only to this content. Null for actions recorded before content hashes.',
    }),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true, description: 'When it was escalated as overdue (once), if it was.' }),
    extendedAt: t.expose('extendedAt', { type: 'DateTime', nullable: true, description: 'When its deadline was last extended, if ever.' }),
    extensionCount: t.exposeInt('extensionCount', { description: 'How many times its deadline was extended.' }),
    cycleRunId: t.exposeString('cycleRunId', { nullable: true, description: 'The auto-cycle run that recorded it, if any.' }),
    auditTrail: t.relation('auditTrail', { query: { orderBy: [{ at: 'asc' }, { id: 'asc' }] }, description: 'Every transition, oldest first.' }),
    approvals: t.relation('approvals', { query: { orderBy: { at: 'asc' } }, description: 'Distinct approvers so far.' }),
  }),
});

export const ActionInputType = builder.inputType('ActionInput', {
  description: 'An operation to assess or submit.',
  fields: (t) => ({
    actionType: t.string({ required: true, description: 'e.g. RESTART_SERVICE, SCALE, CONFIG_CHANGE, DEPLOY, PATCH, BULK_CLOSE, DB_MIGRATION, DELETE_DATA.' }),
    description: t.string({ required: true, description: '1 to 2000 characters.' }),
    target: t.string({ required: false, description: 'What it acts on (service, host, table…), 1 to 500 characters; optional, as in the seed: the risk does not depend on it, and a missing target is stored and shown as null.' }),
    environment: t.field({ type: EnvironmentEnum, defaultValue: 'DEV', description: 'Where it runs (default DEV); PROD raises risk.' }),
    targetCount: t.int({ defaultValue: 1, description: 'Blast radius: how many targets, 1 to 100000.' }),
    payload: t.field({ type: 'JSON', required: false, description: 'A JSON object of parameters (at most 16 KB).' }),
  }),
});

builder.queryField('assessRisk', (t) =>
  t.field({
    type: RiskAssessmentType,
    description: 'Dry run: the risk an action would get under the active policy. Nothing is written.',
    authScopes: { permission: 'ops:read' },
    args: { input: t.arg({ type: ActionInputType, required: true, description: 'The action to assess.' }) },
    resolve: (_root, args, context) => assessRisk(context.runtime, context.viewer!, args.input),
  }),
);

builder.queryField('autoAction', (t) =>
  t.prismaField({
    type: 'AutoAction',
    description: 'One action with its audit trail. NOT_FOUND when unknown, BAD_USER_INPUT for a malformed id.',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true, description: 'ACT-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => getAction(context.runtime, context.viewer!, String(args.id), query),
  }),
);

builder.mutationField('submitAction', (t) =>
  t.prismaField({
    type: 'AutoAction',
    description:
      'Assesses the risk: LOW/MEDIUM are done at once (AUTO_DONE); HIGH/CRITICAL wait in PENDING_APPROVAL until expiresAt. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (a field out of range, named).',
    authScopes: { permission: 'action:submit' },
    args: { input: t.arg({ type: ActionInputType, required: true, description: 'The action to submit.' }) },
    resolve: async (query, _root, args, context) => {
      const action = await submitAction(context.runtime, context.viewer!, args.input);
      return requireAction(context.runtime, action.id, query);
    },
  }),
);

for (const [field, decision, verb] of [
  ['approveAction', 'APPROVE', 'Approves'],
  ['rejectAction', 'REJECT', 'Rejects'],
] as const) {
  builder.mutationField(field, (t) =>
    t.prismaField({
      type: 'AutoAction',
      description: `${verb} a pending action. HIGH: ENGINEER, PM or ADMIN; CRITICAL: ADMIN — or a delegate of one (onBehalfOf, or automatically when your own role is not enough; a delegated CRITICAL approval is the ADMIN's vote for quorum). Never the requester, nor on the requester's behalf (four-eyes). Errors: UNAUTHENTICATED, FORBIDDEN (role, CRITICAL without ADMIN or a delegation from one, four-eyes, a delegation not in force or not covering the level), NOT_FOUND, BAD_USER_INPUT (malformed id, comment or expectedContentHash), EXPIRED (after expiresAt; the action becomes EXPIRED), CONFLICT (no longer pending, a concurrent decision won, already voted, or the content is not the sealed/expected one).`,
      authScopes: { permission: 'action:decideHigh' },
      args: {
        id: t.arg.id({ required: true, description: 'ACT-XXXXXXXX' }),
        comment: t.arg.string({ required: false, description: 'Why (at most 2000 characters); kept in the audit trail.' }),
        onBehalfOf: t.arg.string({ required: false, description: 'Decide as the delegate of this user (their delegation to you must be in force and cover the risk level).' }),
        expectedContentHash: t.arg.string({ required: false, description: 'The AutoAction.contentHash you reviewed: CONFLICT if the action\'s content is not that one.' }),
      },
      resolve: (query, _root, args, context) =>
        decideAction(context.runtime, context.viewer!, String(args.id), decision, args.comment, query, { onBehalfOf: args.onBehalfOf, expectedContentHash: args.expectedContentHash }),
    }),
  );
}
