// Delegation of approval authority: the ApprovalDelegation type (a Node, DLG-…), `delegations`,
// `delegateApprovals`, `revokeDelegation`. Rules in delegations.service.ts and the README.
import { builder } from '../../graphql/builder.js';
import { UserType, userLoader } from '../identity/identity.graphql.js';
import { countDelegations, delegateApprovals, delegationStatus, listDelegations, revokeDelegation, visibleDelegationWhere } from './delegations.service.js';
import { DelegationStatusEnum, RiskLevelEnum } from './enums.graphql.js';

builder.prismaNode('ApprovalDelegation', {
  description: "One ops user's approval authority handed to another ops user for a time window (DLG-…). Read by its delegator, delegate and creator; ADMINs read all.",
  authScopes: { permission: 'action:delegate' },
  id: { field: 'id', description: 'DLG-XXXXXXXX (also its Node id).' },
  // node(id:) answers only who may see it, like `delegations`.
  findUnique: (id, context) => ({ id, AND: [visibleDelegationWhere(context.viewer)] }),
  nullable: true,
  fields: (t) => ({
    from: t.exposeString('delegator', { description: 'The delegator: whose authority is handed on.' }),
    to: t.exposeString('delegate', { description: 'The delegate: who may decide on the delegator\'s behalf during the window.' }),
    fromUser: t.field({ type: UserType, nullable: true, description: 'The delegator, as a User.', resolve: (d, _args, context) => userLoader(context).load(d.delegator) }),
    toUser: t.field({ type: UserType, nullable: true, description: 'The delegate, as a User.', resolve: (d, _args, context) => userLoader(context).load(d.delegate) }),
    riskLevels: t.field({ type: [RiskLevelEnum], description: 'The levels covered (HIGH, CRITICAL).', resolve: (d) => d.riskLevels }),
    startsAt: t.expose('startsAt', { type: 'DateTime', description: 'When the window starts.' }),
    until: t.expose('endsAt', { type: 'DateTime', description: 'When the window ends (exclusive).' }),
    reason: t.exposeString('reason', { description: 'Why (e.g. "on leave until Monday").' }),
    createdBy: t.exposeString('createdBy', { description: 'Who created it (the delegator, or an ADMIN for them).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked, if it was.' }),
    revokedBy: t.exposeString('revokedBy', { nullable: true, description: 'Who revoked it, if anyone.' }),
    status: t.field({ type: DelegationStatusEnum, description: 'Where it stands now (by the server\'s clock).', resolve: (d, _args, context) => delegationStatus(d, context.runtime.clock.now()) }),
  }),
});

const DelegateApprovalsInput = builder.inputType('DelegateApprovalsInput', {
  description: 'Hands approval authority to another ops user for a time window.',
  fields: (t) => ({
    to: t.string({ required: true, description: 'The delegate: an ops user (ADMIN, PM, ENGINEER) known to opsloop, not the delegator.' }),
    until: t.field({ type: 'DateTime', required: true, description: 'When the window ends: after its start, at most APPROVAL_DELEGATION_MAX_DAYS (default 30) later.' }),
    from: t.string({ required: false, description: 'The delegator (default: you). Someone else: ADMIN only.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When the window starts (default: now; not in the past).' }),
    riskLevels: t.field({ type: [RiskLevelEnum], required: false, description: "Levels covered (default: all the delegator's own role decides: HIGH, and CRITICAL for an ADMIN)." }),
    reason: t.string({ required: true, description: 'Why (1 to 500 characters).' }),
  }),
});

builder.queryField('delegations', (t) =>
  t.prismaConnection({
    type: 'ApprovalDelegation',
    cursor: 'id',
    description: 'Delegations newest first: yours (as delegator, delegate or creator), or all for an ADMIN.',
    authScopes: { permission: 'action:delegate' },
    args: { activeOnly: t.arg.boolean({ required: false, description: 'Only those in force now.' }) },
    totalCount: (_connection, args, context) => countDelegations(context.runtime, context.viewer!, args),
    resolve: (query, _root, args, context) => listDelegations(context.runtime, context.viewer!, args, query),
  }),
);

builder.mutationField('delegateApprovals', (t) =>
  t.prismaField({
    type: 'ApprovalDelegation',
    description:
      "Hands your approval authority (or, as an ADMIN, someone else's) to another ops user for a time window: they may decide what the delegator could, on the delegator's behalf (a delegated CRITICAL approval is the ADMIN's vote). Never to yourself; never authority held only by delegation (no chains). Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER; `from` someone else without ADMIN; a level the delegator's role does not decide), BAD_USER_INPUT (unknown or non-ops delegate, oneself, LOW/MEDIUM levels, a window in the past, ending before it starts or longer than the maximum, empty reason).",
    authScopes: { permission: 'action:delegate' },
    args: { input: t.arg({ type: DelegateApprovalsInput, required: true, description: 'The delegation.' }) },
    resolve: (query, _root, args, context) => delegateApprovals(context.runtime, context.viewer!, args.input, query),
  }),
);

builder.mutationField('revokeDelegation', (t) =>
  t.prismaField({
    type: 'ApprovalDelegation',
    description:
      'Ends a delegation at once (its delegator, delegate or creator, or an ADMIN); decisions under it stop immediately, in chat too. Errors: UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (malformed id), NOT_FOUND (unknown, or not yours), CONFLICT (already revoked or ended).',
    authScopes: { permission: 'action:delegate' },
    args: { id: t.arg.id({ required: true, description: 'DLG-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => revokeDelegation(context.runtime, context.viewer!, String(args.id), query),
  }),
);
