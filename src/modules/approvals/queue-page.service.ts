// The autoQueue page in three statements whatever its size, as a hand-written server would do it:
// the page of actions with only the columns the GraphQL selection reads and the filter's total
// (an uncorrelated sub-select, computed once), then each included relation (audit trail,
// approvals) with one IN-list. Prisma's own plan is four statements (the count on its own) and
// every column. A planned query this does not understand (a select, other relations, per-parent
// paging, `last`) is run by Prisma as it is.
import { Prisma, type AutoAction } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';

type Query = Omit<Prisma.AutoActionFindManyArgs, 'where' | 'orderBy'>;
type Column = keyof AutoAction;

/** Every column, in schema order (what a page reads when the caller names none). */
export const AUTO_ACTION_COLUMNS = Object.keys(Prisma.AutoActionScalarFieldEnum) as Column[];

/** The relations a page can load in one statement each: their model and foreign key. */
const RELATIONS = {
  auditTrail: (rt: Runtime, args: RelationArgs) => rt.db.auditEntry.findMany(args as Prisma.AuditEntryFindManyArgs),
  approvals: (rt: Runtime, args: RelationArgs) => rt.db.actionApproval.findMany(args as Prisma.ActionApprovalFindManyArgs),
} as const;
type Relation = keyof typeof RELATIONS;
type RelationArgs = { where?: object; orderBy?: unknown; select?: Record<string, unknown>; include?: unknown };

export interface QueuePage {
  rows: AutoAction[];
  /** Rows matching the filter (all pages); null when this page could not tell. */
  total: number | null;
}

function plannedRelations(query: Query): Array<[Relation, RelationArgs]> | undefined {
  const include = (query.include ?? {}) as Record<string, unknown>;
  const relations: Array<[Relation, RelationArgs]> = [];
  for (const [name, args] of Object.entries(include)) {
    if (!args) continue;
    if (!(name in RELATIONS)) return undefined;
    const nested = (args === true ? {} : args) as RelationArgs & { take?: unknown; skip?: unknown; cursor?: unknown };
    if (nested.take !== undefined || nested.skip !== undefined || nested.cursor !== undefined) return undefined;
    relations.push([name as Relation, nested]);
  }
  return relations;
}

/** The page the planned `query` asks for, newest first, with the filter's total. */
export async function readQueuePage(rt: Runtime, status: ActionStatus | null | undefined, query: Query, columns: readonly Column[] = AUTO_ACTION_COLUMNS): Promise<QueuePage> {
  const relations = plannedRelations(query);
  const take = query.take ?? 100;
  const cursorId = (query.cursor as { id?: string } | undefined)?.id;
  const cursorOk = query.cursor === undefined || (typeof cursorId === 'string' && Object.keys(query.cursor!).length === 1);
  if (!relations || query.select || take < 0 || !cursorOk || query.distinct) {
    const rows = await rt.db.autoAction.findMany({ ...query, where: status ? { status } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return { rows, total: null };
  }
  const filter = status ? Prisma.sql`"status" = CAST(${status}::text AS "ActionStatus")` : Prisma.sql`TRUE`;
  // Prisma's cursor: from the cursor row on, in the page's order (then `skip` skips it).
  const from = cursorId === undefined ? Prisma.empty : Prisma.sql`AND ("createdAt", "id") <= (SELECT "createdAt", "id" FROM "AutoAction" WHERE "id" = ${cursorId})`;
  const selected = Prisma.join([...new Set<Column>(['id', ...columns])].map((column) => Prisma.raw(`"${column}"`)));
  const rows = await rt.db.$queryRaw<Array<AutoAction & { totalCount: bigint }>>`
    SELECT ${selected}, (SELECT COUNT(*) FROM "AutoAction" WHERE ${filter}) AS "totalCount"
    FROM "AutoAction" WHERE ${filter} ${from}
    ORDER BY "createdAt" DESC, "id" DESC LIMIT ${take} OFFSET ${query.skip ?? 0}`;
  const total = rows.length > 0 ? Number(rows[0]!.totalCount) : null;
  for (const row of rows) delete (row as Partial<typeof row>).totalCount;
  const ids = rows.map((row) => row.id);
  await Promise.all(
    relations.map(async ([name, args]) => {
      const byAction = new Map<string, unknown[]>(ids.map((id) => [id, []]));
      if (ids.length > 0) {
        const select = args.select ? { ...args.select, actionId: true } : undefined;
        const found = await RELATIONS[name](rt, { ...args, ...(select ? { select } : {}), where: { AND: [args.where ?? {}, { actionId: { in: ids } }] } });
        for (const item of found as Array<{ actionId: string }>) byAction.get(item.actionId)!.push(item);
      }
      for (const row of rows) (row as unknown as Record<string, unknown>)[name] = byAction.get(row.id);
    }),
  );
  return { rows, total };
}
