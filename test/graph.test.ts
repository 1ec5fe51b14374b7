// The schema as a graph (issue 12): every public id prefix refetches through node(id:) with the
// authorization of the type's own query, nodes(ids:) answers each id in place, and relations read
// beside their ids cost a fixed number of SQL statements whatever the page size (no N+1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { countSqlStatements } from './helpers/sql-cost.js';
import { codeOf, startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const GraphNode = graphql(`
  query GraphNode($id: ID!) {
    node(id: $id) { __typename id }
  }
`);

const GraphNodes = graphql(`
  query GraphNodes($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id }
  }
`);

const GraphRequestNode = graphql(`
  query GraphRequestNode($id: ID!) {
    node(id: $id) { id ... on ServiceRequest { title requester requesterUser { id username } pattern { id } } }
  }
`);

const GraphRequests = graphql(`
  query GraphRequests($first: Int) {
    serviceRequests(first: $first) {
      edges { node { id patternId requesterUser { id username role } assigneeUser { username } pattern { id problem { id } } } }
    }
  }
`);

const GraphFeedbacks = graphql(`
  query GraphFeedbacks($first: Int) {
    feedbacks(first: $first) { edges { node { id request { id title } article { id title } pattern { id } } } }
  }
`);

const GraphAnomalies = graphql(`
  query GraphAnomalies($first: Int) {
    anomalies(first: $first) { edges { node { id thresholdId detector { id adaptedThreshold } incident { id } } } }
  }
`);

const GraphActions = graphql(`
  query GraphActions($first: Int) {
    autoQueue(first: $first) { edges { node { id target requester { username } cycleRun { id status } } } }
  }
`);

const GraphPatternRequests = graphql(`
  query GraphPatternRequests($id: ID!) {
    pattern(id: $id) { id requests(first: 5) { totalCount edges { node { id } } } }
  }
`);

const ROWS = 40;
const key = (i: number) => `G${String(i).padStart(7, '0')}`;

let server: TestServer;
let requester: UserClient;
let other: UserClient;
let viewer: UserClient;
let anonymousId = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  requester = await server.as('gina', 'REQUESTER');
  other = await server.as('rita', 'REQUESTER');
  viewer = await server.as('vic', 'VIEWER');
  const engineer = await server.as('erin', 'ENGINEER');
  for (const client of [requester, other, viewer, engineer]) await client.request('{ me { username } }');
  const db = server.db;
  const threshold = await db.threshold.create({ data: { source: 'web1', metricType: 'cpu', baseThreshold: 80, adaptedThreshold: 88 } });
  await db.problem.create({ data: { id: 'PRB-G0000000', title: 'Graph problem' } });
  const pattern = await db.pattern.create({
    data: { patternKey: 'graph', srType: 'INCIDENT', keywordSignature: 'graph', keywords: ['graph'], techKeywords: [], srIds: [], problemId: 'PRB-G0000000' },
  });
  await db.kbArticle.create({ data: { id: 'KB-G0000000', title: 'Graph article', body: 'Restart it.', tags: [], keywords: [] } });
  await db.autoCycleRun.create({ data: { id: 'RUN-G0000000', status: 'SUCCEEDED', triggeredBy: 'system:auto-cycle' } });
  const start = Date.now() - 3_600_000;
  await db.serviceRequest.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({
      id: `SR-${key(i)}`,
      title: `Request ${i}`,
      description: 'graph',
      type: 'INCIDENT' as const,
      priority: 'P3' as const,
      requester: i === 0 ? 'gina' : i === 1 ? 'rita' : `user${i % 7}`,
      assignee: 'erin',
      patternId: pattern.id,
      slaDueAt: new Date(start + 86_400_000),
      createdAt: new Date(start + i * 1000),
    })),
  });
  await db.user.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ username: `user${i}`, role: 'REQUESTER' as const })) });
  await db.feedback.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({ srId: i % 2 ? `SR-${key(i)}` : `EXT-${i}`, kbId: 'KB-G0000000', patternId: pattern.id, dueAt: new Date() })),
  });
  await db.anomaly.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({ id: `ANM-${key(i)}`, source: 'web1', metricType: 'cpu', value: 200, threshold: 88, severity: 'CRITICAL' as const, thresholdId: threshold.id })),
  });
  await db.incident.create({ data: { id: 'INC-G0000000', title: 'Graph incident', severity: 'CRITICAL', anomalyId: `ANM-${key(0)}` } });
  await db.autoAction.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({
      id: `ACT-${key(i)}`,
      actionType: 'RESTART_SERVICE',
      description: 'graph',
      target: i % 2 ? 'web1' : null,
      environment: 'DEV' as const,
      targetCount: 1,
      riskLevel: 'LOW' as const,
      riskFactors: [],
      policyVersion: 1,
      status: 'AUTO_DONE' as const,
      requestedBy: i % 3 ? 'erin' : 'system:auto-cycle',
      cycleRunId: i % 3 ? null : 'RUN-G0000000',
      createdAt: new Date(start + i * 1000),
    })),
  });
  await db.lesson.create({ data: { lessonId: 'LL-G0000000', title: 'Graph lesson', category: 'SERVER', problemPattern: 'graph', effectiveSolution: 'Restart it.', confidenceScore: 0.9, patternId: pattern.id } });
  const team = await db.team.create({ data: { name: 'graph', categories: ['SERVER'] } });
  const feedback = await db.feedback.findFirstOrThrow({ orderBy: { id: 'asc' } });
  Object.assign(ids, {
    AutoAction: `ACT-${key(0)}`,
    ServiceRequest: `SR-${key(0)}`,
    KbArticle: 'KB-G0000000',
    Incident: 'INC-G0000000',
    AutoCycleRun: 'RUN-G0000000',
    Anomaly: `ANM-${key(0)}`,
    Problem: 'PRB-G0000000',
    Lesson: 'LL-G0000000',
    Pattern: `PAT-${pattern.id}`,
    Feedback: `FB-${feedback.id}`,
    Threshold: `THR-${threshold.id}`,
    Team: `TEAM-${team.id}`,
    RiskPolicy: 'POL-1',
    User: 'USR-erin',
  });
  anonymousId = `SR-${key(0)}`;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('node(id:) with the public ids clients already have', () => {
  it('refetches every type by its id, the same value as its `id` field', async () => {
    for (const [typename, id] of Object.entries(ids)) {
      const result = await viewer.data(GraphNode, { id });
      expect(result.node, id).toEqual({ __typename: typename, id });
    }
    // Prefixes in any case, like the id arguments of the type's own queries.
    expect((await viewer.data(GraphNode, { id: ids.AutoAction!.toLowerCase() })).node).toEqual({ __typename: 'AutoAction', id: ids.AutoAction });
  });

  it('authorizes like the type’s own query: a REQUESTER gets their own request only, no ops data', async () => {
    const own = (await requester.request(GraphRequestNode, { id: `SR-${key(0)}` })).data!; // its pattern: FORBIDDEN (next describe)
    expect(own.node).toMatchObject({ id: `SR-${key(0)}`, requester: 'gina', requesterUser: { id: 'USR-gina', username: 'gina' } });
    const others = await requester.request(GraphNode, { id: `SR-${key(1)}` });
    expect([others.data?.node, codeOf(others)]).toEqual([null, 'NOT_FOUND']);
    for (const typename of ['AutoAction', 'KbArticle', 'Incident', 'AutoCycleRun', 'Anomaly', 'Problem', 'Lesson', 'Pattern', 'Feedback', 'Threshold', 'Team', 'RiskPolicy']) {
      const result = await requester.request(GraphNode, { id: ids[typename]! });
      expect([result.data?.node, codeOf(result)], typename).toEqual([null, 'FORBIDDEN']);
    }
    // Decided from the prefix: an unknown id of a forbidden type is FORBIDDEN too (existence never leaks).
    expect(codeOf(await requester.request(GraphNode, { id: 'ACT-ZZZZZZZZ' }))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(GraphNode, { id: 'USR-erin' }))).toBe('NOT_FOUND');
    expect((await requester.data(GraphNode, { id: 'USR-gina' })).node).toEqual({ __typename: 'User', id: 'USR-gina' });
    expect(codeOf(await viewer.request(GraphNode, { id: 'SR-ZZZZZZZZ' }))).toBe('NOT_FOUND');
    expect(codeOf(await viewer.request(GraphNode, { id: 'NOPE-1' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await viewer.request(GraphNode, { id: 'PAT-abc' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await server.request(GraphNode, { id: anonymousId }, null))).toBe('UNAUTHENTICATED');
  });

  it('nodes(ids:) answers each id in place, with each refusal at nodes[i]', async () => {
    const result = await requester.request(GraphNodes, { ids: [`SR-${key(0)}`, ids.AutoAction!, `SR-${key(1)}`, 'NOPE-1', 'USR-gina'] });
    expect(result.data?.nodes).toEqual([{ __typename: 'ServiceRequest', id: `SR-${key(0)}` }, null, null, null, { __typename: 'User', id: 'USR-gina' }]);
    expect(result.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['nodes', 1], 'FORBIDDEN'],
      [['nodes', 2], 'NOT_FOUND'],
      [['nodes', 3], 'BAD_USER_INPUT'],
    ]);
    const all = await viewer.data(GraphNodes, { ids: Object.values(ids) });
    expect(all.nodes.map((node) => node?.id)).toEqual(Object.values(ids));
  });
});

describe('relations beside their ids', () => {
  it('a request’s pattern is ops data: a REQUESTER gets null and FORBIDDEN, a VIEWER the pattern', async () => {
    const mine = await requester.request(GraphRequestNode, { id: `SR-${key(0)}` });
    expect(mine.data?.node).toMatchObject({ title: 'Request 0', pattern: null });
    expect(mine.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['node', 'pattern'], 'FORBIDDEN']]);
    expect((await viewer.data(GraphRequestNode, { id: `SR-${key(0)}` })).node).toMatchObject({ pattern: { id: ids.Pattern } });
    const pattern = await viewer.data(GraphPatternRequests, { id: ids.Pattern! });
    expect(pattern.pattern.requests.totalCount).toBe(ROWS);
    expect(pattern.pattern.requests.edges[0]!.node.id).toBe(`SR-${key(ROWS - 1)}`);
  });

  it('a missing action target is null', async () => {
    const page = await viewer.data(GraphActions, { first: 2 });
    expect(page.autoQueue.edges.map((edge) => edge.node.target).sort()).toEqual([null, 'web1']);
  });
});

/** Statements a read sends, without transaction control, probes and recording the caller (reads of User count). */
async function statementsOf(read: () => Promise<unknown>): Promise<string[]> {
  const counter = countSqlStatements();
  try {
    await read();
  } finally {
    counter.stop();
  }
  return counter.statements.filter((sql) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SET|SELECT 1)\b/i.test(sql) && !/^\s*(UPDATE|INSERT)\b[^]*"User"/i.test(sql));
}

describe('nested relations cost a fixed number of statements (no N+1)', () => {
  const reads = {
    'serviceRequests { requesterUser assigneeUser pattern { problem } }': (first: number) => viewer.data(GraphRequests, { first }),
    'feedbacks { request article pattern }': (first: number) => viewer.data(GraphFeedbacks, { first }),
    'anomalies { detector incident }': (first: number) => viewer.data(GraphAnomalies, { first }),
    'autoQueue { requester cycleRun }': (first: number) => viewer.data(GraphActions, { first }),
  };
  for (const [name, read] of Object.entries(reads)) {
    it(name, async () => {
      await read(1); // the caller is recorded outside the measurement
      const small = await statementsOf(() => read(2));
      const large = await statementsOf(() => read(ROWS));
      console.log(`SQL ${name}: page of 2 → ${small.length} statements, page of ${ROWS} → ${large.length}`);
      expect(large.length).toBe(small.length);
      expect(large.length).toBeLessThanOrEqual(7);
    });
  }

  it('the relations answer what the rows say', async () => {
    const requests = (await viewer.data(GraphRequests, { first: ROWS })).serviceRequests.edges.map((edge) => edge.node);
    expect(requests).toHaveLength(ROWS);
    for (const request of requests) {
      expect(request.patternId).toBe(ids.Pattern);
      expect(request.pattern).toEqual({ id: ids.Pattern, problem: { id: 'PRB-G0000000' } });
      expect(request.assigneeUser).toEqual({ username: 'erin' });
      expect(request.requesterUser?.id).toMatch(/^USR-/);
    }
    const feedbacks = (await viewer.data(GraphFeedbacks, { first: ROWS })).feedbacks.edges.map((edge) => edge.node);
    expect(feedbacks.filter((feedback) => feedback.request).length).toBe(ROWS / 2);
    expect(new Set(feedbacks.map((feedback) => feedback.article?.id))).toEqual(new Set(['KB-G0000000']));
    const anomalies = (await viewer.data(GraphAnomalies, { first: ROWS })).anomalies.edges.map((edge) => edge.node);
    expect(new Set(anomalies.map((anomaly) => anomaly.detector?.id))).toEqual(new Set([ids.Threshold]));
    expect(anomalies.map((anomaly) => anomaly.thresholdId)).toEqual(anomalies.map(() => ids.Threshold));
    const actions = (await viewer.data(GraphActions, { first: ROWS })).autoQueue.edges.map((edge) => edge.node);
    expect(actions.filter((action) => action.cycleRun).length).toBe(Math.ceil(ROWS / 3));
    expect(actions.filter((action) => action.requester).every((action) => action.requester!.username === 'erin')).toBe(true);
  });
});
