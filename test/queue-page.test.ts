// The autoQueue page: at most three SQL statements at any page size (actions with their total,
// audit trails, approvals), only the columns the selection reads, and the same answers as reading
// it through Prisma, page after page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQueuePage } from '../src/modules/approvals/queue-page.service.js';
import { AT_RISK, ApprovalsApprove, ApprovalsSubmit } from './helpers/approvals.js';
import { costOf } from './helpers/sql-cost.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const Page = `query QueuePage($status: ActionStatus, $first: Int, $after: String) {
  autoQueue(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status riskLevel createdAt riskFactors { name effect } auditTrail { actor toStatus } approvals { approver } } }
  }
}`;

type PageData = {
  autoQueue: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: { id: string; status: string; auditTrail: Array<{ actor: string; toStatus: string }>; approvals: Array<{ approver: string }> } }>;
  };
};

let server: TestServer;
let erin: UserClient;
let paul: UserClient;
let vera: UserClient;

beforeAll(async () => {
  server = await startTestServer();
  [erin, paul, vera] = await Promise.all([server.as('erin', 'ENGINEER'), server.as('paul', 'PM'), server.as('vera', 'VIEWER')]);
  for (let i = 0; i < 24; i++) {
    const { submitAction } = await erin.data(ApprovalsSubmit, { input: { ...(i % 3 === 0 ? AT_RISK.LOW : AT_RISK.HIGH), description: `queue page ${i}` } });
    if (i % 3 === 1) await paul.data(ApprovalsApprove, { id: submitAction.id });
  }
  await vera.data(Page, { first: 1 }); // the caller is recorded once; not part of a read
});
afterAll(() => server?.stop());

describe('autoQueue page', () => {
  it('costs at most three statements at any page size, the total included', async () => {
    for (const first of [1, 10, 100]) {
      const { statements, data } = await costOf(() => vera.data<PageData, Record<string, unknown>>(Page, { first }));
      expect(statements.length).toBeLessThanOrEqual(3);
      expect(data.autoQueue.edges.length).toBe(Math.min(first, 24));
      expect(data.autoQueue.totalCount).toBe(24);
    }
    const { statements } = await costOf(() => vera.data<PageData, Record<string, unknown>>(Page, { status: 'APPROVED', first: 2 }));
    expect(statements.length).toBeLessThanOrEqual(3);
  });

  it('selects only the columns the selection reads', async () => {
    const { statements } = await costOf(() => vera.data<PageData, Record<string, unknown>>(Page, { first: 5 }));
    const [actions] = statements.filter((sql) => sql.includes('FROM "AutoAction"'));
    expect(actions).toBeDefined();
    expect(actions).not.toContain('"payload"');
    expect(actions).not.toContain('"description"');
  });

  it('pages like Prisma: every action once, newest first, with its audit trail and approvals', async () => {
    const all = await server.db.autoAction.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: { auditTrail: { orderBy: [{ at: 'asc' }, { id: 'asc' }] }, approvals: { orderBy: { at: 'asc' } } } });
    const seen: PageData['autoQueue']['edges'] = [];
    let after: string | null = null;
    for (;;) {
      const { autoQueue }: PageData = await vera.data<PageData, Record<string, unknown>>(Page, { first: 7, after });
      expect(autoQueue.totalCount).toBe(all.length);
      seen.push(...autoQueue.edges);
      if (!autoQueue.pageInfo.hasNextPage) break;
      after = autoQueue.pageInfo.endCursor;
    }
    expect(seen.map((edge) => edge.node.id)).toEqual(all.map((action) => action.id));
    expect(seen.map((edge) => edge.node.auditTrail)).toEqual(all.map((action) => action.auditTrail.map(({ actor, toStatus }) => ({ actor, toStatus }))));
    expect(seen.map((edge) => edge.node.approvals)).toEqual(all.map((action) => action.approvals.map(({ approver }) => ({ approver }))));
  });

  it('reads the same rows as Prisma for a planned query, and lets Prisma run what it does not understand', async () => {
    const query = { take: 5, include: { auditTrail: { orderBy: [{ at: 'asc' as const }, { id: 'asc' as const }] } } };
    const ours = await readQueuePage(server.runtime, 'PENDING_APPROVAL', query);
    const prisma = await server.db.autoAction.findMany({ ...query, where: { status: 'PENDING_APPROVAL' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(ours.rows).toEqual(prisma);
    expect(ours.total).toBe(await server.db.autoAction.count({ where: { status: 'PENDING_APPROVAL' } }));
    const backwards = await readQueuePage(server.runtime, null, { take: -3 });
    expect(backwards.total).toBeNull();
    expect(backwards.rows).toHaveLength(3);
  });
});
