// The read side of autonomous operations: one action, the queue, the history and today's status.
// `query` is the Prisma selection planned by the GraphQL layer (include/select, paging); services
// spread it so nested fields load in the same statement, and own the filters and the authorization.
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import { settings } from '../../runtime.js';
import { parseActionId } from './actions.service.js';
import { notificationStats } from './notifications/relay.js';

type Query = Omit<Prisma.AutoActionFindManyArgs, 'where' | 'orderBy'>;

/** Newest first; the id breaks ties so pages never overlap. */
const NEWEST_FIRST: Prisma.AutoActionOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

export const MAX_HISTORY_DAYS = 366;

export async function getAction(viewer: Viewer | null, rawId: string, query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {}): Promise<AutoAction> {
  requirePermission(viewer, 'ops:read');
  const id = parseActionId(rawId);
  const action = await db().autoAction.findUnique({ ...query, where: { id } });
  if (!action) throw new NotFoundError('AutoAction', id);
  return action;
}

export interface QueueFilter {
  status?: ActionStatus | null;
}

function queueWhere(filter: QueueFilter): Prisma.AutoActionWhereInput {
  return filter.status ? { status: filter.status } : {};
}

export async function listQueue(viewer: Viewer | null, filter: QueueFilter, query: Query = {}): Promise<AutoAction[]> {
  requirePermission(viewer, 'ops:read');
  return db().autoAction.findMany({ ...query, where: queueWhere(filter), orderBy: NEWEST_FIRST });
}

export async function countQueue(viewer: Viewer | null, filter: QueueFilter): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().autoAction.count({ where: queueWhere(filter) });
}

function historyWhere(days: number): Prisma.AutoActionWhereInput {
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS) throw new BadInputError('days', `must be a whole number from 1 to ${MAX_HISTORY_DAYS}`);
  return { createdAt: { gte: new Date(Date.now() - days * 86_400_000) } };
}

export async function listHistory(viewer: Viewer | null, days: number, query: Query = {}): Promise<AutoAction[]> {
  requirePermission(viewer, 'ops:read');
  return db().autoAction.findMany({ ...query, where: historyWhere(days), orderBy: NEWEST_FIRST });
}

export async function countHistory(viewer: Viewer | null, days: number): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().autoAction.count({ where: historyWhere(days) });
}

export interface AutoStatusSummary {
  today: { autoDone: number; pendingApproval: number; approved: number; rejected: number; expired: number };
  autoProcessing: boolean;
  cycleIntervalMinutes: number;
  approvalTtlMinutes: number;
}

/** Today's counts per status (actions created since local midnight) and the cycle settings. */
export async function autoStatus(viewer: Viewer | null): Promise<AutoStatusSummary> {
  requirePermission(viewer, 'ops:read');
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const groups = await db().autoAction.groupBy({ by: ['status'], where: { createdAt: { gte: midnight } }, _count: { _all: true } });
  const count = (status: ActionStatus) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const config = settings();
  return {
    today: {
      autoDone: count('AUTO_DONE'),
      pendingApproval: count('PENDING_APPROVAL'),
      approved: count('APPROVED'),
      rejected: count('REJECTED'),
      expired: count('EXPIRED'),
    },
    autoProcessing: config.autoCycle.enabled,
    cycleIntervalMinutes: config.autoCycle.intervalMinutes,
    approvalTtlMinutes: config.approvals.ttlMinutes,
  };
}

/** The newest pending actions that have not lapsed yet. */
export async function livePendingActions(viewer: Viewer | null, limit: number, query: Query = {}): Promise<AutoAction[]> {
  requirePermission(viewer, 'ops:read');
  return db().autoAction.findMany({
    ...query,
    where: { status: 'PENDING_APPROVAL', expiresAt: { gt: new Date() } },
    orderBy: NEWEST_FIRST,
    take: limit,
  });
}

export async function opsNotificationStats(viewer: Viewer | null) {
  requirePermission(viewer, 'ops:read');
  return notificationStats();
}
