// Concurrent decisions: of many people deciding one action at the same moment exactly one wins and
// the rest get CONFLICT, with one audit entry; and a CRITICAL quorum of distinct ADMINs
// (CRITICAL_QUORUM=2 on this server) counts each person once, even when they all click at once.
// Four-eyes is switched off here (FOUR_EYES=false) to show the setting works; it is on by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalsAction, ApprovalsApprove, ApprovalsReject, approvalsSeed, codeOf, type ApprovalsSeed } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

let server: TestServer;
let seed: ApprovalsSeed;
let requester: UserClient;
let vera: UserClient;

beforeAll(async () => {
  server = await startTestServer({ CRITICAL_QUORUM: '2', FOUR_EYES: 'false' });
  seed = approvalsSeed(server);
  requester = await seed.user('erin', 'ENGINEER');
  vera = await seed.user('vera', 'VIEWER');
});
afterAll(() => server?.stop());

describe('20 concurrent decisions on one action', () => {
  it.each([1, 2, 3])('exactly one wins, 19 get CONFLICT, one decision is audited (round %i)', async () => {
    const action = await seed.submit(requester, 'HIGH');
    const approvers = await Promise.all(Array.from({ length: 20 }, (_, i) => server.as(`approver-${i}`, i % 3 === 0 ? 'PM' : 'ENGINEER')));
    const results = await Promise.all(
      approvers.map((approver, i) =>
        i % 2 === 0 ? approver.request(ApprovalsApprove, { id: action.id, comment: `by ${i}` }) : approver.request(ApprovalsReject, { id: action.id, comment: `by ${i}` }),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(19);

    const winner = results.find((result) => codeOf(result) === 'OK')!.data as { approveAction?: { status: string; approvedBy: string }; rejectAction?: { status: string; approvedBy: string } };
    const decided = winner.approveAction ?? winner.rejectAction!;
    const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
    expect(autoAction).toMatchObject({ status: decided.status, approvedBy: decided.approvedBy });
    expect(autoAction.auditTrail.map((entry) => [entry.fromStatus, entry.toStatus])).toEqual([
      [null, 'PENDING_APPROVAL'],
      ['PENDING_APPROVAL', decided.status],
    ]);
  });
});

describe('quorum for CRITICAL (2 distinct ADMINs)', () => {
  let ada: UserClient;
  let bob: UserClient;
  beforeAll(async () => {
    [ada, bob] = await Promise.all([seed.user('ada', 'ADMIN'), seed.user('bob', 'ADMIN')]);
  });

  it('keeps the action pending after the first approval and approves on the second person', async () => {
    const action = await seed.submit(requester, 'CRITICAL');
    const first = await ada.data(ApprovalsApprove, { id: action.id, comment: 'backup checked' });
    expect(first.approveAction.status).toBe('PENDING_APPROVAL');
    expect(first.approveAction.auditTrail.at(-1)).toMatchObject({ actor: 'ada', fromStatus: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL', comment: 'approval 1 of 2: backup checked' });

    const twice = await ada.request(ApprovalsApprove, { id: action.id });
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(twice.errors![0]!.message).toContain('already approved');

    const second = await bob.data(ApprovalsApprove, { id: action.id });
    expect(second.approveAction).toMatchObject({ status: 'APPROVED', approvedBy: 'bob', result: { approved: true, approvers: ['ada', 'bob'] } });
    const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
    expect(autoAction.approvals.map((approval) => approval.approver)).toEqual(['ada', 'bob']);
  });

  it('lets any one ADMIN reject while votes are pending', async () => {
    const action = await seed.submit(requester, 'CRITICAL');
    await ada.data(ApprovalsApprove, { id: action.id });
    const { rejectAction } = await bob.data(ApprovalsReject, { id: action.id, comment: 'wrong table' });
    expect(rejectAction.status).toBe('REJECTED');
    expect(codeOf(await bob.request(ApprovalsApprove, { id: action.id }))).toBe('CONFLICT');
  });

  it('counts concurrent approvals once each: two approve, the others get CONFLICT, APPROVED is audited once', async () => {
    const action = await seed.submit(requester, 'CRITICAL');
    const admins = await Promise.all(Array.from({ length: 10 }, (_, i) => server.as(`admin-${i}`, 'ADMIN')));
    const results = await Promise.all(admins.map((admin) => admin.request(ApprovalsApprove, { id: action.id })));
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === 'OK')).toHaveLength(2);
    expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(8);
    const { autoAction } = await vera.data(ApprovalsAction, { id: action.id });
    expect(autoAction.status).toBe('APPROVED');
    expect(autoAction.approvals).toHaveLength(2);
    expect(autoAction.auditTrail.filter((entry) => entry.toStatus === 'APPROVED')).toHaveLength(1);
  });
});

describe('with four-eyes switched off', () => {
  it('lets a requester with the right role decide their own action', async () => {
    const action = await seed.submit(requester, 'HIGH');
    const { approveAction } = await requester.data(ApprovalsApprove, { id: action.id });
    expect(approveAction).toMatchObject({ status: 'APPROVED', approvedBy: 'erin' });
    // Roles still apply: an ENGINEER cannot decide a CRITICAL action, even their own.
    const critical = await seed.submit(requester, 'CRITICAL');
    expect(codeOf(await requester.request(ApprovalsApprove, { id: critical.id }))).toBe('FORBIDDEN');
  });
});
