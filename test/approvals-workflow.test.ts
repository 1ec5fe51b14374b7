// The approval workflow through the public API: deadline extension (limits, the EXTENDED event with
// the new deadline, EXPIRING re-armed), overdue escalation (once, naming who can decide), the signed
// hash-chained audit trail (verified by the API and offline with the published key; an altered row
// detected), decisions bound to the content sealed at submission, and bulk decisions with mixed
// outcomes. TTL 30 min (default: escalation after 15), APPROVAL_MAX_WAIT_MINUTES=60 on this server.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { approvalsSeed, codeOf, type ApprovalsSeed } from './helpers/approvals.js';
import { costOf } from './helpers/sql-cost.js';
import { ManualClock } from './helpers/clock.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import type { Subscription } from './helpers/ws.js';
import { eventually, WebhookReceiver, WfAction, WfApprove, WfBulk, WfDelegate, WfExtend, WfQueue, WfReject, type QueueEvent } from './helpers/workflow.js';

const clock = new ManualClock();
let server: TestServer;
let receiver: WebhookReceiver;
let seed: ApprovalsSeed;
let ada: UserClient; // ADMIN
let eddie: UserClient; // ENGINEER
let erin: UserClient; // ENGINEER, requests actions
let paul: UserClient; // PM
let vera: UserClient; // VIEWER
let live: Subscription<QueueEvent>;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  server = await startTestServer({ APPROVAL_MAX_WAIT_MINUTES: '60', OPS_WEBHOOK_URL: receiver.url }, { clock });
  seed = approvalsSeed(server);
  [ada, eddie, erin, paul, vera] = await Promise.all([
    seed.user('ada', 'ADMIN'),
    seed.user('eddie', 'ENGINEER'),
    seed.user('erin', 'ENGINEER'),
    seed.user('paul', 'PM'),
    seed.user('vera', 'VIEWER'),
  ]);
  await seed.user('bob', 'ADMIN'); // a second ADMIN, named by escalations
  live = (await vera.ws()).subscribe(WfQueue);
  await new Promise((resolve) => setTimeout(resolve, 100)); // graphql-ws does not acknowledge subscribe
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const sweep = () => server.runJob('approvals:expire');
const at = (iso: string, minutes: number) => clock.set(new Date(new Date(iso).getTime() + minutes * 60_000));
const kindsFor = (id: string) => live.results.filter((r) => r.data?.approvalQueue.action.id === id).map((r) => r.data!.approvalQueue.kind);

describe('deadline extension', () => {
  it('moves a pending deadline before it lapses: audited, an EXTENDED event with the new expiresAt, an ops message, and EXPIRING re-armed', async () => {
    const action = await seed.submit(erin, 'HIGH');
    at(action.createdAt, 27); // inside the 5-minute warning
    await sweep();
    await live.waitFor((r) => r.data?.approvalQueue.kind === 'EXPIRING' && r.data.approvalQueue.action.id === action.id);

    const { extendApproval } = await paul.data(WfExtend, { id: action.id, minutes: 20, reason: 'waiting for the CAB' });
    const expected = new Date(new Date(action.expiresAt!).getTime() + 20 * 60_000).toISOString();
    expect(extendApproval).toMatchObject({ status: 'PENDING_APPROVAL', expiresAt: expected, extensionCount: 1 });
    expect(extendApproval.auditTrail.at(-1)).toMatchObject({ actor: 'paul', fromStatus: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL', comment: `deadline extended by 20 min to ${expected}: waiting for the CAB` });
    const event = await live.waitFor((r) => r.data?.approvalQueue.kind === 'EXTENDED' && r.data.approvalQueue.action.id === action.id);
    expect(event.data!.approvalQueue).toMatchObject({ expiresAt: expected, action: { expiresAt: expected, status: 'PENDING_APPROVAL' } });
    await eventually(() => receiver.for(action.id, 'approval.extended').length === 1);
    expect(receiver.for(action.id, 'approval.extended')[0]!.extension).toEqual({ by: 'paul', minutes: 20, reason: 'waiting for the CAB' });

    // The warning is re-armed for the new deadline: not now, but 5 minutes before it.
    await sweep();
    expect(kindsFor(action.id).filter((kind) => kind === 'EXPIRING')).toHaveLength(1);
    at(expected, -4);
    await sweep();
    await eventually(() => kindsFor(action.id).filter((kind) => kind === 'EXPIRING').length === 2);
    // The old deadline passed without expiring it; a decision still applies.
    expect((await paul.data(WfApprove, { id: action.id })).approveAction.status).toBe('APPROVED');
  });

  it('is bounded by the maximum total wait from submission (60 min here) and audited per extension', async () => {
    const action = await seed.submit(erin, 'HIGH');
    const { extendApproval: first } = await ada.data(WfExtend, { id: action.id, minutes: 25, reason: 'change window moved' });
    expect(first.extensionCount).toBe(1);
    const tooMuch = await ada.request(WfExtend, { id: action.id, minutes: 6, reason: 'more' });
    expect(codeOf(tooMuch)).toBe('BAD_USER_INPUT');
    expect(tooMuch.errors![0]!.message).toContain('at most 5 more');
    const { extendApproval: second } = await paul.data(WfExtend, { id: action.id, minutes: 5, reason: 'last call' });
    expect(second).toMatchObject({ extensionCount: 2, expiresAt: new Date(new Date(action.createdAt).getTime() + 60 * 60_000).toISOString() });
    expect(codeOf(await paul.request(WfExtend, { id: action.id, minutes: 1, reason: 'again' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await paul.request(WfExtend, { id: action.id, minutes: 0, reason: 'zero' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await paul.request(WfExtend, { id: action.id, minutes: 5, reason: '  ' }))).toBe('BAD_USER_INPUT');
    const trail = (await vera.data(WfAction, { id: action.id })).autoAction.auditTrail;
    expect(trail.filter((entry) => entry.comment?.startsWith('deadline extended'))).toHaveLength(2);
  });

  it('is for ADMIN and PM, never on their own action, only while pending and before the lapse', async () => {
    const byPaul = await seed.submit(paul, 'HIGH');
    const own = await paul.request(WfExtend, { id: byPaul.id, minutes: 5, reason: 'mine' });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(own.errors![0]!.message).toContain('ask an ADMIN or PM');
    expect(codeOf(await eddie.request(WfExtend, { id: byPaul.id, minutes: 5, reason: 'engineer' }))).toBe('FORBIDDEN');
    expect(codeOf(await vera.request(WfExtend, { id: byPaul.id, minutes: 5, reason: 'viewer' }))).toBe('FORBIDDEN');
    await erin.data(WfReject, { id: byPaul.id });
    expect(codeOf(await ada.request(WfExtend, { id: byPaul.id, minutes: 5, reason: 'decided' }))).toBe('CONFLICT');

    const lapsing = await seed.submit(erin, 'HIGH');
    at(lapsing.expiresAt!, 1);
    expect(codeOf(await ada.request(WfExtend, { id: lapsing.id, minutes: 5, reason: 'too late' }))).toBe('EXPIRED');
    expect((await vera.data(WfAction, { id: lapsing.id })).autoAction.status).toBe('EXPIRED');
  });
});

describe('overdue escalation', () => {
  it('escalates a pending action once after half the TTL, naming the ADMINs and their delegates for CRITICAL (never the requester)', async () => {
    await ada.data(WfDelegate, { input: { to: 'eddie', until: new Date(clock.now().getTime() + 3 * 3600_000).toISOString(), reason: 'away' } });
    const critical = await seed.submit(ada, 'CRITICAL');
    const high = await seed.submit(erin, 'HIGH');
    at(critical.createdAt, 10);
    await sweep();
    expect((await vera.data(WfAction, { id: critical.id })).autoAction.escalatedAt).toBeNull();

    at(critical.createdAt, 16);
    await sweep();
    await sweep(); // a second sweep escalates nothing again
    for (const action of [critical, high]) {
      await live.waitFor((r) => r.data?.approvalQueue.kind === 'ESCALATED' && r.data.approvalQueue.action.id === action.id);
      const { autoAction } = await vera.data(WfAction, { id: action.id });
      expect(autoAction.escalatedAt).toBe(clock.now().toISOString());
      expect(autoAction.auditTrail.at(-1)).toMatchObject({ actor: 'system:escalation', fromStatus: 'PENDING_APPROVAL', toStatus: 'PENDING_APPROVAL' });
    }
    const deciders = (await eventually(() => receiver.for(critical.id, 'approval.escalated')[0]))!.deciders!;
    expect(deciders).toContain('bob (ADMIN)');
    expect(deciders).toContain('eddie (delegate of ada)');
    expect(deciders.join(' ')).not.toContain('ada (ADMIN)'); // ada requested it: four-eyes
    expect((await eventually(() => receiver.for(high.id, 'approval.escalated')[0]))!.deciders).toEqual(['any ENGINEER, PM or ADMIN but erin']);

    // Extending re-arms EXPIRING, not the escalation: once per action.
    await paul.data(WfExtend, { id: high.id, minutes: 20, reason: 'escalated, still waiting' });
    at(high.createdAt, 45);
    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(kindsFor(high.id).filter((kind) => kind === 'ESCALATED')).toHaveLength(1);
    expect(kindsFor(critical.id).filter((kind) => kind === 'ESCALATED')).toHaveLength(1);
    const metrics = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^opsloop_approvals_escalated_total [1-9]/m);
    expect(metrics).toMatch(/^opsloop_approvals_extended_total [1-9]/m);
  });
});

/** Canonical JSON as an auditor writes it from the README: sorted keys, no whitespace. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonical(v)}`).join(',')}}`;
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const WfIntegrityPage = graphql(`
  query WfIntegrityPage($first: Int!) {
    autoQueue(first: $first) { edges { node { id auditIntegrity { valid entries } } } }
  }
`);

describe('signed, tamper-evident decisions', () => {
  it('chains and signs every entry; an auditor verifies the trail offline with the published key', async () => {
    const action = await seed.submit(erin, 'HIGH', { payload: { version: '4.2', canary: { percent: 10 } } });
    await paul.data(WfApprove, { id: action.id, comment: 'ship it' });
    const { autoAction } = await vera.data(WfAction, { id: action.id });
    expect(autoAction.contentHash).toBe(sha256(canonical({ actionType: 'DEPLOY', environment: 'PROD', payload: { canary: { percent: 10 }, version: '4.2' }, target: 'billing-api', targetCount: 1 })));
    expect(autoAction.auditIntegrity).toMatchObject({ valid: true, entries: 2, legacyEntries: 0, problem: null, chainHead: autoAction.auditTrail[1]!.hash });
    expect(autoAction.approvals[0]!.contentHash).toBe(autoAction.contentHash);

    const jwkResponse = await fetch(server.url.replace('/graphql', '/.well-known/opsloop-audit-key'));
    expect(jwkResponse.headers.get('content-type')).toContain('application/jwk+json');
    const jwk = (await jwkResponse.json()) as { kty: string; crv: string; x: string; kid: string; alg: string };
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: autoAction.auditIntegrity.keyId });
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    let prev: string | null = null;
    for (const entry of autoAction.auditTrail) {
      const fields = { v: 1, actionId: action.id, at: entry.at, actor: entry.actor, onBehalfOf: entry.onBehalfOf, delegationId: entry.delegationId, fromStatus: entry.fromStatus, toStatus: entry.toStatus, comment: entry.comment, contentHash: entry.contentHash, prevHash: prev };
      expect(entry.prevHash).toBe(prev);
      expect(entry.contentHash).toBe(autoAction.contentHash);
      expect(sha256(canonical(fields))).toBe(entry.hash);
      expect(entry.keyId).toBe(jwk.kid);
      expect(verify(null, Buffer.from(entry.hash!, 'hex'), key, Buffer.from(entry.signature!, 'base64url'))).toBe(true);
      prev = entry.hash;
    }
  });

  it('verifies a page of actions in a fixed number of statements (no N+1)', async () => {
    const statementsFor = async (first: number) => {
      const { data, statements } = await costOf(() => vera.data(WfIntegrityPage, { first }));
      expect(data.autoQueue.edges).toHaveLength(first);
      expect(data.autoQueue.edges.every((edge) => edge.node.auditIntegrity.entries >= 1)).toBe(true);
      return statements.length;
    };
    for (let i = 0; i < 20; i += 1) await seed.submit(erin, 'LOW', { description: `routine ${i}` });
    expect(await statementsFor(20)).toBe(await statementsFor(2));
  });

  it('reports an audit row altered in the database, and a removed decision entry', async () => {
    const action = await seed.submit(erin, 'HIGH');
    await paul.data(WfApprove, { id: action.id, comment: 'approved by paul' });
    await server.db.$executeRaw`UPDATE "AuditEntry" SET comment = 'approved by the attacker' WHERE "actionId" = ${action.id} AND "toStatus" = 'APPROVED'`;
    const altered = (await vera.data(WfAction, { id: action.id })).autoAction.auditIntegrity;
    expect(altered).toMatchObject({ valid: false, firstInvalidEntry: { toStatus: 'APPROVED', comment: 'approved by the attacker' } });
    expect(altered.problem).toContain('was altered');

    const other = await seed.submit(erin, 'HIGH');
    await paul.data(WfReject, { id: other.id });
    await server.db.$executeRaw`DELETE FROM "AuditEntry" WHERE "actionId" = ${other.id} AND "toStatus" = 'REJECTED'`;
    const truncated = (await vera.data(WfAction, { id: other.id })).autoAction.auditIntegrity;
    expect(truncated).toMatchObject({ valid: false, entries: 1 });
    expect(truncated.problem).toContain('the trail ends in PENDING_APPROVAL but the action is REJECTED');
  });

  it('refuses a decision on content changed after submission, and one on content other than the decider was shown', async () => {
    const action = await seed.submit(erin, 'HIGH');
    // As an attacker (or a bug) would: the blast radius changes behind the API's back.
    await server.db.$executeRaw`UPDATE "AutoAction" SET "targetCount" = 500 WHERE id = ${action.id}`;
    for (const decide of [() => paul.request(WfApprove, { id: action.id }), () => ada.request(WfReject, { id: action.id })]) {
      const refused = await decide();
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(refused.errors![0]!.message).toContain('changed after it was submitted');
    }
    const { autoAction } = await vera.data(WfAction, { id: action.id });
    expect(autoAction).toMatchObject({ status: 'PENDING_APPROVAL', approvals: [] });
    expect(autoAction.auditIntegrity.valid).toBe(false);
    expect(autoAction.auditIntegrity.problem).toContain("the action's content changed after submission");

    const shown = await seed.submit(erin, 'HIGH');
    const stale = await paul.request(WfApprove, { id: shown.id, expectedContentHash: 'a'.repeat(64) });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0]!.message).toContain('not the aaaa');
    expect(codeOf(await paul.request(WfApprove, { id: shown.id, expectedContentHash: 'not-a-hash' }))).toBe('BAD_USER_INPUT');
    const { autoAction: reviewed } = await vera.data(WfAction, { id: shown.id });
    expect((await paul.data(WfApprove, { id: shown.id, expectedContentHash: reviewed.contentHash!.toUpperCase() })).approveAction.status).toBe('APPROVED');
  });
});

describe('bulk decisions', () => {
  it('decides each item on its own: mixed outcomes (done, CONFLICT, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) in input order', async () => {
    const [first, second, decided, critical, own] = [
      await seed.submit(erin, 'HIGH'),
      await seed.submit(erin, 'HIGH'),
      await seed.submit(erin, 'HIGH'),
      await seed.submit(erin, 'CRITICAL'),
      await seed.submit(paul, 'HIGH'),
    ];
    await ada.data(WfApprove, { id: decided.id });
    const ids = [first.id, decided.id, critical.id, own.id, 'ACT-00000000', 'nonsense', second.id.toLowerCase()];
    const { decideActions } = await paul.data(WfBulk, { input: { ids, decision: 'APPROVE', comment: 'release train' } });
    expect(decideActions.results.map((result) => [result.id, result.error?.code ?? result.action!.status])).toEqual([
      [first.id, 'APPROVED'],
      [decided.id, 'CONFLICT'],
      [critical.id, 'FORBIDDEN'],
      [own.id, 'FORBIDDEN'],
      ['ACT-00000000', 'NOT_FOUND'],
      ['nonsense', 'BAD_USER_INPUT'],
      [second.id.toLowerCase(), 'APPROVED'],
    ]);
    expect(decideActions).toMatchObject({ decided: 2, failed: 5 });
    expect(decideActions.results[3]!.error!.message).toContain('four-eyes');
    for (const [action, status, by] of [[critical, 'PENDING_APPROVAL', null], [own, 'PENDING_APPROVAL', null], [decided, 'APPROVED', 'ada'], [second, 'APPROVED', 'paul']] as const) {
      expect((await vera.data(WfAction, { id: action.id })).autoAction).toMatchObject({ status, approvedBy: by });
    }
  });

  it('refuses the whole call for no ids, more than 100, an id named twice, or a role that cannot decide', async () => {
    const action = await seed.submit(erin, 'HIGH');
    expect(codeOf(await paul.request(WfBulk, { input: { ids: [], decision: 'REJECT' } }))).toBe('BAD_USER_INPUT');
    const many = Array.from({ length: 101 }, (_, i) => `ACT-${String(i).padStart(8, '0')}`);
    expect(codeOf(await paul.request(WfBulk, { input: { ids: many, decision: 'REJECT' } }))).toBe('BAD_USER_INPUT');
    const twice = await paul.request(WfBulk, { input: { ids: [action.id, action.id.toLowerCase()], decision: 'REJECT' } });
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
    expect(twice.errors![0]!.extensions!.field).toBe('input.ids[1]');
    expect(codeOf(await vera.request(WfBulk, { input: { ids: [action.id], decision: 'REJECT' } }))).toBe('FORBIDDEN');
    expect((await vera.data(WfAction, { id: action.id })).autoAction.status).toBe('PENDING_APPROVAL');
    // 100 ids are within the operation's SQL cost limit.
    const hundred = await paul.request(WfBulk, { input: { ids: many.slice(0, 100), decision: 'REJECT' } });
    expect(codeOf(hundred)).toBe('OK');
    expect(hundred.data!.decideActions.failed).toBe(100);
  });

  it('honours delegation per item: a CRITICAL item is decided on behalf of the delegating ADMIN, a HIGH one as the delegate', async () => {
    const critical = await seed.submit(erin, 'CRITICAL');
    const high = await seed.submit(erin, 'HIGH');
    // eddie (ENGINEER) holds ada's delegation from the escalation test: CRITICAL items go on her behalf.
    const { decideActions } = await eddie.data(WfBulk, { input: { ids: [critical.id, high.id], decision: 'REJECT', comment: 'not today' } });
    expect(decideActions.results.map((result) => result.action?.status)).toEqual(['REJECTED', 'REJECTED']);
    const { autoAction } = await vera.data(WfAction, { id: critical.id });
    expect(autoAction).toMatchObject({ approvedBy: 'eddie', approvedOnBehalfOf: 'ada' });
    expect(autoAction.auditTrail.at(-1)!.actorLabel).toMatch(/^eddie on behalf of ada \(delegation DLG-/);
    expect((await vera.data(WfAction, { id: high.id })).autoAction).toMatchObject({ approvedBy: 'eddie', approvedOnBehalfOf: null });
  });
});
