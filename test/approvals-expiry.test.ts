// Pending approvals lapse: APPROVAL_TTL_MINUTES=0.05 (3 s) on this server. A decision after the
// deadline fails with EXPIRED and marks the action EXPIRED; the sweeper (the approvals:expire job,
// and step 6 of the auto cycle, call expireLapsedApprovals) expires untouched ones and warns once
// before the lapse. Time here is a clock the test moves, and the test runs the job itself; the last
// test runs on real time with the real scheduler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { approvalExpiryJob } from '../src/modules/approvals/approvals.jobs.js';
import { graphql } from './generated/index.js';
import { ApprovalsAction, ApprovalsApprove, ApprovalsReject, approvalsSeed, codeOf, type ApprovalsSeed } from './helpers/approvals.js';
import { ManualClock } from './helpers/clock.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import type { Subscription } from './helpers/ws.js';

const ApprovalsExpiryQueue = graphql(`
  subscription ApprovalsExpiryQueue {
    approvalQueue {
      kind
      action { id status }
    }
  }
`);

const ApprovalsExpiryStatus = graphql(`
  query ApprovalsExpiryStatus {
    autoStatus {
      today { expired pendingApproval }
      pendingActions { id }
    }
  }
`);

const clock = new ManualClock();
let server: TestServer;
let seed: ApprovalsSeed;
let erin: UserClient;
let paul: UserClient;
let vera: UserClient;
let live: Subscription<{ approvalQueue: { kind: string; action: { id: string; status: string } } }>;

beforeAll(async () => {
  // Escalation (default: half the TTL) is test/approvals-workflow.test.ts's; here it is set past the
  // TTL so these actions lapse unescalated and the events and trails below are expiry's alone.
  server = await startTestServer({ APPROVAL_TTL_MINUTES: '0.05', APPROVAL_ESCALATE_AFTER_MINUTES: '1' }, { clock });
  seed = approvalsSeed(server);
  [erin, paul, vera] = await Promise.all([seed.user('erin', 'ENGINEER'), seed.user('paul', 'PM'), seed.user('vera', 'VIEWER')]);
  live = (await vera.ws()).subscribe(ApprovalsExpiryQueue);
  await new Promise((resolve) => setTimeout(resolve, 100)); // graphql-ws does not acknowledge subscribe
});
afterAll(() => server?.stop());

/** Moves the server's clock to `extraMs` after `at`. */
const until = (at: string | number, extraMs = 0) => clock.set(new Date(new Date(at).getTime() + extraMs));
const expireLapsedApprovals = () => server.runJob('approvals:expire');

const eventsFor = (id: string) => live.results.filter((r) => r.data?.approvalQueue.action.id === id).map((r) => r.data!.approvalQueue.kind);

describe('a decision after the deadline', () => {
  it('fails with EXPIRED, and the action becomes EXPIRED with an audited transition and an event', async () => {
    const high = await seed.submit(erin, 'HIGH');
    const critical = await seed.submit(erin, 'CRITICAL');
    expect(new Date(high.expiresAt!).getTime() - new Date(high.createdAt).getTime()).toBe(3000);
    until(critical.expiresAt!, 150);

    const approve = await paul.request(ApprovalsApprove, { id: high.id, comment: 'too late' });
    expect(codeOf(approve)).toBe('EXPIRED');
    expect(approve.errors![0]!.message).toContain('expired');
    const admin = await server.as('ada', 'ADMIN');
    expect(codeOf(await admin.request(ApprovalsReject, { id: critical.id }))).toBe('EXPIRED');

    const { autoAction } = await vera.data(ApprovalsAction, { id: high.id });
    expect(autoAction).toMatchObject({ status: 'EXPIRED', approvedBy: null, comment: null });
    expect(autoAction.auditTrail.at(-1)).toMatchObject({ actor: 'system:expiry', fromStatus: 'PENDING_APPROVAL', toStatus: 'EXPIRED' });
    expect(autoAction.auditTrail.at(-1)!.comment).toContain('paul tried to approve');
    // Asking again is still EXPIRED (not a conflict), and nothing more is written.
    expect(codeOf(await paul.request(ApprovalsApprove, { id: high.id }))).toBe('EXPIRED');
    expect((await vera.data(ApprovalsAction, { id: high.id })).autoAction.auditTrail).toHaveLength(2);
    await live.waitFor((r) => r.data?.approvalQueue.kind === 'EXPIRED' && r.data.approvalQueue.action.id === high.id);
  });
});

describe('the expiry sweeper', () => {
  it('warns once before the lapse (capped to half a short TTL), then expires untouched actions', async () => {
    const before = (await vera.data(ApprovalsExpiryStatus)).autoStatus.today;
    const first = await seed.submit(erin, 'HIGH');
    const second = await seed.submit(erin, 'CRITICAL');
    expect(await expireLapsedApprovals()).toBe(0);
    expect(eventsFor(first.id)).toEqual(['SUBMITTED']);

    // Half of the 3 s TTL: inside the warning window, not yet lapsed.
    until(second.createdAt, 1700);
    expect(await expireLapsedApprovals()).toBe(0);
    await live.waitFor((r) => r.data?.approvalQueue.kind === 'EXPIRING' && r.data.approvalQueue.action.id === second.id);
    await expireLapsedApprovals();
    expect((await vera.data(ApprovalsAction, { id: first.id })).autoAction.status).toBe('PENDING_APPROVAL');

    until(second.expiresAt!, 100);
    // Lapsed actions leave the live pending list at once, even before the sweeper runs.
    const lapsed = (await vera.data(ApprovalsExpiryStatus)).autoStatus;
    expect(lapsed.pendingActions.map((a) => a.id)).not.toContain(first.id);

    expect(await expireLapsedApprovals()).toBe(2);
    expect(await expireLapsedApprovals()).toBe(0);
    for (const action of [first, second]) {
      await live.waitFor((r) => r.data?.approvalQueue.kind === 'EXPIRED' && r.data.approvalQueue.action.id === action.id);
      expect(eventsFor(action.id)).toEqual(['SUBMITTED', 'EXPIRING', 'EXPIRED']);
      const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
      expect(autoAction.status).toBe('EXPIRED');
      expect(autoAction.processedAt).not.toBeNull();
      expect(autoAction.auditTrail.map((e) => [e.actor, e.fromStatus, e.toStatus])).toEqual([
        ['erin', null, 'PENDING_APPROVAL'],
        ['system:expiry', 'PENDING_APPROVAL', 'EXPIRED'],
      ]);
    }
    const after = (await vera.data(ApprovalsExpiryStatus)).autoStatus.today;
    expect(after.expired).toBe(before.expired + 2);
    expect(after.pendingApproval).toBe(before.pendingApproval);
    // An expired action can no longer be decided.
    expect(codeOf(await paul.request(ApprovalsApprove, { id: first.id }))).toBe('EXPIRED');
  });

  it('is scheduled often enough for the TTL: every second here, every minute by default', () => {
    const job = approvalExpiryJob;
    expect(job.name).toBe('approvals:expire');
    expect(job.everyMinutes(loadConfig({ APPROVAL_TTL_MINUTES: '0.05' })) * 60).toBeCloseTo(1);
    expect(job.everyMinutes(loadConfig({}))).toBe(1);
  });
});

describe('on real time, with the real scheduler', () => {
  let realTime: TestServer;
  beforeAll(async () => {
    realTime = await startTestServer({ APPROVAL_TTL_MINUTES: '0.05', JOBS_ENABLED: 'true' });
  });
  afterAll(() => realTime?.stop());

  it('expires an untouched action by itself soon after its deadline', async () => {
    const realSeed = approvalsSeed(realTime);
    const [requester, viewer] = await Promise.all([realSeed.user('erin', 'ENGINEER'), realSeed.user('vera', 'VIEWER')]);
    const queue = (await viewer.ws()).subscribe(ApprovalsExpiryQueue);
    await new Promise((resolve) => setTimeout(resolve, 100)); // graphql-ws does not acknowledge subscribe
    const action = await realSeed.submit(requester, 'HIGH');
    const kinds = () => queue.results.filter((r) => r.data?.approvalQueue.action.id === action.id).map((r) => r.data!.approvalQueue.kind);
    // The 3 s TTL, then the next run of the every-second sweeper.
    await queue.waitFor((r) => r.data?.approvalQueue.kind === 'EXPIRED' && r.data.approvalQueue.action.id === action.id, 8_000);
    expect(kinds()[0]).toBe('SUBMITTED');
    expect(kinds().at(-1)).toBe('EXPIRED');
    const { autoAction } = await viewer.data(ApprovalsAction, { id: action.id });
    expect(autoAction.status).toBe('EXPIRED');
    expect(new Date(autoAction.processedAt!).getTime()).toBeGreaterThanOrEqual(new Date(autoAction.expiresAt!).getTime());
    expect(autoAction.auditTrail.at(-1)).toMatchObject({ actor: 'system:expiry', fromStatus: 'PENDING_APPROVAL', toStatus: 'EXPIRED', comment: 'no decision before expiresAt' });
  });
});
