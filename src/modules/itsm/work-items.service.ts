// The requests the auto cycle works on, and the conditional updates it makes to them. Each read
// selects only new work (a predicate backed by an index) one keyset page at a time; each write is
// a conditional update that runs inside the caller's transaction (with the cycle's record of it)
// and says whether it changed the request, so a rerun or a concurrent human change never repeats
// or overwrites an act.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Category, Priority, RequestType } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';

/** A keyset position over (createdAt, id): stable under concurrent inserts, no OFFSET scans. */
export interface CreatedCursor {
  createdAt: Date;
  id: string;
}

function createdAfter(cursor: CreatedCursor | undefined): Prisma.ServiceRequestWhereInput {
  if (!cursor) return {};
  return { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] };
}

const OLDEST_FIRST = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ServiceRequestOrderByWithRelationInput[];

const OPEN = ['NEW', 'ASSIGNED', 'IN_PROGRESS'] as const;
const OPEN_FOR_ANSWER = ['NEW', 'ASSIGNED'] as const;
const DONE = ['RESOLVED', 'CLOSED'] as const;

// ─── assignment (status NEW; index status, createdAt) ───

export interface NewRequest extends CreatedCursor {
  title: string;
  description: string;
  type: RequestType;
  priority: Priority;
  category: Category | null;
  classifiedAt: Date | null;
}

export async function listNewRequests(rt: Runtime, after: CreatedCursor | undefined, take: number): Promise<NewRequest[]> {
  return rt.db.serviceRequest.findMany({
    where: { status: 'NEW', ...createdAfter(after) },
    select: { id: true, title: true, description: true, type: true, priority: true, category: true, classifiedAt: true, createdAt: true },
    orderBy: OLDEST_FIRST,
    take,
  });
}

/** Open (ASSIGNED/IN_PROGRESS) requests per engineer (index assignee, status); 0 for those with none. */
export async function countOpenRequestsPerAssignee(rt: Runtime, usernames: string[]): Promise<Map<string, number>> {
  const counts = new Map(usernames.map((username) => [username, 0]));
  if (usernames.length === 0) return counts;
  const rows = await rt.db.serviceRequest.groupBy({
    by: ['assignee'],
    where: { assignee: { in: usernames }, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } },
    _count: { _all: true },
  });
  for (const row of rows) if (row.assignee) counts.set(row.assignee, row._count._all);
  return counts;
}

/** NEW → ASSIGNED to `assignee`; with `classifiedAs`, the request is classified in the same update. */
export async function assignRequestIfNew(
  tx: Prisma.TransactionClient,
  request: { id: string; assignee: string; classifiedAs?: Category },
  now: Date,
): Promise<boolean> {
  const { count } = await tx.serviceRequest.updateMany({
    where: { id: request.id, status: 'NEW' },
    data: {
      status: 'ASSIGNED',
      assignee: request.assignee,
      assignedAt: now,
      ...(request.classifiedAs ? { category: request.classifiedAs, classifiedAt: now } : {}),
    },
  });
  return count > 0;
}

/** Records the category of a request nobody classified yet (one no team can take stays NEW). */
export async function classifyRequestIfUnclassified(tx: Prisma.TransactionClient, id: string, category: Category, now: Date): Promise<boolean> {
  const { count } = await tx.serviceRequest.updateMany({ where: { id, classifiedAt: null }, data: { category, classifiedAt: now } });
  return count > 0;
}

// ─── escalation (open, escalatedAt null, slaDueAt before the horizon; index status, escalatedAt, slaDueAt) ───

export interface DueRequest {
  id: string;
  title: string;
  priority: Priority;
  assignee: string | null;
  slaDueAt: Date;
}

export async function listRequestsDueBefore(rt: Runtime, horizon: Date, after: { slaDueAt: Date; id: string } | undefined, take: number): Promise<DueRequest[]> {
  return rt.db.serviceRequest.findMany({
    where: {
      status: { in: [...OPEN] },
      escalatedAt: null,
      slaDueAt: { lt: horizon },
      ...(after ? { OR: [{ slaDueAt: { gt: after.slaDueAt } }, { slaDueAt: after.slaDueAt, id: { gt: after.id } }] } : {}),
    },
    select: { id: true, title: true, priority: true, assignee: true, slaDueAt: true },
    orderBy: [{ slaDueAt: 'asc' }, { id: 'asc' }],
    take,
  });
}

/**
 * Escalates once: sets escalatedAt and the raised priority. Conditional on the priority read, so a
 * concurrent human change wins and the next cycle re-reads it.
 */
export async function escalateRequestIfDue(
  tx: Prisma.TransactionClient,
  request: { id: string; priorityRead: Priority; raisedTo: Priority },
  now: Date,
): Promise<boolean> {
  const { count } = await tx.serviceRequest.updateMany({
    where: { id: request.id, escalatedAt: null, status: { in: [...OPEN] }, priority: request.priorityRead },
    data: { escalatedAt: now, priority: request.raisedTo },
  });
  return count > 0;
}

// ─── automatic answers (type INQUIRY, NEW/ASSIGNED, answerCheckedAt null; index type, status, answerCheckedAt) ───

export interface Inquiry extends CreatedCursor {
  title: string;
  description: string;
}

export async function listUncheckedInquiries(rt: Runtime, after: CreatedCursor | undefined, take: number): Promise<Inquiry[]> {
  return rt.db.serviceRequest.findMany({
    where: { type: 'INQUIRY', status: { in: [...OPEN_FOR_ANSWER] }, answerCheckedAt: null, ...createdAfter(after) },
    select: { id: true, title: true, description: true, createdAt: true },
    orderBy: OLDEST_FIRST,
    take,
  });
}

function stillUnchecked(id: string): Prisma.ServiceRequestWhereInput {
  return { id, type: 'INQUIRY', status: { in: [...OPEN_FOR_ANSWER] }, answerCheckedAt: null };
}

/** Marks an inquiry looked at and left for a human, so it is not rescanned every cycle. */
export async function markInquiryChecked(rt: Runtime, id: string, now: Date): Promise<void> {
  await rt.db.serviceRequest.updateMany({ where: stillUnchecked(id), data: { answerCheckedAt: now } });
}

/** Resolves a still-open inquiry with the text of a published article. */
export async function answerInquiry(tx: Prisma.TransactionClient, inquiry: { id: string; answer: string; kbId: string }, now: Date): Promise<boolean> {
  const { count } = await tx.serviceRequest.updateMany({
    where: stillUnchecked(inquiry.id),
    data: { status: 'RESOLVED', resolution: inquiry.answer, resolvedAt: now, answeredByKbId: inquiry.kbId, answeredAt: now, answerCheckedAt: now },
  });
  return count > 0;
}

// ─── KB drafts (RESOLVED/CLOSED, kbDraftedAt null; index status, kbDraftedAt) ───

export interface ResolvedRequest extends CreatedCursor {
  title: string;
  description: string;
  type: RequestType;
  category: Category | null;
  resolution: string | null;
  answeredByKbId: string | null;
}

export async function listUndraftedResolvedRequests(rt: Runtime, after: CreatedCursor | undefined, take: number): Promise<ResolvedRequest[]> {
  return rt.db.serviceRequest.findMany({
    where: { status: { in: [...DONE] }, kbDraftedAt: null, ...createdAfter(after) },
    select: { id: true, title: true, description: true, type: true, category: true, resolution: true, answeredByKbId: true, createdAt: true },
    orderBy: OLDEST_FIRST,
    take,
  });
}

/** Requests with nothing to draft (no resolution, or answered from an existing article), marked in bulk. */
export async function markNothingToDraft(rt: Runtime, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await rt.db.serviceRequest.updateMany({ where: { id: { in: ids }, kbDraftedAt: null }, data: { kbDraftedAt: now } });
}

/** Claims a request for its draft, in the draft's transaction: false when it was drafted already. */
export async function markKbDrafted(tx: Prisma.TransactionClient, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.serviceRequest.updateMany({ where: { id, kbDraftedAt: null }, data: { kbDraftedAt: now } });
  return count > 0;
}
