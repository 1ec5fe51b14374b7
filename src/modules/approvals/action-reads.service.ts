// The read side of autonomous operations: one action, the queue, the history and the live pending
// list. `query` is the Prisma selection planned by the GraphQL layer (include/select, paging);
// services spread it so nested fields load in the same statement. The static permission
// (ops:read) is declared on the GraphQL fields (and on the chat commands).
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseActionId } from './action-input.js';
import { readQueuePage, type QueuePage } from './queue-page.service.js';

type Query = Omit<Prisma.AutoActionFindManyArgs, 'where' | 'orderBy'>;

/** Newest first; the id breaks ties so pages never overlap. */
const NEWEST_FIRST: Prisma.AutoActionOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

export const MAX_HISTORY_DAYS = 366;

/** The action with this (already parsed) id, or NOT_FOUND. */
export async function requireAction(rt: Runtime, id: string, query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {}): Promise<AutoAction> {
  const action = await rt.db.autoAction.findUnique({ ...query, where: { id } });
  if (!action) throw new NotFoundError('AutoAction', id);
  return action;
}

export async function getAction(rt: Runtime, _viewer: Viewer, rawId: string, query: Omit<Prisma.AutoActionFindUniqueArgs, 'where'> = {}): Promise<AutoAction> {
  return requireAction(rt, parseActionId(rawId), query);
}

export interface QueueFilter {
  status?: ActionStatus | null;
}

function queueWhere(filter: QueueFilter): Prisma.AutoActionWhereInput {
  return filter.status ? { status: filter.status } : {};
}

export async function listQueue(rt: Runtime, _viewer: Viewer, filter: QueueFilter, query: Query = {}): Promise<AutoAction[]> {
  return rt.db.autoAction.findMany({ ...query, where: queueWhere(filter), orderBy: NEWEST_FIRST });
}

/** The queue page in at most three statements (the total with it): see queue-page.service.ts. */
export async function listQueuePage(rt: Runtime, _viewer: Viewer, filter: QueueFilter, query: Query = {}, columns?: ReadonlyArray<keyof AutoAction>): Promise<QueuePage> {
  return readQueuePage(rt, filter.status, query, columns);
}

export async function countQueue(rt: Runtime, _viewer: Viewer, filter: QueueFilter): Promise<number> {
  return rt.db.autoAction.count({ where: queueWhere(filter) });
}

function parseHistoryDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS) throw new BadInputError('days', `must be a whole number from 1 to ${MAX_HISTORY_DAYS}`);
  return days;
}

function historyWhere(days: number, now: Date): Prisma.AutoActionWhereInput {
  return { createdAt: { gte: new Date(now.getTime() - days * 86_400_000) } };
}

export async function listHistory(rt: Runtime, _viewer: Viewer, days: number, query: Query = {}): Promise<AutoAction[]> {
  const where = historyWhere(parseHistoryDays(days), rt.clock.now());
  return rt.db.autoAction.findMany({ ...query, where, orderBy: NEWEST_FIRST });
}

export async function countHistory(rt: Runtime, _viewer: Viewer, days: number): Promise<number> {
  return rt.db.autoAction.count({ where: historyWhere(parseHistoryDays(days), rt.clock.now()) });
}

/** The newest pending actions that have not lapsed yet. */
export async function livePendingActions(rt: Runtime, _viewer: Viewer, limit: number, query: Query = {}): Promise<AutoAction[]> {
  return rt.db.autoAction.findMany({
    ...query,
    where: { status: 'PENDING_APPROVAL', expiresAt: { gt: rt.clock.now() } },
    orderBy: NEWEST_FIRST,
    take: limit,
  });
}
