// The approval workflow beyond one decision: bulk decisions (decideActions), deadline extension
// (extendApproval) and the audit trail's integrity (AutoAction.auditIntegrity).
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { contextLoader } from '../../graphql/loaders.js';
import type { AutoAction } from '../../generated/prisma/client.js';
import { AuditEntryType, AutoActionType } from './actions.graphql.js';
import { verifyAuditTrails, type AuditIntegrity } from './audit-integrity.service.js';
import { decideActions, type BulkItemResult } from './decide-bulk.service.js';
import { DecisionEnum } from './enums.graphql.js';
import { extendApproval } from './extend.service.js';

const AuditIntegrityType = builder.objectRef<AuditIntegrity>('AuditIntegrity').implement({
  description:
    "The verdict on an action's audit trail: content still hashes to the sealed contentHash, every entry links to the one before, recomputes to its hash, is bound to the content hash and is signed with this server's key, and the trail ends in the action's status.",
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    valid: t.exposeBoolean('valid', { description: 'True when every check passes.' }),
    entries: t.exposeInt('entries', { description: 'Entries in the trail (legacy ones included).' }),
    legacyEntries: t.exposeInt('legacyEntries', { description: 'Entries written before the chain existed (no hash), at its start; not verifiable.' }),
    chainHead: t.exposeString('chainHead', { nullable: true, description: 'Hash of the newest hashed entry: note it to tell later whether entries were added or removed.' }),
    firstInvalidEntry: t.field({ type: AuditEntryType, nullable: true, description: 'The first entry that fails a check (null when valid, or when the problem is the action\'s content).', resolve: (result) => result.firstInvalidEntry }),
    problem: t.exposeString('problem', { nullable: true, description: 'What is wrong, in words (null when valid).' }),
    keyId: t.exposeString('keyId', { description: "This server's signing key id (the `kid` at /.well-known/opsloop-audit-key)." }),
  }),
});

/** The verdicts of a page of actions in one batch (two statements), not two per action. */
function integrityLoader(context: Context) {
  return contextLoader(context, 'approvals:auditIntegrity', (ids) => verifyAuditTrails(context.runtime, ids), (verdict) => verdict.actionId);
}

builder.prismaObjectField('AutoAction', 'auditIntegrity', (t) =>
  t.field({
    type: AuditIntegrityType,
    description: 'Verifies this action\'s audit trail (hash chain and signatures) and content hash now.',
    resolve: async (action, _args, context) => (await integrityLoader(context).load((action as AutoAction).id))!,
  }),
);

const BulkErrorType = builder.objectRef<{ code: string; message: string }>('DecideActionError').implement({
  description: 'Why one item of a bulk decision was not decided: the code and message approveAction/rejectAction would have returned for it.',
  authScopes: { permission: 'action:decideHigh' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, EXPIRED (or INTERNAL_SERVER_ERROR, logged with an errorId).' }),
    message: t.exposeString('message', { description: 'What the rule or state was, in words.' }),
  }),
});

const BulkItemType = builder.objectRef<BulkItemResult>('DecideActionResult').implement({
  description: 'One item of a bulk decision, in input order: the action as it is afterwards, or the error.',
  authScopes: { permission: 'action:decideHigh' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id as given.' }),
    action: t.field({ type: AutoActionType, nullable: true, description: 'The action after the decision (null when it failed).', resolve: (item) => item.action }),
    error: t.field({ type: BulkErrorType, nullable: true, description: 'Why it was not decided (null when it was).', resolve: (item) => item.error }),
  }),
});

const DecideActionsInput = builder.inputType('DecideActionsInput', {
  description: 'Up to 100 actions to approve or reject with one comment.',
  fields: (t) => ({
    ids: t.idList({ required: true, description: '1 to 100 action ids (ACT-…), each named once.' }),
    decision: t.field({ type: DecisionEnum, required: true, description: 'APPROVE or REJECT, for every item.' }),
    comment: t.string({ required: false, description: 'Why (at most 2000 characters); kept in each audit entry.' }),
    onBehalfOf: t.string({ required: false, description: 'Decide every item as the delegate of this user (see approveAction).' }),
  }),
});

const DecideActionsResultType = builder.objectRef<BulkItemResult[]>('DecideActionsResult').implement({
  description: 'The outcome of a bulk decision.',
  authScopes: { permission: 'action:decideHigh' },
  fields: (t) => ({
    results: t.field({ type: [BulkItemType], description: 'One result per id, in input order.', resolve: (results) => results }),
    decided: t.int({ description: 'Items decided (or voted, below a quorum).', resolve: (results) => results.filter((r) => !r.error).length }),
    failed: t.int({ description: 'Items with an error.', resolve: (results) => results.filter((r) => r.error).length }),
  }),
});

builder.mutationField('decideActions', (t) =>
  t.field({
    type: DecideActionsResultType,
    description:
      'Bulk approve or reject (the seed\'s bulk endpoint): each id goes through approveAction/rejectAction\'s rules on its own (role, four-eyes, delegation, quorum, content, expiry), in its own transaction, in input order; one item\'s failure never blocks or undoes another\'s and is reported in its result. Errors (whole call): UNAUTHENTICATED, FORBIDDEN (VIEWER, REQUESTER), BAD_USER_INPUT (no ids, more than 100, an id named twice, comment too long). Per item: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, EXPIRED.',
    authScopes: { permission: 'action:decideHigh' },
    args: { input: t.arg({ type: DecideActionsInput, required: true, description: 'The actions and the decision.' }) },
    resolve: (_root, args, context) => decideActions(context.runtime, context.viewer!, { ...args.input, ids: args.input.ids.map(String) }),
  }),
);

builder.mutationField('extendApproval', (t) =>
  t.prismaField({
    type: 'AutoAction',
    description:
      'ADMIN or PM: gives a pending action `minutes` more before it lapses — never your own (ask someone else), never past APPROVAL_MAX_WAIT_MINUTES after its submission. Audited; the EXPIRING warning is re-armed for the new deadline; approvalQueue sends EXTENDED with the new expiresAt. Errors: UNAUTHENTICATED, FORBIDDEN (role, your own action), NOT_FOUND, BAD_USER_INPUT (malformed id, minutes not 1 or more, past the maximum wait, empty reason), EXPIRED (it lapsed first; it becomes EXPIRED), CONFLICT (no longer pending).',
    authScopes: { permission: 'action:extend' },
    args: {
      id: t.arg.id({ required: true, description: 'ACT-XXXXXXXX' }),
      minutes: t.arg.int({ required: true, description: 'How many minutes to add to the current deadline (1 or more).' }),
      reason: t.arg.string({ required: true, description: 'Why (1 to 500 characters); kept in the audit trail and the ops message.' }),
    },
    resolve: (query, _root, args, context) => extendApproval(context.runtime, context.viewer!, String(args.id), args.minutes, args.reason, query),
  }),
);
