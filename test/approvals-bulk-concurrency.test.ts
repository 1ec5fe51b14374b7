// Concurrent bulk decisions: 20 approvers send decideActions at the same moment over overlapping
// sets of 30 pending actions (each action in several sets, some approving, some rejecting). Every
// action gets exactly one decision — one APPROVED or REJECTED audit entry, its status that of the
// one call that won, a valid signed trail — and every other item of every call is CONFLICT. Run on
// PostgreSQL (TEST_DATABASE_URL, a pool of connections: real concurrency) and on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsSeed, type ApprovalsSeed } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import { WfAction, WfBulk } from './helpers/workflow.js';

const ACTIONS = 30;
const CALLERS = 20;
const PER_CALL = 10;

let server: TestServer;
let seed: ApprovalsSeed;
let requester: UserClient;
let vera: UserClient;

beforeAll(async () => {
  server = await startTestServer();
  seed = approvalsSeed(server);
  [requester, vera] = await Promise.all([seed.user('erin', 'ENGINEER'), seed.user('vera', 'VIEWER')]);
});
afterAll(() => server?.stop());

describe(`${CALLERS} concurrent bulk decisions over overlapping ids`, () => {
  it('decides each action exactly once; every other item is CONFLICT', async () => {
    const actions: Array<{ id: string }> = [];
    for (let i = 0; i < ACTIONS; i += 1) actions.push(await seed.submit(requester, 'HIGH', { description: `bulk ${i}` }));
    const approvers = await Promise.all(Array.from({ length: CALLERS }, (_, i) => server.as(`bulk-${i}`, i % 2 === 0 ? 'PM' : 'ENGINEER')));
    // Caller i takes 10 consecutive actions from 3·i (wrapping): each action is in 6 or 7 calls.
    const sets = approvers.map((_, i) => Array.from({ length: PER_CALL }, (_, k) => actions[(3 * i + k) % ACTIONS]!.id));
    const decisions = approvers.map((_, i): 'APPROVE' | 'REJECT' => (i % 3 === 0 ? 'REJECT' : 'APPROVE'));
    const responses = await Promise.all(approvers.map((approver, i) => approver.data(WfBulk, { input: { ids: sets[i]!, decision: decisions[i]!, comment: `call ${i}` } })));

    const winners = new Map<string, number[]>();
    responses.forEach(({ decideActions }, i) => {
      expect(decideActions.results.map((result) => result.id)).toEqual(sets[i]);
      for (const result of decideActions.results) {
        if (result.error) expect(result.error.code).toBe('CONFLICT');
        else winners.set(result.id, [...(winners.get(result.id) ?? []), i]);
      }
    });
    const conflicts = responses.reduce((sum, { decideActions }) => sum + decideActions.failed, 0);
    expect(conflicts).toBe(CALLERS * PER_CALL - ACTIONS);

    for (const action of actions) {
      const won = winners.get(action.id) ?? [];
      expect(won).toHaveLength(1);
      const caller = won[0]!;
      const { autoAction } = await vera.data(WfAction, { id: action.id });
      expect(autoAction).toMatchObject({ status: decisions[caller] === 'APPROVE' ? 'APPROVED' : 'REJECTED', approvedBy: `bulk-${caller}` });
      expect(autoAction.auditTrail.filter((entry) => entry.toStatus === 'APPROVED' || entry.toStatus === 'REJECTED')).toHaveLength(1);
      expect(autoAction.approvals.length).toBe(decisions[caller] === 'APPROVE' ? 1 : 0);
      expect(autoAction.auditIntegrity).toMatchObject({ valid: true, entries: 2 });
    }
  });
});
