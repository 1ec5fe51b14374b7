// The approval gate through the public API: risk decides between done-at-once and waiting for a
// person; decisions follow role, four-eyes and state rules; every transition is audited; the
// queue, history and status read back what happened; the live queue streams it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { AT_RISK, ApprovalsAction, ApprovalsApprove, ApprovalsReject, ApprovalsSubmit, approvalsSeed, codeOf, type ApprovalsSeed } from './helpers/approvals.js';
import { costOf as sqlCostOf } from './helpers/sql-cost.js';
import { startTestServer, type Role, type TestServer, type UserClient } from './helpers/server.js';

const ApprovalsAssess = graphql(`
  query ApprovalsAssess($input: ActionInput!) {
    assessRisk(input: $input) {
      riskLevel
      requiresApproval
      policyVersion
      factors { name effect detail }
    }
  }
`);

const ApprovalsQueue = graphql(`
  query ApprovalsQueue($status: ActionStatus, $first: Int, $after: String) {
    autoQueue(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id status createdAt } }
    }
  }
`);

const ApprovalsHistory = graphql(`
  query ApprovalsHistory($days: Int) {
    autoHistory(days: $days, first: 100) {
      totalCount
      edges { node { id status } }
    }
  }
`);

const ApprovalsStatus = graphql(`
  query ApprovalsStatus {
    autoStatus {
      today { autoDone pendingApproval approved rejected expired }
      pendingActions { id status expiresAt }
      autoProcessing
      cycleIntervalMinutes
      notifications { pending sent failed }
    }
  }
`);

const ApprovalsQueuePage = graphql(`
  query ApprovalsQueuePage($first: Int) {
    autoQueue(first: $first) {
      totalCount
      edges { node { id riskFactors { name } auditTrail { actor toStatus } approvals { approver } } }
    }
  }
`);

const ApprovalsLiveQueue = graphql(`
  subscription ApprovalsLiveQueue {
    approvalQueue {
      kind
      action { id status approvedBy }
    }
  }
`);

const ApprovalsPolicyDraft = graphql(`
  mutation ApprovalsPolicyDraft($input: RiskPolicyDraftInput!) {
    createRiskPolicyDraft(input: $input) { version status rules createdBy }
  }
`);

const ApprovalsPolicyActivate = graphql(`
  mutation ApprovalsPolicyActivate($version: Int!) {
    activateRiskPolicy(version: $version) { version status activatedAt }
  }
`);

const ApprovalsPolicyBacktest = graphql(`
  query ApprovalsPolicyBacktest($version: Int!, $days: Int) {
    riskPolicyBacktest(version: $version, days: $days) {
      version activeVersion actionsReplayed riskChanged gateChanged raised lowered
      changes { actionId actionType recordedRiskLevel newRiskLevel recordedRequiresApproval newRequiresApproval factors { name effect } }
    }
  }
`);

const ApprovalsPolicies = graphql(`
  query ApprovalsPolicies {
    activeRiskPolicy { version status rules }
    riskPolicies(first: 10) { totalCount edges { node { version status } } }
  }
`);

let server: TestServer;
let seed: ApprovalsSeed;
let erin: UserClient; // ENGINEER
let paul: UserClient; // PM
let ada: UserClient; // ADMIN
let vera: UserClient; // VIEWER
let rita: UserClient; // REQUESTER

beforeAll(async () => {
  server = await startTestServer();
  seed = approvalsSeed(server);
  [erin, paul, ada, vera, rita] = await Promise.all([
    seed.user('erin', 'ENGINEER'),
    seed.user('paul', 'PM'),
    seed.user('ada', 'ADMIN'),
    seed.user('vera', 'VIEWER'),
    seed.user('rita', 'REQUESTER'),
  ]);
});
afterAll(() => server?.stop());

async function historyCount(): Promise<number> {
  return (await ada.data(ApprovalsHistory, { days: 1 })).autoHistory.totalCount;
}

describe('submitAction', () => {
  it('does LOW and MEDIUM work at once, with the risk explained and the creation audited', async () => {
    for (const risk of ['LOW', 'MEDIUM'] as const) {
      const action = await seed.submit(erin, risk, { payload: { replicas: 2 } });
      expect(action).toMatchObject({ status: 'AUTO_DONE', policyVersion: 1, requestedBy: 'erin', expiresAt: null, payload: { replicas: 2 } });
      expect(action.id).toMatch(/^ACT-[0-9A-HJKMNP-TV-Z]{8}$/);
      expect(action.processedAt).not.toBeNull();
      expect(action.result).toMatchObject({ auto: true, riskLevel: risk });
      expect(action.riskFactors[0]).toMatchObject({ name: 'base', effect: 'LOW' });
      expect(action.auditTrail).toEqual([expect.objectContaining({ actor: 'erin', fromStatus: null, toStatus: 'AUTO_DONE' })]);
    }
  });

  it('holds HIGH and CRITICAL work for approval until expiresAt (30 minutes by default)', async () => {
    for (const risk of ['HIGH', 'CRITICAL'] as const) {
      const action = await seed.submit(erin, risk);
      expect(action).toMatchObject({ status: 'PENDING_APPROVAL', processedAt: null, result: null, approvedBy: null });
      const ttl = new Date(action.expiresAt!).getTime() - new Date(action.createdAt).getTime();
      expect(ttl).toBe(30 * 60_000);
      expect(action.auditTrail).toEqual([expect.objectContaining({ actor: 'erin', fromStatus: null, toStatus: 'PENDING_APPROVAL' })]);
    }
  });

  it('normalises the action type to upper case', async () => {
    const action = await seed.submit(erin, 'HIGH', { actionType: 'deploy' });
    expect(action.actionType).toBe('DEPLOY');
  });
});

describe('assessRisk', () => {
  it('is a dry run: the same verdict as submitting, and nothing is written', async () => {
    const before = await historyCount();
    const { assessRisk } = await vera.data(ApprovalsAssess, { input: { ...AT_RISK.HIGH, targetCount: 50 } });
    expect(assessRisk).toEqual({
      riskLevel: 'CRITICAL',
      requiresApproval: true,
      policyVersion: 1,
      factors: [
        { name: 'base', effect: 'MEDIUM', detail: 'DEPLOY is MEDIUM by policy' },
        { name: 'environment', effect: '+1', detail: 'PROD raises one level' },
        { name: 'blastRadius', effect: '+1', detail: 'targetCount 50 is above 10' },
      ],
    });
    expect(await historyCount()).toBe(before);
  });

  it('raises risk for a recent verified failure lesson of the same type and environment only', async () => {
    const lesson = (overrides: Record<string, unknown>) => ({
      lessonId: `LL-${Math.random().toString(36).slice(2, 10)}`,
      title: 'restart loop took billing down',
      category: 'SERVER',
      problemPattern: 'restart',
      effectiveSolution: 'drain first',
      confidenceScore: 0.9,
      actionType: 'RESTART_SERVICE',
      environment: 'STG' as const,
      isVerified: true,
      isFailure: true,
      ...overrides,
    });
    // Arrange: the learning loop writes lessons; here they are stored directly.
    await server.db.lesson.createMany({
      data: [
        lesson({ isVerified: false }),
        lesson({ isFailure: false }),
        lesson({ actionType: 'DEPLOY' }),
        lesson({ updatedAt: new Date(Date.now() - 91 * 86_400_000) }),
      ],
    });
    const stg = { ...AT_RISK.LOW, environment: 'STG' as const };
    expect((await erin.data(ApprovalsAssess, { input: stg })).assessRisk.riskLevel).toBe('LOW');
    const verified = lesson({ title: 'restarts in STG failed twice' });
    await server.db.lesson.create({ data: verified });
    const { assessRisk } = await erin.data(ApprovalsAssess, { input: stg });
    expect(assessRisk.riskLevel).toBe('MEDIUM');
    expect(assessRisk.factors.at(-1)).toMatchObject({ name: 'failureLesson', effect: '+1' });
    expect(assessRisk.factors.at(-1)!.detail).toContain(verified.lessonId);
    // Other environments are not raised by a STG lesson.
    expect((await erin.data(ApprovalsAssess, { input: AT_RISK.LOW })).assessRisk.riskLevel).toBe('LOW');
    expect((await erin.data(ApprovalsAssess, { input: AT_RISK.MEDIUM })).assessRisk.riskLevel).toBe('MEDIUM');
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['targetCount 0', { targetCount: 0 }, 'input.targetCount'],
    ['targetCount -5', { targetCount: -5 }, 'input.targetCount'],
    ['targetCount absurdly large', { targetCount: 100_001 }, 'input.targetCount'],
    ['empty description', { description: '' }, 'input.description'],
    ['blank description', { description: '   ' }, 'input.description'],
    ['description too long', { description: 'x'.repeat(2001) }, 'input.description'],
    ['empty actionType', { actionType: '' }, 'input.actionType'],
    ['actionType with spaces', { actionType: 'drop table' }, 'input.actionType'],
    ['empty target', { target: '' }, 'input.target'],
    ['payload too big', { payload: { blob: 'x'.repeat(20_000) } }, 'input.payload'],
    ['payload not an object', { payload: [1, 2, 3] }, 'input.payload'],
  ];

  it.each(cases)('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, change, field) => {
    const before = await historyCount();
    for (const operation of [ApprovalsSubmit, ApprovalsAssess]) {
      const result = await erin.request(operation, { input: { ...AT_RISK.HIGH, ...change } });
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain(field);
      expect(result.errors![0]!.extensions?.field).toBe(field);
    }
    expect(await historyCount()).toBe(before);
  });

  it('refuses an unknown environment (GraphQL enum) and a non-integer targetCount', async () => {
    for (const change of [{ environment: 'QA' }, { targetCount: 1.5 }]) {
      const result = await erin.request(ApprovalsSubmit, { input: { ...AT_RISK.HIGH, ...change } } as never);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain(Object.keys(change)[0]);
      expect(result.data ?? null).toBeNull();
    }
  });

  it('refuses malformed ids with BAD_USER_INPUT, unknown ones with NOT_FOUND', async () => {
    expect(codeOf(await vera.request(ApprovalsAction, { id: 'ACT-1' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await vera.request(ApprovalsAction, { id: "ACT-'; DROP" }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await erin.request(ApprovalsApprove, { id: 'nope' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await vera.request(ApprovalsAction, { id: 'ACT-00000000' }))).toBe('NOT_FOUND');
    expect(codeOf(await paul.request(ApprovalsApprove, { id: 'ACT-00000000' }))).toBe('NOT_FOUND');
  });

  it('refuses a comment over 2000 characters and a history of 0 days', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const result = await paul.request(ApprovalsApprove, { id: action.id, comment: 'x'.repeat(2001) });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect((await vera.data(ApprovalsAction, { id: action.id })).autoAction.status).toBe('PENDING_APPROVAL');
    const days = await vera.request(ApprovalsHistory, { days: 0 });
    expect(codeOf(days)).toBe('BAD_USER_INPUT');
    expect(days.errors![0]!.extensions?.field).toBe('days');
  });
});

describe('approveAction and rejectAction', () => {
  it('approves a HIGH action: APPROVED, who and when, and the transition audited', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const { approveAction } = await paul.data(ApprovalsApprove, { id: action.id, comment: 'go ahead' });
    expect(approveAction).toMatchObject({ id: action.id, status: 'APPROVED', approvedBy: 'paul', comment: 'go ahead', result: { approved: true, by: 'paul' } });
    expect(approveAction.approvedAt).not.toBeNull();
    expect(approveAction.processedAt).not.toBeNull();
    expect(approveAction.auditTrail.map((entry) => [entry.actor, entry.fromStatus, entry.toStatus, entry.comment])).toEqual([
      ['erin', null, 'PENDING_APPROVAL', 'risk HIGH: waiting for approval'],
      ['paul', 'PENDING_APPROVAL', 'APPROVED', 'go ahead'],
    ]);
  });

  it('rejects with a reason', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const { rejectAction } = await ada.data(ApprovalsReject, { id: action.id, comment: 'not during the freeze' });
    expect(rejectAction).toMatchObject({ status: 'REJECTED', approvedBy: 'ada', comment: 'not during the freeze' });
    expect(rejectAction.auditTrail.at(-1)).toMatchObject({ actor: 'ada', fromStatus: 'PENDING_APPROVAL', toStatus: 'REJECTED' });
  });

  it('gives CONFLICT for a decision on an action that is no longer pending, and changes nothing', async () => {
    const approved = await seed.submit(erin, 'HIGH');
    await paul.data(ApprovalsApprove, { id: approved.id });
    const again = await ada.request(ApprovalsApprove, { id: approved.id });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toContain('APPROVED');
    expect(codeOf(await ada.request(ApprovalsReject, { id: approved.id }))).toBe('CONFLICT');
    const auto = await seed.submit(erin, 'LOW');
    expect(codeOf(await paul.request(ApprovalsApprove, { id: auto.id }))).toBe('CONFLICT');
    const { autoAction } = await vera.data(ApprovalsAction, { id: approved.id });
    expect(autoAction).toMatchObject({ status: 'APPROVED', approvedBy: 'paul' });
    expect(autoAction.auditTrail).toHaveLength(2);
  });

  it('never lets the requester decide their own action (four-eyes), not even an ADMIN', async () => {
    const mine = await seed.submit(ada, 'CRITICAL');
    for (const operation of [ApprovalsApprove, ApprovalsReject]) {
      const result = await ada.request(operation, { id: mine.id });
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(result.errors![0]!.message).toContain('four-eyes');
    }
    const erins = await seed.submit(erin, 'HIGH');
    expect(codeOf(await erin.request(ApprovalsApprove, { id: erins.id }))).toBe('FORBIDDEN');
    const { autoAction } = await vera.data(ApprovalsAction, { id: mine.id });
    expect(autoAction.status).toBe('PENDING_APPROVAL');
    expect(autoAction.auditTrail).toHaveLength(1);
  });

  it('lets only an ADMIN decide a CRITICAL action', async () => {
    const critical = await seed.submit(erin, 'CRITICAL');
    expect(codeOf(await paul.request(ApprovalsApprove, { id: critical.id }))).toBe('FORBIDDEN');
    expect(codeOf(await paul.request(ApprovalsReject, { id: critical.id }))).toBe('FORBIDDEN');
    const { approveAction } = await ada.data(ApprovalsApprove, { id: critical.id, comment: 'backup verified' });
    expect(approveAction).toMatchObject({ status: 'APPROVED', approvedBy: 'ada' });
  });
});

describe('who may do what (DESIGN.md matrix)', () => {
  const ApprovalsMatrixReads = graphql(`
    query ApprovalsMatrixReads($id: ID!) {
      autoStatus { today { autoDone } }
      autoQueue(first: 1) { totalCount }
      autoHistory(first: 1) { totalCount }
      autoAction(id: $id) { id }
    }
  `);

  type Operation = (client: { request: UserClient['request'] }, role: Role | null) => Promise<{ errors?: Array<{ extensions?: { code?: string } }> }>;

  it('matches the permission matrix for every role and anonymous', async () => {
    const sam = await seed.user('sam', 'ENGINEER');
    const existing = await seed.submit(sam, 'LOW');
    // One fresh pending action per (role, decision), requested by someone else.
    const roles: Array<Role | null> = ['ADMIN', 'PM', 'ENGINEER', 'VIEWER', 'REQUESTER', null];
    const fresh = async (risk: 'HIGH' | 'CRITICAL') => (await seed.submit(sam, risk)).id;
    const operations: Record<string, Operation> = {
      read: (c) => c.request(ApprovalsMatrixReads, { id: existing.id }),
      assessRisk: (c) => c.request(ApprovalsAssess, { input: AT_RISK.LOW }),
      submitAction: (c) => c.request(ApprovalsSubmit, { input: AT_RISK.LOW }),
      approveHigh: async (c) => c.request(ApprovalsApprove, { id: await fresh('HIGH') }),
      rejectHigh: async (c) => c.request(ApprovalsReject, { id: await fresh('HIGH') }),
      approveCritical: async (c) => c.request(ApprovalsApprove, { id: await fresh('CRITICAL') }),
      rejectCritical: async (c) => c.request(ApprovalsReject, { id: await fresh('CRITICAL') }),
      backtestPolicy: (c) => c.request(ApprovalsPolicyBacktest, { version: 1 }),
      activatePolicy: (c) => c.request(ApprovalsPolicyActivate, { version: 999 }),
    };
    const expected: Record<string, string[]> = {
      //               ADMIN        PM           ENGINEER     VIEWER       REQUESTER    anonymous
      read: ['OK', 'OK', 'OK', 'OK', 'FORBIDDEN', 'UNAUTHENTICATED'],
      assessRisk: ['OK', 'OK', 'OK', 'OK', 'FORBIDDEN', 'UNAUTHENTICATED'],
      submitAction: ['OK', 'OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      approveHigh: ['OK', 'OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      rejectHigh: ['OK', 'OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      approveCritical: ['OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      rejectCritical: ['OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      backtestPolicy: ['OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
      activatePolicy: ['NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED'],
    };
    const actual: Record<string, string[]> = {};
    for (const [name, operation] of Object.entries(operations)) {
      actual[name] = [];
      for (const role of roles) {
        const client = role ? await server.as(`matrix-${role.toLowerCase()}`, role) : { request: ((d: never, v: never) => server.request(d, v, null)) as UserClient['request'] };
        actual[name]!.push(codeOf(await operation(client, role)));
      }
    }
    expect(actual).toEqual(expected);
  });
});

describe('autoQueue, autoHistory, autoStatus', () => {
  it('lists the queue newest first, filtered by status, in pages with a total', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await seed.submit(erin, 'HIGH', { description: `queued ${i}` })).id);
    const first = await vera.data(ApprovalsQueue, { status: 'PENDING_APPROVAL', first: 2 });
    expect(first.autoQueue.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.autoQueue.pageInfo.hasNextPage).toBe(true);
    expect(first.autoQueue.edges.every((edge) => edge.node.status === 'PENDING_APPROVAL')).toBe(true);
    const second = await vera.data(ApprovalsQueue, { status: 'PENDING_APPROVAL', first: 2, after: first.autoQueue.pageInfo.endCursor });
    expect(second.autoQueue.edges[0]!.node.id).toBe(ids[0]);
    expect(second.autoQueue.totalCount).toBe(first.autoQueue.totalCount);
    const all = await vera.data(ApprovalsQueue, { first: 100 });
    const times = all.autoQueue.edges.map((edge) => new Date(edge.node.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.autoQueue.totalCount).toBeGreaterThan(first.autoQueue.totalCount);
    expect(codeOf(await vera.request(ApprovalsQueue, { first: 101 }))).toBe('BAD_USER_INPUT');
  });

  it("counts today's actions per status and shows the newest live pending ones", async () => {
    const before = (await vera.data(ApprovalsStatus)).autoStatus;
    await seed.submit(erin, 'LOW');
    const approved = await seed.submit(erin, 'HIGH');
    await paul.data(ApprovalsApprove, { id: approved.id });
    const rejected = await seed.submit(erin, 'HIGH');
    await paul.data(ApprovalsReject, { id: rejected.id });
    const pending = await seed.submit(erin, 'HIGH');
    const { autoStatus } = await vera.data(ApprovalsStatus);
    expect(autoStatus.today).toEqual({
      autoDone: before.today.autoDone + 1,
      pendingApproval: before.today.pendingApproval + 1,
      approved: before.today.approved + 1,
      rejected: before.today.rejected + 1,
      expired: before.today.expired,
    });
    expect(autoStatus.pendingActions).toHaveLength(5);
    expect(autoStatus.pendingActions[0]!.id).toBe(pending.id);
    expect(autoStatus.pendingActions.every((action) => action.status === 'PENDING_APPROVAL')).toBe(true);
    expect(autoStatus).toMatchObject({ autoProcessing: true, cycleIntervalMinutes: 5, notifications: { pending: 0, sent: 0, failed: 0 } });
  });

  it('reads a page of 50 with audit trails in a fixed number of SQL statements (no N+1)', async () => {
    const costOf = async (first: number) => {
      const { data, statements } = await sqlCostOf(() => vera.data(ApprovalsQueuePage, { first }));
      expect(data.autoQueue.edges.length).toBe(Math.min(first, data.autoQueue.totalCount));
      expect(data.autoQueue.edges.every((edge) => edge.node.auditTrail.length >= 1)).toBe(true);
      return statements.length;
    };
    while ((await vera.data(ApprovalsQueuePage, { first: 1 })).autoQueue.totalCount < 50) await seed.submit(erin, 'LOW');
    const small = await costOf(2);
    const large = await costOf(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(5);
  });

  it('shows the history of the last days, including decided actions', async () => {
    const action = await seed.submit(erin, 'HIGH');
    await ada.data(ApprovalsReject, { id: action.id });
    const { autoHistory } = await vera.data(ApprovalsHistory, {});
    expect(autoHistory.edges.find((edge) => edge.node.id === action.id)?.node.status).toBe('REJECTED');
  });
});

describe('approvalQueue subscription', () => {
  // Delivery latency is measured in bench/approvals.bench.ts, not asserted here.
  it('shows a VIEWER SUBMITTED then APPROVED for one action, in order', async () => {
    const socket = await vera.ws();
    const live = socket.subscribe(ApprovalsLiveQueue);
    await new Promise((resolve) => setTimeout(resolve, 100)); // graphql-ws does not acknowledge subscribe
    const action = await seed.submit(erin, 'HIGH');
    await live.waitFor((r) => r.data?.approvalQueue.action.id === action.id);
    await paul.data(ApprovalsApprove, { id: action.id });
    await live.waitFor((r) => r.data?.approvalQueue.kind === 'APPROVED' && r.data.approvalQueue.action.id === action.id);
    const mine = live.results.filter((r) => r.data?.approvalQueue.action.id === action.id).map((r) => r.data!.approvalQueue);
    expect(mine).toEqual([
      { kind: 'SUBMITTED', action: { id: action.id, status: 'PENDING_APPROVAL', approvedBy: null } },
      { kind: 'APPROVED', action: { id: action.id, status: 'APPROVED', approvedBy: 'paul' } },
    ]);
    // LOW work never enters the queue.
    const auto = await seed.submit(erin, 'LOW');
    const rejected = await seed.submit(erin, 'HIGH');
    await ada.data(ApprovalsReject, { id: rejected.id });
    await live.waitFor((r) => r.data?.approvalQueue.kind === 'REJECTED' && r.data.approvalQueue.action.id === rejected.id);
    expect(live.results.some((r) => r.data?.approvalQueue.action.id === auto.id)).toBe(false);
    live.unsubscribe();
  });

  it('refuses a REQUESTER and an anonymous socket', async () => {
    const requesterSocket = await rita.ws();
    const requester = requesterSocket.subscribe(ApprovalsLiveQueue);
    const anonymousSocket = await server.ws(null);
    const anonymous = anonymousSocket.subscribe(ApprovalsLiveQueue);
    await Promise.all([requester.done, anonymous.done]);
    expect(requester.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(anonymous.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Nothing leaks afterwards either.
    await seed.submit(erin, 'HIGH');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requester.results.every((r) => !r.data)).toBe(true);
    expect(anonymous.results.every((r) => !r.data)).toBe(true);
  });
});

describe('chat-ops without a secret', () => {
  it('answers 503: chat-ops is off until CHATOPS_SECRET is set', async () => {
    const response = await fetch(server.url.replace('/graphql', '/chatops'), { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { text: string }).text).toContain('CHATOPS_SECRET');
  });
});

describe('risk policy versions', () => {
  const stricter = async () => {
    const { activeRiskPolicy } = await ada.data(ApprovalsPolicies);
    const rules = activeRiskPolicy.rules as { baseLevels: Record<string, string> };
    return { ...rules, baseLevels: { ...rules.baseLevels, RESTART_SERVICE: 'MEDIUM' } };
  };

  it('refuses invalid draft rules with BAD_USER_INPUT naming the rule', async () => {
    const rules = { ...(await stricter()), baseLevels: { DEPLOY: 'SEVERE' } };
    const result = await ada.request(ApprovalsPolicyDraft, { input: { rules } });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions?.field).toBe('input.rules.baseLevels.DEPLOY');
  });

  it('drafts, backtests over recent actions, then activates a stricter policy', async () => {
    const restartInProd = await seed.submit(erin, 'MEDIUM'); // RESTART_SERVICE in PROD: MEDIUM under v1
    const { createRiskPolicyDraft: draft } = await ada.data(ApprovalsPolicyDraft, { input: { rules: await stricter(), note: 'restarts need care' } });
    expect(draft).toMatchObject({ status: 'DRAFT', createdBy: 'ada' });
    expect(draft.version).toBeGreaterThan(1);

    // A draft decides nothing yet.
    expect((await erin.data(ApprovalsAssess, { input: AT_RISK.MEDIUM })).assessRisk).toMatchObject({ riskLevel: 'MEDIUM', policyVersion: 1 });

    const { riskPolicyBacktest: backtest } = await ada.data(ApprovalsPolicyBacktest, { version: draft.version });
    expect(backtest).toMatchObject({ version: draft.version, activeVersion: 1, lowered: 0 });
    expect(backtest.actionsReplayed).toBeGreaterThan(10);
    const change = backtest.changes.find((c) => c.actionId === restartInProd.id);
    expect(change).toMatchObject({ recordedRiskLevel: 'MEDIUM', newRiskLevel: 'HIGH', recordedRequiresApproval: false, newRequiresApproval: true });
    expect(backtest.gateChanged).toBeGreaterThanOrEqual(1);
    expect(backtest.riskChanged).toBe(backtest.raised);
    // Only RESTART_SERVICE actions change.
    expect(new Set(backtest.changes.map((c) => c.actionType))).toEqual(new Set(['RESTART_SERVICE']));

    const { activateRiskPolicy } = await ada.data(ApprovalsPolicyActivate, { version: draft.version });
    expect(activateRiskPolicy.status).toBe('ACTIVE');
    const after = await seed.submit(erin, 'HIGH', { ...AT_RISK.MEDIUM });
    expect(after).toMatchObject({ status: 'PENDING_APPROVAL', policyVersion: draft.version });
    const { activeRiskPolicy, riskPolicies } = await vera.data(ApprovalsPolicies);
    expect(activeRiskPolicy.version).toBe(draft.version);
    const statuses = Object.fromEntries(riskPolicies.edges.map((e) => [e.node.version, e.node.status]));
    expect(statuses[1]).toBe('RETIRED');
    expect(statuses[draft.version]).toBe('ACTIVE');
    expect(riskPolicies.edges.filter((e) => e.node.status === 'ACTIVE')).toHaveLength(1);

    // Activating it again is a conflict: it is no longer a draft.
    expect(codeOf(await ada.request(ApprovalsPolicyActivate, { version: draft.version }))).toBe('CONFLICT');
  });
});
