// The requests the auto cycle works on, and the conditional updates it makes to them. Each read
// selects only new work (a predicate backed by an index) one keyset page at a time; each write is
// a conditional update of a page of requests in one statement (UPDATE … FROM VALUES … RETURNING),
// run inside the caller's transaction (with the cycle's record of it), which says which requests
// it changed, so a rerun or a concurrent human change never repeats or overwrites an act.
import { Prisma } from '../../generated/prisma/client.js';
import type { Category, Priority, RequestType } from '../../generated/prisma/enums.js';
import { utc } from '../../db/sql-timestamp.js';
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

/** The requests a conditional UPDATE … RETURNING id changed. */
async function changedIds(tx: Prisma.TransactionClient, statement: Prisma.Sql): Promise<Set<string>> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(statement);
  return new Set(rows.map((row) => row.id));
}

const values = (rows: Prisma.Sql[]) => Prisma.join(rows, ', ');

export interface Assignment {
  id: string;
  assignee: string;
  /** Also classifies the request in the same update (one nobody classified yet). */
  classifiedAs?: Category;
}

/** NEW → ASSIGNED to each request's `assignee`: the ids that were still NEW. */
export async function assignRequestsIfNew(tx: Prisma.TransactionClient, assignments: Assignment[], now: Date): Promise<Set<string>> {
  if (assignments.length === 0) return new Set();
  const at = utc(now);
  return changedIds(tx, Prisma.sql`
    UPDATE "ServiceRequest" AS r
    SET status = 'ASSIGNED'::"RequestStatus", assignee = v.assignee, "assignedAt" = ${at}::timestamp, "updatedAt" = ${at}::timestamp,
        category = coalesce(v.category::"Category", r.category),
        "classifiedAt" = CASE WHEN v.category IS NULL THEN r."classifiedAt" ELSE ${at}::timestamp END
    FROM (VALUES ${values(assignments.map((a) => Prisma.sql`(${a.id}::text, ${a.assignee}::text, ${a.classifiedAs ?? null}::text)`))}) AS v(id, assignee, category)
    WHERE r.id = v.id AND r.status = 'NEW'::"RequestStatus"
    RETURNING r.id`);
}

/** Records the category of requests nobody classified yet (one no team can take stays NEW). */
export async function classifyRequestsIfUnclassified(tx: Prisma.TransactionClient, requests: Array<{ id: string; category: Category }>, now: Date): Promise<Set<string>> {
  if (requests.length === 0) return new Set();
  const at = utc(now);
  return changedIds(tx, Prisma.sql`
    UPDATE "ServiceRequest" AS r
    SET category = v.category::"Category", "classifiedAt" = ${at}::timestamp, "updatedAt" = ${at}::timestamp
    FROM (VALUES ${values(requests.map((request) => Prisma.sql`(${request.id}::text, ${request.category}::text)`))}) AS v(id, category)
    WHERE r.id = v.id AND r."classifiedAt" IS NULL
    RETURNING r.id`);
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
export async function escalateRequestsIfDue(
  tx: Prisma.TransactionClient,
  requests: Array<{ id: string; priorityRead: Priority; raisedTo: Priority }>,
  now: Date,
): Promise<Set<string>> {
  if (requests.length === 0) return new Set();
  const at = utc(now);
  return changedIds(tx, Prisma.sql`
    UPDATE "ServiceRequest" AS r
    SET "escalatedAt" = ${at}::timestamp, priority = v.raised::"Priority", "updatedAt" = ${at}::timestamp
    FROM (VALUES ${values(requests.map((request) => Prisma.sql`(${request.id}::text, ${request.priorityRead}::text, ${request.raisedTo}::text)`))}) AS v(id, read, raised)
    WHERE r.id = v.id AND r."escalatedAt" IS NULL AND r.status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS') AND r.priority = v.read::"Priority"
    RETURNING r.id`);
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

/** Marks inquiries looked at and left for a human, so they are not rescanned every cycle. */
export async function markInquiriesChecked(rt: Runtime, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await rt.db.serviceRequest.updateMany({
    where: { id: { in: ids }, type: 'INQUIRY', status: { in: [...OPEN_FOR_ANSWER] }, answerCheckedAt: null },
    data: { answerCheckedAt: now },
  });
}

/** Resolves still-open inquiries, each with the text of a published article: the ids answered. */
export async function answerInquiries(tx: Prisma.TransactionClient, answers: Array<{ id: string; answer: string; kbId: string }>, now: Date): Promise<Set<string>> {
  if (answers.length === 0) return new Set();
  const at = utc(now);
  return changedIds(tx, Prisma.sql`
    UPDATE "ServiceRequest" AS r
    SET status = 'RESOLVED'::"RequestStatus", resolution = v.answer, "resolvedAt" = ${at}::timestamp, "answeredByKbId" = v.kb,
        "answeredAt" = ${at}::timestamp, "answerCheckedAt" = ${at}::timestamp, "updatedAt" = ${at}::timestamp
    FROM (VALUES ${values(answers.map((a) => Prisma.sql`(${a.id}::text, ${a.answer}::text, ${a.kbId}::text)`))}) AS v(id, answer, kb)
    WHERE r.id = v.id AND r.type = 'INQUIRY'::"RequestType" AND r.status IN ('NEW', 'ASSIGNED') AND r."answerCheckedAt" IS NULL
    RETURNING r.id`);
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
