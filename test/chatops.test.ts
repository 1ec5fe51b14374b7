// Chat-ops: signed slash commands on POST /chatops, acting as the opsloop user of the chat username
// (role from the users table) under the same rules as the API — four-eyes, roles, conflicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signChatopsRequest } from '../src/modules/approvals/chatops/signature.js';
import { ApprovalsAction, ApprovalsApprove, approvalsSeed, type ApprovalsSeed } from './helpers/approvals.js';
import { ManualClock } from './helpers/clock.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const SECRET = 'chat-ops-test-secret';

/** The server's clock: a session's expiry is judged by it, so the test moves it instead of sleeping. */
const clock = new ManualClock();
let server: TestServer;
let seed: ApprovalsSeed;
let erin: UserClient; // ENGINEER, requests actions
let paul: UserClient; // PM
let ada: UserClient; // ADMIN
let vera: UserClient; // VIEWER

interface ChatResponse {
  status: number;
  text: string;
  code?: string;
}

async function post(body: string, headers: Record<string, string>): Promise<ChatResponse> {
  const response = await fetch(server.url.replace('/graphql', '/chatops'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = (await response.json()) as { text: string; code?: string };
  return { status: response.status, ...json };
}

/** A correctly signed slash command from `user`. */
function chat(user: string, text: string, options: { timestamp?: number; secret?: string } = {}): Promise<ChatResponse> {
  const body = JSON.stringify({ user, text });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return post(body, { 'x-opsloop-timestamp': timestamp, 'x-opsloop-signature': signChatopsRequest(options.secret ?? SECRET, timestamp, body) });
}

beforeAll(async () => {
  server = await startTestServer({ CHATOPS_SECRET: SECRET }, { clock });
  seed = approvalsSeed(server);
  [erin, paul, ada, vera] = await Promise.all([
    seed.user('erin', 'ENGINEER'),
    seed.user('paul', 'PM'),
    seed.user('ada', 'ADMIN'),
    seed.user('vera', 'VIEWER'),
    seed.user('rita', 'REQUESTER'), // known to chat-ops, used only there
  ]);
});
afterAll(() => server?.stop());

describe('authentication', () => {
  it('refuses unsigned, mis-signed, tampered and stale requests with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ user: 'paul', text: '/autoq' });
    const signature = signChatopsRequest(SECRET, now, body);
    const refused = [
      await post(body, {}),
      await post(body, { 'x-opsloop-timestamp': String(now) }),
      await post(body, { 'x-opsloop-timestamp': String(now), 'x-opsloop-signature': 'sha256=deadbeef' }),
      await chat('paul', '/autoq', { secret: 'not-the-secret' }),
      await post(body.replace('autoq', 'status'), { 'x-opsloop-timestamp': String(now), 'x-opsloop-signature': signature }),
      await post(body, { 'x-opsloop-timestamp': String(now + 1), 'x-opsloop-signature': signature }),
      await chat('paul', '/autoq', { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      // In the future: a margin so a slow test run cannot bring it back inside the window.
      await chat('paul', '/autoq', { timestamp: Math.floor(Date.now() / 1000) + 330 }),
    ];
    expect(refused.map((r) => r.status)).toEqual(Array(refused.length).fill(401));
    expect((await chat('paul', '/autoq', { timestamp: Math.floor(Date.now() / 1000) - 240 })).status).toBe(200);
  });

  it('answers 400 to a signed body that is not a command', async () => {
    const body = 'not json';
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect((await post(body, { 'x-opsloop-timestamp': timestamp, 'x-opsloop-signature': signChatopsRequest(SECRET, timestamp, body) })).status).toBe(400);
  });

  it('politely refuses a chat user who is not an opsloop user', async () => {
    const reply = await chat('mallory', '/autoq');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("don't know an opsloop user called \"mallory\"");
  });
});

describe('commands', () => {
  it('/autoq shows the empty queue, then pending actions with their ids', async () => {
    expect((await chat('paul', '/autoq')).text).toBe('The approval queue is empty.');
    const action = await seed.submit(erin, 'HIGH', { description: 'release 4.2 to billing' });
    const reply = await chat('paul', '/autoq');
    expect(reply.text).toContain(`${action.id} [HIGH] DEPLOY on billing-api (PROD) by erin`);
    expect(reply.text).toContain('release 4.2 to billing');
  });

  it('/approve ID comment approves as the chat user, visible through the API', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const reply = await chat('paul', `/approve ${action.id.toLowerCase()} looks good to me`);
    expect(reply).toMatchObject({ status: 200 });
    expect(reply.code).toBeUndefined();
    expect(reply.text).toContain(`${action.id} approved by paul`);
    const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
    expect(autoAction).toMatchObject({ status: 'APPROVED', approvedBy: 'paul', comment: 'looks good to me' });
    expect(autoAction.auditTrail.at(-1)).toMatchObject({ actor: 'paul', toStatus: 'APPROVED' });
  });

  it('/reject ID reason rejects with the reason', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const reply = await chat('ada', `/reject ${action.id} change freeze until Monday`);
    expect(reply.text).toContain(`${action.id} rejected by ada`);
    const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
    expect(autoAction).toMatchObject({ status: 'REJECTED', approvedBy: 'ada', comment: 'change freeze until Monday' });
  });

  it('/status shows today at a glance', async () => {
    const reply = await chat('vera', '/status');
    expect(reply.text).toMatch(/^Today: \d+ done automatically, \d+ pending approval, \d+ approved, \d+ rejected, \d+ expired\./);
    expect(reply.text).toContain('every 5 min');
  });

  it('explains unknown commands and missing or malformed ids', async () => {
    expect((await chat('paul', '/deploy everything')).text).toContain('/approve ACT-XXXXXXXX');
    expect(await chat('paul', '/approve')).toMatchObject({ code: 'BAD_USER_INPUT' });
    const malformed = await chat('paul', '/approve ACT-123');
    expect(malformed.code).toBe('BAD_USER_INPUT');
    expect(malformed.text).toContain('not an action id');
    expect((await chat('paul', '/approve ACT-00000000')).code).toBe('NOT_FOUND');
  });
});

describe('the same rules as the API', () => {
  it('four-eyes: the requester cannot approve or reject their own action over chat', async () => {
    const action = await seed.submit(erin, 'HIGH');
    for (const command of ['/approve', '/reject']) {
      const reply = await chat('erin', `${command} ${action.id}`);
      expect(reply.code).toBe('FORBIDDEN');
      expect(reply.text).toContain('four-eyes');
    }
    expect((await vera.data(ApprovalsAction, { id: action.id })).autoAction.status).toBe('PENDING_APPROVAL');
  });

  it('roles come from the opsloop user: CRITICAL needs an ADMIN, a VIEWER or REQUESTER cannot decide', async () => {
    const critical = await seed.submit(erin, 'CRITICAL');
    const high = await seed.submit(erin, 'HIGH');
    expect((await chat('paul', `/approve ${critical.id}`)).code).toBe('FORBIDDEN');
    expect((await chat('vera', `/approve ${high.id}`)).code).toBe('FORBIDDEN');
    expect((await chat('rita', `/reject ${high.id}`)).code).toBe('FORBIDDEN');
    expect((await chat('rita', '/autoq')).code).toBe('FORBIDDEN');
    expect((await chat('ada', `/approve ${critical.id} backup verified`)).text).toContain(`${critical.id} approved by ada`);
  });

  it('a decision already taken (here through the API) is a conflict in chat', async () => {
    const action = await seed.submit(erin, 'HIGH');
    await ada.data(ApprovalsApprove, { id: action.id });
    const reply = await chat('paul', `/approve ${action.id}`);
    expect(reply.code).toBe('CONFLICT');
    expect(reply.text).toContain('APPROVED by ada');
    // …and one taken in chat is a conflict in the API.
    const other = await seed.submit(erin, 'HIGH');
    await chat('paul', `/reject ${other.id}`);
    expect((await ada.request(ApprovalsApprove, { id: other.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('a chat user whose opsloop token has expired', () => {
  it('is refused until they sign in again, and then acts with their new role', async () => {
    const olga = await server.as('olga', 'ADMIN', { expiresIn: '1s' });
    await olga.request('{ me { username } }');
    // 2.1 s later on the server's clock: past the 1 s token (which was valid when it was used).
    clock.set(new Date(Date.now() + 2_100));
    const refused = await chat('olga', '/autoq');
    expect(refused).toMatchObject({ status: 200, code: 'UNAUTHENTICATED' });
    expect(refused.text).toContain('session has expired');

    // Signing in again as a VIEWER: chat-ops now acts with VIEWER rights (reads, no decisions).
    const again = await server.as('olga', 'VIEWER');
    await again.request('{ me { username } }');
    expect((await chat('olga', '/autoq')).code).toBeUndefined();
    const action = await seed.submit(erin, 'HIGH');
    expect((await chat('olga', `/approve ${action.id}`)).code).toBe('FORBIDDEN');
  });
});
