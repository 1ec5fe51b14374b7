// The live approval queue: one event per action entering, leaving or about to leave the queue.
// Events carry ids; the action is loaded once per event and selection, shared by all subscribers
// of this replica (the pub/sub hands every subscriber the same payload object).
import type { AutoAction } from '../../generated/prisma/client.js';
import type { ApprovalQueueKind } from '../../events/pubsub.js';
import { builder } from '../../graphql/builder.js';
import { getAction } from './action-reads.service.js';
import { ApprovalQueueEventKindEnum } from './enums.graphql.js';

interface ApprovalQueuePayload {
  kind: ApprovalQueueKind;
  actionId: string;
  expiresAt?: string;
}

const loaded = new WeakMap<ApprovalQueuePayload, Map<string, Promise<AutoAction>>>();

export const ApprovalQueueEventType = builder.objectRef<ApprovalQueuePayload>('ApprovalQueueEvent').implement({
  description:
    'An action entered (SUBMITTED), left (APPROVED, REJECTED, EXPIRED), is about to leave (EXPIRING) the approval queue, was escalated as overdue (ESCALATED) or got more time (EXTENDED).',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    kind: t.field({ type: ApprovalQueueEventKindEnum, description: 'What happened to the action.', resolve: (event) => event.kind }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'EXTENDED: the new deadline, as the extension set it (also `action.expiresAt`); null for other kinds.',
      resolve: (event) => (event.expiresAt ? new Date(event.expiresAt) : null),
    }),
    action: t.prismaField({
      type: 'AutoAction',
      description: 'The action as it is after the change.',
      resolve: (query, event, _args, context) => {
        const byQuery = loaded.get(event) ?? new Map<string, Promise<AutoAction>>();
        loaded.set(event, byQuery);
        const key = JSON.stringify(query);
        let action = byQuery.get(key);
        if (!action) {
          action = getAction(context.runtime, context.viewer!, event.actionId, query);
          byQuery.set(key, action);
        }
        return action;
      },
    }),
  }),
});

builder.subscriptionField('approvalQueue', (t) =>
  t.field({
    type: ApprovalQueueEventType,
    description: 'Live approval queue for ops roles and VIEWER.',
    authScopes: { permission: 'ops:read' },
    subscribe: (_root, _args, context) => context.runtime.events.subscribe('approvalQueue:changed'),
    resolve: (event) => event,
  }),
);
