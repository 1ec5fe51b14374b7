// autoStatus: today's autonomous operations at a glance, for the dashboard and chat-ops.
import { builder } from '../../graphql/builder.js';
import { livePendingActions } from './action-reads.service.js';
import { autoStatus, opsNotificationStats, type AutoStatusSummary } from './auto-status.service.js';

const TodayCountsType = builder.objectRef<AutoStatusSummary['today']>('AutoStatusToday').implement({
  description: 'Actions created today (since local midnight), by their current status.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    autoDone: t.exposeInt('autoDone', { description: 'Done without approval.' }),
    pendingApproval: t.exposeInt('pendingApproval', { description: 'Waiting for a decision.' }),
    approved: t.exposeInt('approved', { description: 'Approved.' }),
    rejected: t.exposeInt('rejected', { description: 'Rejected.' }),
    expired: t.exposeInt('expired', { description: 'Lapsed without a decision.' }),
  }),
});

const NotificationStatsType = builder.objectRef<{ pending: number; sent: number; failed: number }>('NotificationStats').implement({
  description: 'Ops-channel webhook messages: waiting (or retrying), delivered, and given up after the last attempt.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    pending: t.exposeInt('pending', { description: 'Waiting to be sent, or retrying.' }),
    sent: t.exposeInt('sent', { description: 'Delivered.' }),
    failed: t.exposeInt('failed', { description: 'Given up after the last attempt.' }),
  }),
});

const PENDING_ON_STATUS = 5;

const AutoStatusType = builder.objectRef<AutoStatusSummary>('AutoStatus').implement({
  description: "Today's autonomous operations at a glance.",
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    today: t.field({ type: TodayCountsType, description: 'Actions created today, by status.', resolve: (status) => status.today }),
    pendingActions: t.prismaField({
      type: ['AutoAction'],
      description: `The ${PENDING_ON_STATUS} newest pending actions that have not lapsed.`,
      resolve: (query, _status, _args, context) => livePendingActions(context.runtime, context.viewer!, PENDING_ON_STATUS, query),
    }),
    autoProcessing: t.exposeBoolean('autoProcessing', { description: 'Whether the auto-processing cycle runs on its schedule.' }),
    cycleIntervalMinutes: t.exposeFloat('cycleIntervalMinutes', { description: 'Minutes between scheduled cycle runs.' }),
    approvalTtlMinutes: t.exposeFloat('approvalTtlMinutes', { description: 'How long a pending action waits for a decision.' }),
    notifications: t.field({
      type: NotificationStatsType,
      description: 'Delivery of ops-channel notifications (all time).',
      resolve: (_status, _args, context) => opsNotificationStats(context.runtime, context.viewer!),
    }),
  }),
});

builder.queryField('autoStatus', (t) =>
  t.field({
    type: AutoStatusType,
    description: "Today's counts per status, the newest live pending actions, the auto cycle's settings and notification delivery.",
    authScopes: { permission: 'ops:read' },
    resolve: (_root, _args, context) => autoStatus(context.runtime, context.viewer!),
  }),
);
