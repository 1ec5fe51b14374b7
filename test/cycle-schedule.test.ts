// The scheduled cycle: with jobs on, the cycle runs by itself every AUTO_CYCLE_INTERVAL_MINUTES
// (here about a second) and a new request gets assigned without anyone triggering it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { fileRequest, ItsmRequest, staffTeams } from './helpers/itsm.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const ScheduleRuns = graphql(`
  query ScheduleRuns {
    autoCycleRuns(first: 5) {
      totalCount
      edges {
        node {
          id
          status
          triggeredBy
        }
      }
    }
  }
`);

let server: TestServer;
let admin: UserClient;

beforeAll(async () => {
  server = await startTestServer({ JOBS_ENABLED: 'true', AUTO_CYCLE_INTERVAL_MINUTES: '0.02' });
  admin = await server.as('alice', 'ADMIN');
  await staffTeams(server, admin, [{ name: 'Network', categories: ['NETWORK'], engineers: ['kim.net'] }]);
});
afterAll(() => server?.stop());

it('assigns a new request without a manual trigger', async () => {
  const requester = await server.as('minji', 'REQUESTER');
  const request = await fileRequest(requester, { title: 'VPN 접속이 안됩니다', description: '재택근무 중 VPN이 연결되지 않습니다.', type: 'INCIDENT' });
  const deadline = Date.now() + 20_000;
  let assignee: string | null = null;
  while (!assignee && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    assignee = (await admin.data(ItsmRequest, { id: request.id })).serviceRequest.assignee;
  }
  expect(assignee).toBe('kim.net');
  const { autoCycleRuns } = await admin.data(ScheduleRuns);
  expect(autoCycleRuns.totalCount).toBeGreaterThan(0);
  expect(autoCycleRuns.edges[0]!.node.triggeredBy).toBe('system:auto-cycle');
});
