// Delegation of approval authority through the public API: an away ADMIN's authority used by an
// ENGINEER only inside the window, the delegated CRITICAL vote counted as the ADMIN's for the quorum
// (CRITICAL_QUORUM=2 here), four-eyes for both people, no chains, one vote per person, revocation
// stopping at once, and who sees which delegations. Time is the server's clock, moved by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsSeed, codeOf, type ApprovalsSeed } from './helpers/approvals.js';
import { ManualClock } from './helpers/clock.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import { WfAction, WfApprove, WfDelegate, WfDelegationNode, WfDelegations, WfReject, WfRevoke } from './helpers/workflow.js';

const clock = new ManualClock();
let server: TestServer;
let seed: ApprovalsSeed;
let ada: UserClient; // ADMIN, going on leave
let bob: UserClient; // ADMIN
let eddie: UserClient; // ENGINEER, ada's delegate
let frank: UserClient; // ENGINEER
let erin: UserClient; // ENGINEER, requests actions
let paul: UserClient; // PM
let vera: UserClient; // VIEWER

const minutesFromNow = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

beforeAll(async () => {
  server = await startTestServer({ CRITICAL_QUORUM: '2' }, { clock });
  seed = approvalsSeed(server);
  [ada, bob, eddie, frank, erin, paul, vera] = await Promise.all([
    seed.user('ada', 'ADMIN'),
    seed.user('bob', 'ADMIN'),
    seed.user('eddie', 'ENGINEER'),
    seed.user('frank', 'ENGINEER'),
    seed.user('erin', 'ENGINEER'),
    seed.user('paul', 'PM'),
    seed.user('vera', 'VIEWER'),
  ]);
});
afterAll(() => server?.stop());

describe('a delegation in and out of its window', () => {
  it('lets the delegate decide what the delegator could only inside the window, audited as on behalf of the delegator; the delegated CRITICAL vote is the ADMIN\'s for the quorum', async () => {
    const { delegateApprovals: delegation } = await ada.data(WfDelegate, {
      input: { to: 'eddie', startsAt: minutesFromNow(10), until: minutesFromNow(70), reason: 'on leave this afternoon' },
    });
    expect(delegation).toMatchObject({ from: 'ada', to: 'eddie', riskLevels: ['HIGH', 'CRITICAL'], status: 'SCHEDULED', createdBy: 'ada', fromUser: { role: 'ADMIN' } });
    expect(delegation.id).toMatch(/^DLG-[0-9A-Z]{8}$/);

    // Before the window: an ENGINEER cannot decide CRITICAL, delegation or not.
    const early = await seed.submit(erin, 'CRITICAL');
    const refused = await eddie.request(WfApprove, { id: early.id });
    expect(codeOf(refused)).toBe('FORBIDDEN');

    clock.advanceMinutes(15);
    const action = await seed.submit(erin, 'CRITICAL');
    const vote = (await eddie.data(WfApprove, { id: action.id, comment: 'restore tested' })).approveAction;
    expect(vote.status).toBe('PENDING_APPROVAL'); // one vote of two
    expect(vote.approvals).toEqual([{ approver: 'ada', decidedBy: 'eddie', delegationId: delegation.id, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(vote.auditTrail.at(-1)).toMatchObject({
      actor: 'eddie',
      onBehalfOf: 'ada',
      delegationId: delegation.id,
      actorLabel: `eddie on behalf of ada (delegation ${delegation.id})`,
      comment: 'approval 1 of 2: restore tested',
    });
    // ada's vote is cast: ada herself cannot vote again; a second ADMIN reaches the quorum.
    const twice = await ada.request(WfApprove, { id: action.id });
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(twice.errors![0]!.message).toContain('eddie (on behalf of ada) already approved');
    const approved = (await bob.data(WfApprove, { id: action.id })).approveAction;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: 'bob', result: { approved: true, approvers: ['ada', 'bob'] } });

    // After the window: nothing on ada's behalf, explicitly or not.
    clock.advanceMinutes(60);
    const late = await seed.submit(erin, 'CRITICAL');
    expect(codeOf(await eddie.request(WfApprove, { id: late.id }))).toBe('FORBIDDEN');
    const high = await seed.submit(erin, 'HIGH');
    const explicit = await eddie.request(WfReject, { id: high.id, onBehalfOf: 'ada' });
    expect(codeOf(explicit)).toBe('FORBIDDEN');
    expect(explicit.errors![0]!.message).toContain('holds no delegation from ada in force');
    const { delegations } = await ada.data(WfDelegations, {});
    expect(delegations.edges.find((edge) => edge.node.id === delegation.id)!.node.status).toBe('ENDED');
  });

  it('decides a HIGH action on behalf of the delegator only when asked (onBehalfOf); otherwise as the delegate', async () => {
    const { delegateApprovals: delegation } = await paul.data(WfDelegate, { input: { to: 'frank', until: minutesFromNow(60), reason: 'off sick' } });
    expect(delegation.riskLevels).toEqual(['HIGH']); // a PM decides HIGH only
    const mine = await seed.submit(erin, 'HIGH');
    expect((await frank.data(WfApprove, { id: mine.id })).approveAction).toMatchObject({ approvedBy: 'frank', approvedOnBehalfOf: null });
    const theirs = await seed.submit(erin, 'HIGH');
    const { rejectAction } = await frank.data(WfReject, { id: theirs.id, onBehalfOf: 'paul', comment: 'freeze' });
    expect(rejectAction).toMatchObject({ status: 'REJECTED', approvedBy: 'frank', approvedOnBehalfOf: 'paul' });
    const { autoAction } = await vera.data(WfAction, { id: theirs.id });
    expect(autoAction.auditTrail.at(-1)!.actorLabel).toBe(`frank on behalf of paul (delegation ${delegation.id})`);
  });
});

describe('four-eyes and no chains under delegation', () => {
  let delegationId: string;
  beforeAll(async () => {
    delegationId = (await ada.data(WfDelegate, { input: { to: 'eddie', until: minutesFromNow(120), reason: 'conference' } })).delegateApprovals.id;
  });

  it('never lets the delegate decide their own request, nor anyone decide for the requester', async () => {
    const ownByDelegate = await seed.submit(eddie, 'CRITICAL');
    const own = await eddie.request(WfApprove, { id: ownByDelegate.id });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(own.errors![0]!.message).toContain('four-eyes');
    const byDelegator = await seed.submit(ada, 'HIGH');
    const forRequester = await eddie.request(WfApprove, { id: byDelegator.id, onBehalfOf: 'ada' });
    expect(codeOf(forRequester)).toBe('FORBIDDEN');
    expect(forRequester.errors![0]!.message).toContain('four-eyes rule: ada requested');
    // Automatically: ada's delegation cannot be used on ada's own CRITICAL request.
    const criticalByAda = await seed.submit(ada, 'CRITICAL');
    expect(codeOf(await eddie.request(WfApprove, { id: criticalByAda.id }))).toBe('FORBIDDEN');
    expect((await vera.data(WfAction, { id: criticalByAda.id })).autoAction.status).toBe('PENDING_APPROVAL');
  });

  it('refuses a delegation to oneself, for someone else without ADMIN, of authority held only by delegation, and to a non-ops user', async () => {
    const self = await ada.request(WfDelegate, { input: { to: 'ada', until: minutesFromNow(60), reason: 'x' } });
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect(self.errors![0]!.extensions!.field).toBe('input.to');
    expect(codeOf(await paul.request(WfDelegate, { input: { from: 'ada', to: 'frank', until: minutesFromNow(60), reason: 'x' } }))).toBe('FORBIDDEN');
    // eddie holds ada's CRITICAL authority only by delegation: he cannot pass it on.
    const chain = await eddie.request(WfDelegate, { input: { to: 'frank', until: minutesFromNow(60), riskLevels: ['CRITICAL'], reason: 'x' } });
    expect(codeOf(chain)).toBe('FORBIDDEN');
    expect(chain.errors![0]!.message).toContain('never passed on');
    expect(codeOf(await ada.request(WfDelegate, { input: { to: 'vera', until: minutesFromNow(60), reason: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ada.request(WfDelegate, { input: { to: 'eddie', until: minutesFromNow(60 * 24 * 31), reason: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ada.request(WfDelegate, { input: { to: 'eddie', until: minutesFromNow(60), riskLevels: ['LOW'], reason: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await vera.request(WfDelegate, { input: { to: 'eddie', until: minutesFromNow(60), reason: 'x' } }))).toBe('FORBIDDEN');

    // His own HIGH authority he may delegate; it never carries ada's CRITICAL one along.
    await eddie.data(WfDelegate, { input: { to: 'frank', until: minutesFromNow(60), reason: 'swap' } });
    const critical = await seed.submit(erin, 'CRITICAL');
    const viaEddie = await frank.request(WfApprove, { id: critical.id, onBehalfOf: 'eddie' });
    expect(codeOf(viaEddie)).toBe('FORBIDDEN');
    expect(codeOf(await frank.request(WfApprove, { id: critical.id, onBehalfOf: 'ada' }))).toBe('FORBIDDEN');
    expect((await vera.data(WfAction, { id: critical.id })).autoAction.approvals).toEqual([]);
    // An ADMIN may delegate for someone else (e.g. for a colleague who left in a hurry).
    const forBob = (await ada.data(WfDelegate, { input: { from: 'bob', to: 'paul', until: minutesFromNow(30), riskLevels: ['HIGH'], reason: 'bob is ill' } })).delegateApprovals;
    expect(forBob).toMatchObject({ from: 'bob', to: 'paul', createdBy: 'ada' });
  });

  it('lets one person vote once per action: as themselves or for one delegator, not both', async () => {
    await ada.data(WfDelegate, { input: { to: 'bob', until: minutesFromNow(60), reason: 'quorum cover' } });
    const action = await seed.submit(erin, 'CRITICAL');
    await bob.data(WfApprove, { id: action.id });
    const again = await bob.request(WfApprove, { id: action.id, onBehalfOf: 'ada' });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toContain('one person votes once');
    expect(delegationId).toMatch(/^DLG-/);
  });
});

describe('revocation and visibility', () => {
  it('stops a revoked delegation at once; a second revocation is a conflict', async () => {
    const { delegateApprovals: delegation } = await ada.data(WfDelegate, { input: { to: 'frank', until: minutesFromNow(60), riskLevels: ['CRITICAL'], reason: 'cover' } });
    const action = await seed.submit(erin, 'CRITICAL');
    const revoked = (await ada.data(WfRevoke, { id: delegation.id })).revokeDelegation;
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedBy: 'ada' });
    const refused = await frank.request(WfApprove, { id: action.id });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(codeOf(await ada.request(WfRevoke, { id: delegation.id }))).toBe('CONFLICT');
  });

  it('shows a delegation to its parties and to ADMINs only (list and node)', async () => {
    const { delegateApprovals: delegation } = await paul.data(WfDelegate, { input: { to: 'eddie', until: minutesFromNow(30), reason: 'lunch' } });
    const idsOf = async (client: UserClient) => (await client.data(WfDelegations, { activeOnly: true })).delegations.edges.map((edge) => edge.node.id);
    expect(await idsOf(paul)).toContain(delegation.id);
    expect(await idsOf(eddie)).toContain(delegation.id);
    expect(await idsOf(bob)).toContain(delegation.id); // ADMIN: all
    expect(await idsOf(erin)).not.toContain(delegation.id);
    expect((await paul.data(WfDelegationNode, { id: delegation.id })).node).toMatchObject({ id: delegation.id, from: 'paul', to: 'eddie', status: 'ACTIVE' });
    expect(codeOf(await erin.request(WfDelegationNode, { id: delegation.id }))).toBe('NOT_FOUND');
    expect(codeOf(await vera.request(WfDelegationNode, { id: delegation.id }))).toBe('FORBIDDEN');
    expect(codeOf(await erin.request(WfRevoke, { id: delegation.id }))).toBe('NOT_FOUND');
    expect((await eddie.data(WfRevoke, { id: delegation.id })).revokeDelegation.status).toBe('REVOKED'); // the delegate may give it back
  });
});
