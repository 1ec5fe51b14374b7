// Baseline (b): raw node:http + hand-written SQL answering the bench's approval-queue page
//   autoQueue(status: PENDING_APPROVAL, first: 50) { totalCount edges { node { id actionType
//     status riskLevel requestedBy createdAt expiresAt riskFactors { name effect }
//     auditTrail { at actor toStatus } approvals { approver at } } } }
// with byte-identical JSON, in three statements: the page (with the total as a window count),
// its audit entries and its approvals (the last two in parallel).
// PostgreSQL through pg (DATABASE_URL with ?schema=, a pool of 10 like opsloop's), or with
// PGLITE_DIR a PGlite copy of the bench database in this process (as opsloop runs it).
import { createServer } from 'node:http';
import { readBody, send, UNAUTHENTICATED, verifyBearer } from './auth.js';

const OPS_READ = new Set(['ADMIN', 'PM', 'ENGINEER', 'VIEWER']);
const PAGE = 50;

type Row = Record<string, unknown>;
type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

const PAGE_SQL = `SELECT id, "actionType", status, "riskLevel", "requestedBy", "createdAt", "expiresAt", "riskFactors", count(*) OVER () AS total
  FROM "AutoAction" WHERE status = 'PENDING_APPROVAL' ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE}`;
const AUDIT_SQL = `SELECT "actionId", at, actor, "toStatus" FROM "AuditEntry" WHERE "actionId" = ANY($1) ORDER BY "actionId", at, id`;
const APPROVALS_SQL = `SELECT "actionId", approver, at FROM "ActionApproval" WHERE "actionId" = ANY($1) ORDER BY "actionId", at`;

// timestamp(3) without time zone holds UTC (as Prisma writes it).
const utc = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
const iso = (value: unknown) => (value === null ? null : (value as Date).toISOString());

async function openQuery(): Promise<Query> {
  if (process.env.PGLITE_DIR) {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = new PGlite(process.env.PGLITE_DIR, { parsers: { 1114: utc } });
    await pglite.waitReady;
    return async (sql, params) => (await pglite.query<Row>(sql, params)).rows;
  }
  const { default: pg } = await import('pg');
  const url = new URL(process.env.DATABASE_URL!);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const types = { getTypeParser: (oid: number, format?: string) => (oid === 1114 ? utc : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10, options: `-c search_path="${schema}"`, types: types as never });
  return async (sql, params) => (await pool.query(sql, params)).rows;
}

const query = await openQuery();

function groupBy(rows: Row[]): Map<string, Row[]> {
  const byAction = new Map<string, Row[]>();
  for (const row of rows) {
    const id = row.actionId as string;
    const list = byAction.get(id);
    if (list) list.push(row);
    else byAction.set(id, [row]);
  }
  return byAction;
}

async function queuePage(): Promise<string> {
  const page = await query(PAGE_SQL, []);
  const ids = page.map((row) => row.id as string);
  const [audit, approvals] = ids.length ? await Promise.all([query(AUDIT_SQL, [ids]), query(APPROVALS_SQL, [ids])]) : [[], []];
  const auditBy = groupBy(audit);
  const approvalsBy = groupBy(approvals);
  const edges = page.map((row) => ({
    node: {
      id: row.id,
      actionType: row.actionType,
      status: row.status,
      riskLevel: row.riskLevel,
      requestedBy: row.requestedBy,
      createdAt: iso(row.createdAt),
      expiresAt: iso(row.expiresAt),
      riskFactors: (row.riskFactors as Array<{ name: string; effect: string }>).map((factor) => ({ name: factor.name, effect: factor.effect })),
      auditTrail: (auditBy.get(row.id as string) ?? []).map((entry) => ({ at: iso(entry.at), actor: entry.actor, toStatus: entry.toStatus })),
      approvals: (approvalsBy.get(row.id as string) ?? []).map((approval) => ({ approver: approval.approver, at: iso(approval.at) })),
    },
  }));
  return JSON.stringify({ data: { autoQueue: { totalCount: page.length ? Number(page[0]!.total) : 0, edges } } });
}

const server = createServer(async (request, response) => {
  if (request.url === '/healthz') return send(response, 200, '{"status":"ok"}');
  try {
    const body = JSON.parse((await readBody(request)).toString('utf8')) as { query?: string };
    if (typeof body.query !== 'string') return send(response, 400, '{"errors":[{"message":"query missing"}]}');
    const viewer = await verifyBearer(request.headers.authorization);
    if (!viewer) return send(response, 401, UNAUTHENTICATED);
    if (!OPS_READ.has(viewer.role)) return send(response, 200, '{"errors":[{"message":"forbidden","extensions":{"code":"FORBIDDEN"}}],"data":null}');
    send(response, 200, await queuePage());
  } catch (error) {
    console.error(error);
    send(response, 500, '{"errors":[{"message":"internal error"}]}');
  }
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
