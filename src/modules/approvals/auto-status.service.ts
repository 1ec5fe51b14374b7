// Today's autonomous operations at a glance: counts per status since local midnight, the auto
// cycle's settings, and ops-channel notification delivery. Static permission (ops:read) on the field.
import type { ActionStatus } from '../../generated/prisma/enums.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Runtime } from '../../runtime.js';
import { notificationStats } from './notifications/relay.js';

export interface AutoStatusSummary {
  today: { autoDone: number; pendingApproval: number; approved: number; rejected: number; expired: number };
  autoProcessing: boolean;
  cycleIntervalMinutes: number;
  approvalTtlMinutes: number;
}

/** Today's counts per status (actions created since local midnight) and the cycle settings. */
export async function autoStatus(rt: Runtime, _viewer: Viewer): Promise<AutoStatusSummary> {
  const midnight = new Date(rt.clock.now().getTime());
  midnight.setHours(0, 0, 0, 0);
  const groups = await rt.db.autoAction.groupBy({ by: ['status'], where: { createdAt: { gte: midnight } }, _count: { _all: true } });
  const count = (status: ActionStatus) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const { autoCycle, approvals } = rt.config;
  return {
    today: {
      autoDone: count('AUTO_DONE'),
      pendingApproval: count('PENDING_APPROVAL'),
      approved: count('APPROVED'),
      rejected: count('REJECTED'),
      expired: count('EXPIRED'),
    },
    autoProcessing: autoCycle.enabled,
    cycleIntervalMinutes: autoCycle.intervalMinutes,
    approvalTtlMinutes: approvals.ttlMinutes,
  };
}

export async function opsNotificationStats(rt: Runtime, _viewer: Viewer): Promise<{ pending: number; sent: number; failed: number }> {
  return notificationStats(rt);
}
