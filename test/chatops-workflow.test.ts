// The seed bot's commands on POST /chatops, under the API's rules: /sr (a request the chat user may
// read, and filing one as them), /bulk, /extend, /status, and decisions under a delegation that
// stop at once when it is revoked or ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signChatopsRequest } from '../src/modules/approvals/chatops/signature.js';
import { approvalsSeed, type ApprovalsSeed } from './helpers/approvals.js';
import { ManualClock } from './helpers/clock.js';
import { ItsmCreateRequest } from './helpers/itsm.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import { WfAction, WfDelegate, WfRevoke } from './helpers/workflow.js';
import { graphql } from './generated/index.js';

const SECRET = 'chat-ops-workflow-secret';
const clock = new ManualClock();
let server: TestServer;
let seed: ApprovalsSeed;
let ada: UserClient; // ADMIN
let eddie: UserClient; // ENGINEER
let erin: UserClient; // ENGINEER, requests actions
let rita: UserClient; // REQUESTER
let vera: UserClient; // VIEWER

const ChatMyRequest = graphql(`
  query ChatMyRequest($id: ID!) {
    serviceRequest(id: $id) { id title type requester status }
  }
`);

async function chat(user: string, text: string): Promise<{ status: number; text: string; code?: string }> {
  const body = JSON.stringify({ user, text });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(server.url.replace('/graphql', '/chatops'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-opsloop-timestamp': timestamp, 'x-opsloop-signature': signChatopsRequest(SECRET, timestamp, body) },
    body,
  });
  return { status: response.status, ...((await response.json()) as { text: string; code?: string }) };
}

beforeAll(async () => {
  server = await startTestServer({ CHATOPS_SECRET: SECRET }, { clock });
  seed = approvalsSeed(server);
  [ada, eddie, erin, rita, vera] = await Promise.all([
    seed.user('ada', 'ADMIN'),
    seed.user('eddie', 'ENGINEER'),
    seed.user('erin', 'ENGINEER'),
    seed.user('rita', 'REQUESTER'),
    seed.user('vera', 'VIEWER'),
  ]);
  await Promise.all([seed.user('paul', 'PM'), seed.user('randy', 'REQUESTER')]);
});
afterAll(() => server?.stop());

describe('/sr', () => {
  it('shows status, assignee and SLA of a request the chat user may read; another requester\'s is not found', async () => {
    const { createServiceRequest: request } = await rita.data(ItsmCreateRequest, { input: { title: 'VPN 접속이 안됩니다', description: 'VPN drops every 5 minutes', type: 'INCIDENT' } });
    const own = await chat('rita', `/sr ${request.id.toLowerCase()}`);
    expect(own.code).toBeUndefined();
    expect(own.text).toContain(`${request.id} [${request.priority}] NEW — VPN 접속이 안됩니다`);
    expect(own.text).toContain('assignee none yet');
    expect(own.text).toMatch(/SLA due \S+ \(in \d+ (h|min)/);
    expect((await chat('vera', `/sr ${request.id}`)).text).toContain('requested by rita');
    expect((await chat('randy', `/sr ${request.id}`)).code).toBe('NOT_FOUND');
    expect((await chat('rita', '/sr SR-12')).code).toBe('BAD_USER_INPUT');
    expect((await chat('rita', '/sr')).code).toBe('BAD_USER_INPUT');
  });

  it('/sr new files a request as the chat user, with the same rules as createServiceRequest', async () => {
    const filed = await chat('rita', '/sr new incident: printer on floor 3 is jammed');
    expect(filed.code).toBeUndefined();
    const id = /Filed (SR-[0-9A-Z]{8}) for rita/.exec(filed.text)?.[1];
    expect(id).toBeTruthy();
    const { serviceRequest } = await rita.data(ChatMyRequest, { id: id! });
    expect(serviceRequest).toMatchObject({ title: 'printer on floor 3 is jammed', type: 'INCIDENT', requester: 'rita', status: 'NEW' });
    expect((await chat('vera', '/sr new please add me to the wiki')).code).toBe('FORBIDDEN');
    expect((await chat('rita', '/sr new')).code).toBe('BAD_USER_INPUT');
  });
});

describe('/bulk and /extend', () => {
  it('/bulk approves several actions, each on its own, and reports every outcome', async () => {
    const [one, two, own] = [await seed.submit(erin, 'HIGH'), await seed.submit(erin, 'HIGH'), await seed.submit(eddie, 'HIGH')];
    const reply = await chat('eddie', `/bulk approve ${one.id} ${two.id.toLowerCase()} ${own.id} ACT-00000000 nightly batch`);
    expect(reply.code).toBeUndefined();
    expect(reply.text).toContain('Bulk approve by eddie: 2 of 4 done, 2 refused.');
    expect(reply.text).toContain(`${own.id} :no_entry: FORBIDDEN — four-eyes`);
    expect(reply.text).toContain('ACT-00000000 :no_entry: NOT_FOUND');
    for (const action of [one, two]) expect((await vera.data(WfAction, { id: action.id })).autoAction).toMatchObject({ status: 'APPROVED', approvedBy: 'eddie' });
    expect((await chat('eddie', `/bulk maybe ${one.id}`)).code).toBe('BAD_USER_INPUT');
    expect((await chat('vera', `/bulk reject ${own.id}`)).code).toBe('FORBIDDEN');
  });

  it('/extend gives a pending action more time (ADMIN, PM), audited', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const reply = await chat('paul', `/extend ${action.id} 15 waiting for the vendor`);
    expect(reply.code).toBeUndefined();
    const expected = new Date(new Date(action.expiresAt!).getTime() + 15 * 60_000).toISOString();
    expect(reply.text).toContain(`${action.id} extended by 15 min by paul; it now expires at ${expected}`);
    expect((await vera.data(WfAction, { id: action.id })).autoAction).toMatchObject({ expiresAt: expected, extensionCount: 1 });
    expect((await chat('eddie', `/extend ${action.id} 15 engineer`)).code).toBe('FORBIDDEN');
    expect((await chat('paul', `/extend ${action.id} soon please`)).code).toBe('BAD_USER_INPUT');
    expect((await chat('paul', `/extend ${action.id}`)).code).toBe('BAD_USER_INPUT');
  });

  it('/status is as before', async () => {
    expect((await chat('vera', '/status')).text).toMatch(/^Today: \d+ done automatically, \d+ pending approval/);
  });
});

describe('decisions under a delegation in chat', () => {
  it('lets the delegate decide for the away ADMIN and stops at once when the delegation is revoked or ends', async () => {
    const until = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const { delegateApprovals: delegation } = await ada.data(WfDelegate, { input: { to: 'eddie', until, riskLevels: ['CRITICAL'], reason: 'at the dentist' } });
    const first = await seed.submit(erin, 'CRITICAL');
    const approved = await chat('eddie', `/approve ${first.id} backups verified`);
    expect(approved.code).toBeUndefined();
    expect(approved.text).toContain(`${first.id} approved by eddie on behalf of ada`);
    const trail = (await vera.data(WfAction, { id: first.id })).autoAction.auditTrail;
    expect(trail.at(-1)!.actorLabel).toBe(`eddie on behalf of ada (delegation ${delegation.id})`);

    await ada.data(WfRevoke, { id: delegation.id });
    const second = await seed.submit(erin, 'CRITICAL');
    expect((await chat('eddie', `/approve ${second.id}`)).code).toBe('FORBIDDEN');

    // A new delegation works until its window ends, then stops with no action from anyone.
    await ada.data(WfDelegate, { input: { to: 'eddie', until: new Date(clock.now().getTime() + 10 * 60_000).toISOString(), reason: 'short break' } });
    expect((await chat('eddie', `/reject for=ada ${second.id} not now`)).code).toBe('BAD_USER_INPUT'); // for= goes after the id
    const third = await seed.submit(erin, 'CRITICAL');
    clock.advanceMinutes(11);
    const ended = await chat('eddie', `/reject ${third.id} for=ada not now`);
    expect(ended.code).toBe('FORBIDDEN');
    expect(ended.text).toContain('holds no delegation from ada in force');
    expect((await chat('eddie', `/reject ${second.id}`)).code).toBe('FORBIDDEN');
    expect((await vera.data(WfAction, { id: second.id })).autoAction.status).toBe('PENDING_APPROVAL');
  });
});
