// Ops-channel notifications: each pending approval and each decision is posted as chat JSON
// ({"text": …}) to OPS_WEBHOOK_URL — here a real HTTP receiver on 127.0.0.1 — off the request path,
// retried with backoff when the receiver fails, counted as FAILED after the last attempt.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDueNotifications } from '../src/modules/approvals/notifications/relay.js';
import { graphql } from './generated/index.js';
import { ApprovalsApprove, ApprovalsReject, approvalsSeed, type ApprovalsSeed } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const NotificationsStatus = graphql(`
  query NotificationsStatus {
    autoStatus {
      notifications { pending sent failed }
    }
  }
`);

interface Received {
  body: { text: string; event: string; action: { id: string; riskLevel: string; status: string; decidedBy: string | null; comment: string | null } };
  answeredWith: number | 'held';
}

/** A chat webhook receiver; `respond` decides each reply (status code, or hold the request open). */
class Receiver {
  received: Received[] = [];
  held: Array<{ request: IncomingMessage; response: ServerResponse }> = [];
  respond: (body: Received['body'], attemptForAction: number) => number | 'hold' = () => 200;
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
      const attempt = this.received.filter((r) => r.body.action.id === body.action.id && r.body.event === body.event).length + 1;
      const answer = this.respond(body, attempt);
      this.received.push({ body, answeredWith: answer === 'hold' ? 'held' : answer });
      if (answer === 'hold') return this.held.push({ request, response });
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/ops`;
  }
  for(actionId: string, event?: string) {
    return this.received.filter((r) => r.body.action.id === actionId && (!event || r.body.event === event));
  }
  async stop() {
    for (const { response } of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const receiver = new Receiver();
let server: TestServer;
let seed: ApprovalsSeed;
let erin: UserClient;
let paul: UserClient;

beforeAll(async () => {
  await receiver.start();
  server = await startTestServer({
    OPS_WEBHOOK_URL: receiver.url,
    WEBHOOK_RETRY_BASE_MS: '40',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_TIMEOUT_MS: '2000',
  });
  seed = approvalsSeed(server);
  [erin, paul] = await Promise.all([seed.user('erin', 'ENGINEER'), seed.user('paul', 'PM')]);
});
afterAll(async () => {
  await server?.stop();
  await receiver.stop();
});
beforeEach(() => {
  receiver.respond = () => 200;
});

describe('messages to the ops channel', () => {
  it('posts each pending approval with how to act on it, and nothing for work done at once', async () => {
    const auto = await seed.submit(erin, 'LOW');
    const action = await seed.submit(erin, 'HIGH', { description: 'release 4.2 to billing' });
    const [message] = await eventually(() => {
      const found = receiver.for(action.id, 'approval.requested');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(message!.body.action).toMatchObject({ id: action.id, riskLevel: 'HIGH', status: 'PENDING_APPROVAL' });
    expect(message!.body.text).toContain(action.id);
    expect(message!.body.text).toContain('release 4.2 to billing');
    expect(message!.body.text).toContain(`/approve ${action.id}`);
    expect(receiver.for(auto.id)).toHaveLength(0);
  });

  it('posts each decision with who decided and why', async () => {
    const approved = await seed.submit(erin, 'HIGH');
    const rejected = await seed.submit(erin, 'HIGH');
    await paul.data(ApprovalsApprove, { id: approved.id, comment: 'ship it' });
    await paul.data(ApprovalsReject, { id: rejected.id, comment: 'change freeze' });
    const [yes] = await eventually(() => {
      const found = receiver.for(approved.id, 'approval.approved');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(yes!.body.action).toMatchObject({ status: 'APPROVED', decidedBy: 'paul', comment: 'ship it' });
    expect(yes!.body.text).toMatch(/Approved.*by paul/);
    const [no] = await eventually(() => {
      const found = receiver.for(rejected.id, 'approval.rejected');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(no!.body.text).toContain('change freeze');
  });
});

describe('delivery', () => {
  it('does not hold the mutation while the receiver is slow', async () => {
    receiver.respond = () => 'hold';
    const action = await seed.submit(erin, 'HIGH');
    // The mutation has answered; the webhook request it caused is still open at the receiver.
    const held = await eventually(() => {
      const found = receiver.held.find(({ request }) => request.readableEnded);
      expect(found).toBeDefined();
      return found!;
    });
    expect(held.response.writableEnded).toBe(false);
    expect(held.request.socket.destroyed).toBe(false);
    expect(receiver.for(action.id, 'approval.requested')[0]!.answeredWith).toBe('held');
    held.response.writeHead(200).end('ok');
    receiver.held = [];
  });

  it('retries with backoff when the receiver fails, and delivers once it recovers', async () => {
    receiver.respond = (_body, attempt) => (attempt <= 2 ? 503 : 200);
    const before = (await paul.data(NotificationsStatus)).autoStatus.notifications;
    const action = await seed.submit(erin, 'HIGH');
    await eventually(() => expect(receiver.for(action.id, 'approval.requested').map((r) => r.answeredWith)).toEqual([503, 503, 200]));
    const row = await eventually(async () => {
      const found = await server.db.notification.findFirstOrThrow({ where: { event: 'approval.requested', payload: { path: ['action', 'id'], equals: action.id } } });
      expect(found.status).toBe('SENT');
      return found;
    });
    expect(row).toMatchObject({ attempts: 3, lastError: null });
    const after = (await paul.data(NotificationsStatus)).autoStatus.notifications;
    expect(after.sent).toBeGreaterThan(before.sent);
    expect(after.failed).toBe(before.failed);
  });

  it('gives up after the last attempt: FAILED, counted, with the error kept, and the action unaffected', async () => {
    receiver.respond = () => 500;
    const before = (await paul.data(NotificationsStatus)).autoStatus.notifications;
    const action = await seed.submit(erin, 'HIGH');
    expect(action.status).toBe('PENDING_APPROVAL');
    const row = await eventually(async () => {
      const found = await server.db.notification.findFirstOrThrow({ where: { event: 'approval.requested', payload: { path: ['action', 'id'], equals: action.id } } });
      expect(found.status).toBe('FAILED');
      return found;
    });
    expect(row).toMatchObject({ attempts: 3, lastError: 'HTTP 500' });
    expect(receiver.for(action.id, 'approval.requested')).toHaveLength(3);
    const after = (await paul.data(NotificationsStatus)).autoStatus.notifications;
    expect(after.failed).toBe(before.failed + 1);
    // Retries are bounded: no fourth attempt comes later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.for(action.id, 'approval.requested')).toHaveLength(3);
  });

  it('delivers messages left pending by a stopped process when the relay job runs', async () => {
    // A message committed just before the process died: never attempted.
    const body = { text: 'left over', event: 'approval.requested', action: { id: 'ACT-LEFTOVER', riskLevel: 'HIGH', status: 'PENDING_APPROVAL' } };
    const row = await server.db.notification.create({ data: { event: 'approval.requested', payload: body, nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await deliverDueNotifications(server.runtime)).toBeGreaterThanOrEqual(1);
    expect(receiver.for('ACT-LEFTOVER').map((r) => r.body.text)).toEqual(['left over']);
    expect((await server.db.notification.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('SENT');
    // Running it again sends nothing twice.
    await deliverDueNotifications(server.runtime);
    expect(receiver.for('ACT-LEFTOVER')).toHaveLength(1);
  });
});
