// Who may see and label probable causes and impact analyses: ops roles and VIEWERs read them,
// ops roles (ADMIN, PM, ENGINEER) confirm or reject, and a REQUESTER never sees an action through a
// problem, an incident or their own request (FORBIDDEN, null). The estimated SQL cost of the new
// reads is checked against the statements they send.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../src/graphql/limits.js';
import { buildSchema } from '../src/schema.js';
import { graphql } from './generated/index.js';
import { ApprovalsApprove, ApprovalsSubmit } from './helpers/approvals.js';
import { ManualClock } from './helpers/clock.js';
import { fileRequest, runCycle } from './helpers/itsm.js';
import { LearningSeedMetric, LearningSeedThreshold } from './helpers/learning.js';
import { costOf } from './helpers/sql-cost.js';
import { codeOf, queryText, startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const AuthzCauses = graphql(`
  query AuthzCauses($id: ID!) {
    node(id: $id) {
      ... on Problem { id probableCauses { rank score action { id } evidence { kind detail weight } label { verdict } } recordedCause { action { id } score } }
      ... on Incident { id probableCauses { rank score action { id } evidence { kind weight } } }
    }
  }
`);

const AuthzProblemCost = graphql(`
  query AuthzProblemCost($id: ID!) {
    node(id: $id) { ... on Problem { id probableCauses { rank action { id } evidence { kind } label { verdict } } recordedCause { action { id } } } }
  }
`);

const AuthzIncidentCost = graphql(`
  query AuthzIncidentCost($id: ID!) {
    node(id: $id) { ... on Incident { id probableCauses { rank action { id } evidence { kind } } } }
  }
`);

const AuthzRequestPattern = graphql(`
  query AuthzRequestPattern($id: ID!) {
    serviceRequest(id: $id) { id patternId pattern { problem { probableCauses { action { id } } recordedCause { action { id } } } } }
  }
`);

const AuthzProblemCauses = graphql(`
  query AuthzProblemCauses($first: Int) {
    problems(first: $first) { edges { node { id probableCauses(first: 3) { action { id } } } } }
  }
`);

const AuthzImpact = graphql(`
  query AuthzImpact($input: ActionInput!) {
    impactAnalysis(input: $input) { similarActions followedByAny examples { action { id } followUps { id kind } } }
  }
`);

const AuthzQuality = graphql(`
  query AuthzQuality {
    causeRankingQuality { labelledSubjects precisionAt1 }
  }
`);

const AuthzConfirm = graphql(`
  mutation AuthzConfirm($subjectId: ID!, $actionId: ID!) {
    confirmProbableCause(subjectId: $subjectId, actionId: $actionId) { verdict labelledBy rankAtLabel action { id } }
  }
`);

const AuthzReject = graphql(`
  mutation AuthzReject($subjectId: ID!, $actionId: ID!) {
    rejectProbableCause(subjectId: $subjectId, actionId: $actionId) { verdict labelledBy }
  }
`);

const AuthzEscalated = graphql(`
  subscription AuthzEscalated {
    patternEscalated { id problem { recordedCause { action { id } } } }
  }
`);

const AuthzIncidents = graphql(`
  query AuthzIncidents {
    incidents(first: 5) { edges { node { id } } }
  }
`);

const deployInput = { actionType: 'DEPLOY', target: 'billing-api', description: 'billing-api v5 배포', environment: 'PROD' as const };

let server: TestServer;
let clock: ManualClock;
let ada: UserClient;
let erin: UserClient;
let pat: UserClient;
let vic: UserClient;
let rita: UserClient;
let deployId: string;
let problemId: string;
let incidentId: string;
let ritasRequest: string;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-04-01T08:00:00Z'));
  server = await startTestServer({}, { clock });
  [ada, erin, pat, vic, rita] = await Promise.all([
    server.as('ada', 'ADMIN'),
    server.as('erin', 'ENGINEER'),
    server.as('pat', 'PM'),
    server.as('vic', 'VIEWER'),
    server.as('rita', 'REQUESTER', { inst: 1 }),
  ]);
  await erin.data(LearningSeedThreshold, { input: { source: 'billing-api', metricType: 'latency_p99', baseThreshold: 500 } });
  const { submitAction } = await erin.data(ApprovalsSubmit, { input: deployInput });
  await ada.data(ApprovalsApprove, { id: submitAction.id });
  deployId = submitAction.id;
  clock.advanceMinutes(60);
  for (const title of ['billing-api 결제 오류 502', '결제가 안 됩니다 billing-api 502', 'billing-api 결제 실패 502 오류']) {
    ritasRequest = (await fileRequest(rita, { title, description: title, type: 'INCIDENT' })).id;
    clock.advanceMinutes(20);
  }
  await erin.data(LearningSeedMetric, { input: { source: 'billing-api', metricType: 'latency_p99', value: 650 } });
  clock.advanceMinutes(5);
  await runCycle(ada);
  const { node } = await vic.data(AuthzCauses, { id: (await vic.data(AuthzProblemCauses, { first: 5 })).problems.edges[0]!.node.id });
  problemId = (node as { id: string }).id;
  incidentId = (await vic.data(AuthzIncidents)).incidents.edges[0]!.node.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('reading probable causes and impact analyses', () => {
  it('ops roles and VIEWERs read them', async () => {
    for (const reader of [vic, erin]) {
      const problem = (await reader.data(AuthzCauses, { id: problemId })).node as { probableCauses: Array<{ action: { id: string } }>; recordedCause: { action: { id: string } } | null };
      expect(problem.probableCauses[0]!.action.id).toBe(deployId);
      expect(problem.recordedCause!.action.id).toBe(deployId);
      const incident = (await reader.data(AuthzCauses, { id: incidentId })).node as { probableCauses: Array<{ action: { id: string } }> };
      expect(incident.probableCauses[0]!.action.id).toBe(deployId);
      const { impactAnalysis } = await reader.data(AuthzImpact, { input: deployInput });
      expect(impactAnalysis).toMatchObject({ similarActions: 1, followedByAny: 1, examples: [{ action: { id: deployId } }] });
      expect((await reader.data(AuthzQuality)).causeRankingQuality).toEqual({ labelledSubjects: 0, precisionAt1: null });
    }
  });

  it('a REQUESTER gets FORBIDDEN and null on every one, and no action id anywhere', async () => {
    const answers = [
      await rita.request(AuthzCauses, { id: problemId }),
      await rita.request(AuthzCauses, { id: incidentId }),
      await rita.request(AuthzProblemCauses, { first: 5 }),
      await rita.request(AuthzImpact, { input: deployInput }),
      await rita.request(AuthzQuality),
    ];
    for (const answer of answers) {
      expect(codeOf(answer)).toBe('FORBIDDEN');
      expect(JSON.stringify(answer.data ?? null)).not.toContain('ACT-');
    }
    expect(answers[0]!.data).toEqual({ node: null });
    // Their own request: readable, but its pattern (and so the problem and its causes) is not.
    const own = await rita.request(AuthzRequestPattern, { id: ritasRequest });
    expect(own.data?.serviceRequest).toMatchObject({ id: ritasRequest, pattern: null });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(JSON.stringify(own)).not.toContain('ACT-');
  });

  it('a REQUESTER cannot subscribe to escalations with their recorded causes', async () => {
    const socket = await rita.ws();
    const live = socket.subscribe(AuthzEscalated);
    const refused = await live.waitFor((result) => !!result.errors);
    expect(refused.errors![0]!.extensions?.code).toBe('FORBIDDEN');
  });

  it('costs about what the SQL cost model estimates', async () => {
    const schema = buildSchema();
    const seen: Record<string, { estimate: number; statements: number }> = {};
    for (const [name, document, variables] of [
      ['problem', AuthzProblemCost, { id: problemId }],
      ['incident', AuthzIncidentCost, { id: incidentId }],
      ['impact', AuthzImpact, { input: deployInput }],
    ] as const) {
      const { statements } = await costOf(() => vic.data(document as never, variables as never));
      const estimate = operationCost(schema, parse(queryText(document)), undefined, variables);
      seen[name] = { estimate, statements: statements.length };
      expect(estimate, queryText(document)).toBeGreaterThanOrEqual(Math.floor(statements.length * 0.75));
      expect(estimate, queryText(document)).toBeLessThanOrEqual(Math.ceil(statements.length * 1.5) + 2);
    }
    console.log('change analysis: cost model vs SQL:', JSON.stringify(seen));
  });

  it('estimates a page of problems with their probable causes per problem: 20 pass, 25 are QUERY_TOO_COMPLEX', async () => {
    const schema = buildSchema();
    // problems 1 + its page 1 + 8 per problem + the batched action load 1.
    expect(operationCost(schema, parse(queryText(AuthzProblemCauses)), undefined, { first: 20 })).toBe(163);
    expect((await vic.data(AuthzProblemCauses, { first: 20 })).problems.edges).toHaveLength(1);
    const refused = await vic.request(AuthzProblemCauses, { first: 25 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'sqlCost', cost: 203 });
  });
});

describe('labelling a cause', () => {
  it('VIEWERs and REQUESTERs may not confirm or reject; nothing is recorded', async () => {
    for (const [client, mutation] of [
      [vic, AuthzConfirm],
      [vic, AuthzReject],
      [rita, AuthzConfirm],
      [rita, AuthzReject],
    ] as const) {
      const answer = await client.request(mutation, { subjectId: problemId, actionId: deployId });
      expect(codeOf(answer)).toBe('FORBIDDEN');
    }
    expect((await vic.data(AuthzQuality)).causeRankingQuality.labelledSubjects).toBe(0);
  });

  it('anonymous callers are UNAUTHENTICATED', async () => {
    expect(codeOf(await server.request(AuthzConfirm, { subjectId: problemId, actionId: deployId }, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await server.request(AuthzImpact, { input: deployInput }, null))).toBe('UNAUTHENTICATED');
  });

  it('ENGINEERs, PMs and ADMINs do; the verdict shows on the cause, the last one counts', async () => {
    expect((await erin.data(AuthzConfirm, { subjectId: problemId, actionId: deployId })).confirmProbableCause).toMatchObject({
      verdict: 'CONFIRMED',
      labelledBy: 'erin',
      rankAtLabel: 1,
      action: { id: deployId },
    });
    expect((await pat.data(AuthzReject, { subjectId: problemId, actionId: deployId })).rejectProbableCause).toEqual({ verdict: 'REJECTED', labelledBy: 'pat' });
    expect((await ada.data(AuthzConfirm, { subjectId: incidentId, actionId: deployId })).confirmProbableCause.labelledBy).toBe('ada');
    const problem = (await vic.data(AuthzCauses, { id: problemId })).node as { probableCauses: Array<{ label: { verdict: string } | null }> };
    expect(problem.probableCauses[0]!.label).toEqual({ verdict: 'REJECTED' });
    expect((await vic.data(AuthzQuality)).causeRankingQuality).toEqual({ labelledSubjects: 1, precisionAt1: 1 });
  });
});
