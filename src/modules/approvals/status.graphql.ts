// autoStatus, autoQueue and autoHistory: the dashboard's reads.
import { builder } from '../../graphql/builder.js';
import { ActionStatusEnum } from './enums.graphql.js';
import { autoStatus, countHistory, countQueue, listHistory, listQueue, livePendingActions, opsNotificationStats, type AutoStatusSummary } from './queue.service.js';

const TodayCountsType = builder.objectRef<AutoStatusSummary['today']>('AutoStatusToday').implement({
  description: 'Actions created today (since local midnight), by their current status.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    autoDone: t.exposeInt('autoDone'),
    pendingApproval: t.exposeInt('pendingApproval'),
    approved: t.exposeInt('approved'),
    rejected: t.exposeInt('rejected'),
    expired: t.exposeInt('expired'),
  }),
});

const NotificationStatsType = builder.objectRef<{ pending: number; sent: number; failed: number }>('NotificationStats').implement({
  description: 'Ops-channel webhook messages: waiting (or retrying), delivered, and given up after the last attempt.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    pending: t.exposeInt('pending'),
    sent: t.exposeInt('sent'),
    failed: t.exposeInt('failed'),
  }),
});

const PENDING_ON_STATUS = 5;

const AutoStatusType = builder.objectRef<AutoStatusSummary>('AutoStatus').implement({
  description: "Today's autonomous operations at a glance.",
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    today: t.field({ type: TodayCountsType, resolve: (status) => status.today }),
    pendingActions: t.prismaField({
      type: ['AutoAction'],
      description: `The ${PENDING_ON_STATUS} newest pending actions that have not lapsed.`,
      resolve: (query, _status, _args, context) => livePendingActions(context.viewer, PENDING_ON_STATUS, query),
    }),
    autoProcessing: t.exposeBoolean('autoProcessing', { description: 'Whether the auto-processing cycle runs on its schedule.' }),
    cycleIntervalMinutes: t.exposeFloat('cycleIntervalMinutes'),
    approvalTtlMinutes: t.exposeFloat('approvalTtlMinutes', { description: 'How long a pending action waits for a decision.' }),
    notifications: t.field({
      type: NotificationStatsType,
      description: 'Delivery of ops-channel notifications (all time).',
      resolve: (_status, _args, context) => opsNotificationStats(context.viewer),
    }),
  }),
});

builder.queryField('autoStatus', (t) =>
  t.field({
    type: AutoStatusType,
    description: "Today's counts per status, the newest live pending actions, the auto cycle's settings and notification delivery.",
    authScopes: { permission: 'ops:read' },
    resolve: (_root, _args, context) => autoStatus(context.viewer),
  }),
);

builder.queryField('autoQueue', (t) =>
  t.prismaConnection({
    type: 'AutoAction',
    cursor: 'id',
    description: 'Actions newest first, optionally of one status (e.g. PENDING_APPROVAL for the approval queue).',
    authScopes: { permission: 'ops:read' },
    args: { status: t.arg({ type: ActionStatusEnum, required: false }) },
    totalCount: (_connection, args, context) => countQueue(context.viewer, { status: args.status }),
    resolve: (query, _root, args, context) => listQueue(context.viewer, { status: args.status }, query),
  }),
);

builder.queryField('autoHistory', (t) =>
  t.prismaConnection({
    type: 'AutoAction',
    cursor: 'id',
    description: 'Actions created in the last `days` days (1 to 366), newest first.',
    authScopes: { permission: 'ops:read' },
    args: { days: t.arg.int({ defaultValue: 7 }) },
    totalCount: (_connection, args, context) => countHistory(context.viewer, args.days ?? 7),
    resolve: (query, _root, args, context) => listHistory(context.viewer, args.days ?? 7, query),
  }),
);
