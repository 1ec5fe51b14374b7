// Hostile input and resource budgets (issue 11, items 2-8): deep input, absurd claims, SQL-weighted
// cost and the per-user budget, WebSocket budgets, database outages as SERVICE_UNAVAILABLE,
// chat-ops following the newest-issued token, and cycle runs of dead processes.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { isDatabaseUnavailable, maskError } from '../src/graphql/errors.js';
import { FIELD_COSTS, LIMITS, operationCost } from '../src/graphql/limits.js';
import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { logger } from '../src/logger.js';
import { runChatCommand } from '../src/modules/approvals/chatops/commands.js';
import { ABANDONED_REASON } from '../src/modules/cycle/cycle-runs.service.js';
import { abandonDeadRuns } from '../src/modules/cycle/cycle-recovery.js';
import { buildServer } from '../src/server.js';
import { MAX_INPUT_DEPTH } from '../src/validation.js';
import { createTestDatabase } from './helpers/database.js';
import { LearningStatsQuery } from './helpers/learning.js';
import { costOf } from './helpers/sql-cost.js';
import { postGraphQL, queryText, startTestServer, type TestServer } from './helpers/server.js';
import { TEST_JWT, TEST_SERVER_ENV, tokenFor } from './helpers/tokens.js';
import { connectWs } from './helpers/ws.js';
import WebSocket from 'ws';

let server: TestServer;
let tight: TestServer;
beforeAll(async () => {
  [server, tight] = await Promise.all([
    startTestServer(),
    startTestServer({
      RATE_LIMIT_COST_PER_MINUTE: '100',
      WS_AUTH_GRACE_SECONDS: '0.5',
      WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
      WS_MAX_CONNECTIONS_PER_USER: '2',
    }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([server?.stop(), tight?.stop()]);
});

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('deep input is BAD_USER_INPUT naming the field, for any caller', () => {
  it('a variable nested 20,000 deep, sent anonymously, over HTTP and graphql-ws', async () => {
    // Written by hand: JSON.stringify itself overflows on such a value.
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"query Deep { __typename }","variables":{"x":${deep}}}` });
    const http = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(http.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(http.errors[0]!.message).toMatch(new RegExp(`^\\$x\\[0\\]\\[0\\].*must not nest deeper than ${MAX_INPUT_DEPTH} levels`));
    const socket = new WebSocket(server.url.replace('http', 'ws'), 'graphql-transport-ws');
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(String(data)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('{"type":"connection_init"}');
    for (let i = 0; i < 100 && !messages.some((m) => m.includes('connection_ack')); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.send(`{"type":"subscribe","id":"1","payload":{"query":"query Deep { __typename }","variables":{"x":${deep}}}}`);
    for (let i = 0; i < 100 && !messages.some((m) => m.includes('"id":"1"')); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages.find((m) => m.includes('"id":"1"'))).toContain('BAD_USER_INPUT');
    socket.close();
  });

  it('an action payload nested 2,200 deep; one within the limit is accepted', async () => {
    const engineer = await server.as('erin', 'ENGINEER');
    const submit = 'mutation ($input: ActionInput!) { submitAction(input: $input) { id payload } }';
    const input = { actionType: 'RESTART_SERVICE', description: 'deep', target: 'x', environment: 'DEV' };
    const deep = await engineer.request(submit, { input: { ...input, payload: nested(2_200) } });
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(deep.errors?.[0]?.message).toContain('$input.payload');
    const fine = await engineer.request(submit, { input: { ...input, payload: nested(10) } });
    expect(fine.errors).toBeUndefined();
  });

  it('a JSON literal in the document deeper than the limit is refused, not an internal error', async () => {
    const engineer = await server.as('erin', 'ENGINEER');
    const literal = `${'{a: '.repeat(MAX_INPUT_DEPTH + 2)}1${'}'.repeat(MAX_INPUT_DEPTH + 2)}`;
    const result = await engineer.request(`mutation { submitAction(input: {actionType: "RESTART_SERVICE", description: "d", target: "t", payload: ${literal}}) { id } }`);
    expect(result.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors?.[0]?.message).toContain(`${MAX_INPUT_DEPTH} levels`);
  });
});

describe('claims are data: absurd ones are UNAUTHENTICATED on both transports', () => {
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ role: 'ADMIN', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer(TEST_JWT.issuer)
      .setAudience(TEST_JWT.audience)
      .sign(new TextEncoder().encode(TEST_JWT.secret));
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['exp 1e300', { iat: now, exp: 1e300 }, /exp/],
    ['inst 2**40', { iat: now, exp: now + 3600, inst: 2 ** 40 }, /inst/],
    ['nbf 1e300', { iat: now, exp: now + 3600, nbf: 1e300 }, /nbf/],
    ['iat 1e300', { iat: 1e300, exp: now + 3600 }, /iat/],
    ['a 100-year lifetime', { iat: now, exp: now + 100 * 365 * 86_400 }, /JWT_MAX_LIFETIME/],
    ['an issued-at an hour ahead', { iat: now + 3600, exp: now + 7200 }, /iat is in the future/],
    ['no iat and an exp beyond the lifetime', { exp: now + 2 * 86_400 }, /without iat/],
  ];

  it.each(cases)('%s: HTTP 401', async (_name, claims, reason) => {
    const result = await server.request('{ me { username } }', {}, await sign(claims));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(reason);
  });

  it.each(cases)('%s: graphql-ws UNAUTHENTICATED, socket not closed 4500', async (_name, claims) => {
    const socket = await server.ws(await sign(claims));
    const result = await socket.subscribe('{ me { username } }').done;
    expect(JSON.stringify(result.error)).toContain('UNAUTHENTICATED');
  });

  it('accepts a small clock skew and a token without iat within the lifetime', async () => {
    for (const claims of [{ iat: now + 30, exp: now + 3600 }, { exp: now + 3600 }]) {
      const result = await server.request('{ me { username } }', {}, await sign(claims));
      expect(result.data).toEqual({ me: { username: 'mallory' } });
    }
  });
});

describe('the cost model weighs what the SQL costs', () => {
  it('the estimate of expensive reads is close to the real statements', async () => {
    const admin = await server.as('ada', 'ADMIN');
    await admin.request('{ me { username } }');
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const reads: Array<[string, string]> = [
      ['learningStats', queryText(LearningStatsQuery)],
      ['autoStatus', '{ autoStatus { today { autoDone pendingApproval } pendingActions { id } autoProcessing notifications { pending } } }'],
      ['problems page', '{ problems(first: 50) { totalCount edges { node { id pattern { id problem { id } } } } } }'],
    ];
    const seen: Record<string, { estimate: number; statements: number }> = {};
    for (const [name, query] of reads) {
      const { statements } = await costOf(() => admin.data(query));
      seen[name] = { estimate: operationCost(schema, parse(query), undefined, {}), statements: statements.length };
    }
    console.log('cost model vs SQL:', JSON.stringify(seen));
    expect(seen.learningStats!.statements).toBeGreaterThanOrEqual(FIELD_COSTS['Query.learningStats']! * 0.75);
    for (const { estimate, statements } of Object.values(seen)) {
      expect(estimate).toBeGreaterThanOrEqual(Math.floor(statements * 0.75));
      expect(estimate).toBeLessThanOrEqual(Math.ceil(statements * 1.5) + 2);
    }
  });

  it('15 aliases of learningStats in one request are QUERY_TOO_COMPLEX (sqlCost)', async () => {
    const viewer = await server.as('vic', 'VIEWER');
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: learningStats { patterns { total } }`).join(' ')} }`;
    const result = await viewer.request(query);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'sqlCost', maxCost: LIMITS.maxSqlCost });
  });
});

describe('the per-user cost budget per minute', () => {
  it('refuses over budget with RATE_LIMITED, HTTP 429 and Retry-After; graphql-ws gets retryAfterSeconds; others are unaffected', async () => {
    const token = await tokenFor('greedy', 'VIEWER');
    const ask = () =>
      fetch(tight.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ learningStats { patterns { total } } }' }),
      });
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i += 1) {
      const response = await ask();
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused!.json()) as { errors: Array<{ extensions: { code: string; retryAfterSeconds: number } }> };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    const socket = await connectWs(tight.url.replace('http', 'ws'), token);
    const overWs = socket.subscribe('{ learningStats { patterns { total } } }');
    await overWs.done;
    expect(overWs.results[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    await socket.close();
    const other = await postGraphQL(tight.url, '{ me { username } }', {}, await tokenFor('modest', 'VIEWER'));
    expect(other.data).toEqual({ me: { username: 'modest' } });
  });
});

describe('WebSocket budgets', () => {
  it('closes a socket without a valid identity after the grace period (4401)', async () => {
    const socket = await connectWs(tight.url.replace('http', 'ws'), null);
    expect(await socket.closed).toEqual({ code: 4401, reason: expect.stringContaining('no valid token') });
  });

  it('keeps a tokenless socket whose operations carry a valid token (GraphiQL headers)', async () => {
    const token = await tokenFor('gina', 'ADMIN');
    const socket = await connectWs(tight.url.replace('http', 'ws'), null);
    const answer = await new Promise((resolve, reject) => {
      socket.client.subscribe({ query: '{ me { username } }', extensions: { headers: { Authorization: `Bearer ${token}` } } }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(answer).toEqual({ data: { me: { username: 'gina' } } });
    const closed = await Promise.race([socket.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 1200))]);
    expect(closed).toBe('open');
    await socket.close();
  });

  it('refuses a subscription over the per-socket cap with TOO_MANY_SUBSCRIPTIONS; the others stay', async () => {
    const socket = await connectWs(tight.url.replace('http', 'ws'), await tokenFor('sam', 'ADMIN'));
    const live = [socket.subscribe('subscription { approvalQueue { kind } }'), socket.subscribe('subscription { autoCycleCompleted { id } }')];
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await socket.subscribe('subscription { patternEscalated { id } }').done;
    expect(JSON.stringify(third.error)).toContain('TOO_MANY_SUBSCRIPTIONS');
    for (const subscription of live) expect(subscription.results).toEqual([]);
    await socket.close();
  });

  it('closes a connection over the per-user cap with 4429', async () => {
    const token = await tokenFor('connie', 'VIEWER');
    const url = tight.url.replace('http', 'ws');
    const held = [await connectWs(url, token), await connectWs(url, token)];
    await expect(connectWs(url, token)).rejects.toThrow(/4429/);
    await held[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await connectWs(url, token);
    await Promise.all([again.close(), held[1]!.close()]);
  });
});

describe('database unavailability is SERVICE_UNAVAILABLE (HTTP 503, Retry-After)', () => {
  const outages = [
    Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001' }),
    Object.assign(new Error('Server has closed the connection.'), { code: 'P1017' }),
    Object.assign(new Error('x'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ];
  it.each(outages.map((error) => [error.message, error] as const))('%s', (_message, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const masked = maskError(error, 'Unexpected error.', logger.child({}, { level: 'silent' })) as unknown as { extensions: Record<string, unknown> };
    expect(masked.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': expect.any(String) } } });
  });

  it('other failures stay masked INTERNAL_SERVER_ERROR', () => {
    const masked = maskError(new TypeError('x is undefined'), 'Unexpected error.', logger.child({}, { level: 'silent' })) as unknown as { extensions: Record<string, unknown> };
    expect(masked.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
  });
});

describe('chat-ops follows the newest-issued token', () => {
  it('an old ADMIN token presented after a downgrade to VIEWER does not restore ADMIN', async () => {
    const now = Math.floor(Date.now() / 1000);
    const older = await tokenFor('dora', 'ADMIN', { iat: now - 3600, expiresIn: now + 3600 });
    const newer = await tokenFor('dora', 'VIEWER', { iat: now - 60 });
    await server.request('{ me { username } }', {}, newer);
    const stale = await server.request('{ me { username } }', {}, older);
    expect(stale.data).toEqual({ me: { username: 'dora' } }); // the token itself is still valid over the API
    expect(await server.db.user.findUniqueOrThrow({ where: { username: 'dora' } })).toMatchObject({ role: 'VIEWER' });
    const reply = await runChatCommand(server.runtime, 'dora', '/approve ACT-AAAAAAAA');
    expect(reply.code).toBe('FORBIDDEN');
    // A newer token does take over.
    await server.request('{ me { username } }', {}, await tokenFor('dora', 'ENGINEER', { iat: now }));
    expect(await server.db.user.findUniqueOrThrow({ where: { username: 'dora' } })).toMatchObject({ role: 'ENGINEER' });
  });
});

describe('cycle runs left RUNNING by a dead process', () => {
  it('are ABANDONED at start-up; a young run or a live one is left alone', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ ...process.env, ...TEST_SERVER_ENV, LOG_LEVEL: 'silent', ...database.env });
    const first = buildServer(config);
    await first.start();
    const old = new Date(Date.now() - 60_000);
    await first.runtime.db.autoCycleRun.create({ data: { id: 'RUN-DEAD0001', status: 'RUNNING', triggeredBy: 'ada', startedAt: old } });
    await first.stop();

    const second = buildServer(config);
    await second.start();
    try {
      expect(await second.runtime.db.autoCycleRun.findUniqueOrThrow({ where: { id: 'RUN-DEAD0001' } })).toMatchObject({ status: 'ABANDONED', error: ABANDONED_REASON });
      // A run created a moment ago (about to take the lock somewhere) is not touched.
      await second.runtime.db.autoCycleRun.create({ data: { id: 'RUN-YOUNG001', status: 'RUNNING', triggeredBy: 'ada', startedAt: new Date() } });
      expect(await abandonDeadRuns(second.runtime)).toBe(0);
      // While a cycle holds the lock, nothing is marked: that run is alive.
      await second.runtime.db.autoCycleRun.update({ where: { id: 'RUN-YOUNG001' }, data: { startedAt: old } });
      let release!: () => void;
      const held = second.runtime.jobs.runExclusively('auto-cycle', () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await abandonDeadRuns(second.runtime)).toBe(0);
      release();
      await held;
      expect(await abandonDeadRuns(second.runtime)).toBe(1);
    } finally {
      await second.stop();
      await database.drop();
    }
  });
});
