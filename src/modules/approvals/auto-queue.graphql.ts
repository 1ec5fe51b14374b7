// autoQueue and autoHistory: the actions, newest first, by status (the approval queue is
// status PENDING_APPROVAL) or by age.
import { builder } from '../../graphql/builder.js';
import { countHistory, countQueue, listHistory, listQueuePage } from './action-reads.service.js';
import { rememberedTotal, rememberTotal, selectedColumns } from './queue-selection.js';
import { ActionStatusEnum } from './enums.graphql.js';

builder.queryField('autoQueue', (t) =>
  t.prismaConnection({
    type: 'AutoAction',
    cursor: 'id',
    description: 'Actions newest first, optionally of one status (e.g. PENDING_APPROVAL for the approval queue).',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: ActionStatusEnum, required: false, description: 'Only actions of this status (all when omitted).' }) },
    // The page reads its total in the same statement (queue-page.service.ts); counted apart otherwise.
    totalCount: (_connection, args, context) => rememberedTotal(context, args.status) ?? countQueue(context.runtime, context.viewer!, { status: args.status }),
    resolve: async (query, _root, args, context, info) => {
      const page = await listQueuePage(context.runtime, context.viewer!, { status: args.status }, query, selectedColumns(info));
      rememberTotal(context, args.status, page.total);
      return page.rows;
    },
  }),
);

builder.queryField('autoHistory', (t) =>
  t.prismaConnection({
    type: 'AutoAction',
    cursor: 'id',
    description: 'Actions created in the last `days` days (1 to 366), newest first.',
    authScopes: { permission: 'ops:read' },
    args: { days: t.arg.int({ defaultValue: 7, description: 'How many days back (1 to 366, default 7).' }) },
    totalCount: (_connection, args, context) => countHistory(context.runtime, context.viewer!, args.days ?? 7),
    resolve: (query, _root, args, context) => listHistory(context.runtime, context.viewer!, args.days ?? 7, query),
  }),
);
