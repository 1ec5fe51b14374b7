// Bearer JWTs on both transports: valid tokens identify the user; every malformed, forged,
// misdirected or expired token is UNAUTHENTICATED and returns no data.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { TEST_JWT_SECRET, tokenFor } from './helpers/tokens.js';

const Me = graphql(`
  query Me {
    me {
      username
      role
      inst
    }
  }
`);

const secretKey = new TextEncoder().encode(TEST_JWT_SECRET);

function baseToken(claims: Record<string, unknown> = { role: 'ADMIN' }) {
  return new SignJWT(claims).setSubject('mallory').setIssuedAt();
}

/** Every way a token can be wrong, each paired with how it is sent. */
async function badTokens(): Promise<Array<[string, string]>> {
  const { privateKey } = await generateKeyPair('RS256');
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: 'mallory', role: 'ADMIN', iss: 'opsloop', aud: 'opsloop', exp: Math.floor(Date.now() / 1000) + 3600 }),
  ).toString('base64url')}.`;
  return [
    ['alg none', unsigned],
    ['wrong key', await baseToken().setProtectedHeader({ alg: 'HS256' }).setIssuer('opsloop').setAudience('opsloop').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-xx'))],
    ['RS256 where HS256 is pinned', await baseToken().setProtectedHeader({ alg: 'RS256' }).setIssuer('opsloop').setAudience('opsloop').setExpirationTime('1h').sign(privateKey)],
    ['wrong iss', await baseToken().setProtectedHeader({ alg: 'HS256' }).setIssuer('evil').setAudience('opsloop').setExpirationTime('1h').sign(secretKey)],
    ['wrong aud', await baseToken().setProtectedHeader({ alg: 'HS256' }).setIssuer('opsloop').setAudience('other-app').setExpirationTime('1h').sign(secretKey)],
    ['expired', await baseToken().setProtectedHeader({ alg: 'HS256' }).setIssuer('opsloop').setAudience('opsloop').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secretKey)],
    ['missing exp', await baseToken().setProtectedHeader({ alg: 'HS256' }).setIssuer('opsloop').setAudience('opsloop').sign(secretKey)],
    ['unknown role', await baseToken({ role: 'ROOT' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('opsloop').setAudience('opsloop').setExpirationTime('1h').sign(secretKey)],
    ['garbage', 'not.a.token'],
  ];
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('valid tokens', () => {
  it('identifies the caller over HTTP and records them as a user', async () => {
    const alice = await server.as('alice', 'ADMIN', { inst: 7 });
    expect(await alice.data(Me)).toEqual({ me: { username: 'alice', role: 'ADMIN', inst: 7 } });
  });

  it('identifies the caller over graphql-ws', async () => {
    const bob = await server.as('bob', 'VIEWER');
    const socket = await bob.ws();
    const result = await new Promise((resolve, reject) => {
      let value: unknown;
      socket.client.subscribe({ query: 'query { me { username role } }' }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
    });
    expect(result).toEqual({ data: { me: { username: 'bob', role: 'VIEWER' } } });
  });
});

describe('GraphiQL over graphql-ws', () => {
  it('sends its Headers tab with each operation: accepted on a socket opened without a token', async () => {
    const token = await tokenFor('gina', 'PM');
    const socket = await server.ws(null);
    const run = (extensions: Record<string, unknown>) =>
      new Promise((resolve, reject) => {
        let value: unknown;
        socket.client.subscribe({ query: '{ me { username role } }', extensions }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
    expect(await run({ headers: { Authorization: `Bearer ${token}` } })).toEqual({ data: { me: { username: 'gina', role: 'PM' } } });
    // Each operation acts as the user of its own token; none sticks to the socket.
    const other = await tokenFor('hugo', 'VIEWER');
    expect(await run({ headers: { Authorization: `Bearer ${other}` } })).toEqual({ data: { me: { username: 'hugo', role: 'VIEWER' } } });
    expect(JSON.stringify(await run({}).catch((error) => error))).toContain('UNAUTHENTICATED');
    await socket.close();

    const forged = await server.ws(null);
    const result = await new Promise<unknown>((resolve) => {
      forged.client.subscribe(
        { query: '{ me { username } }', extensions: { headers: { Authorization: 'Bearer not.a.token' } } },
        { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => {} },
      );
    });
    expect(JSON.stringify(result)).toContain('UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain('"me":{');
    await forged.close();
  });
});

describe('no token', () => {
  it('is UNAUTHENTICATED over HTTP', async () => {
    const result = await server.request(Me, {}, null);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('bad tokens', () => {
  it('are UNAUTHENTICATED over HTTP with no data', async () => {
    for (const [name, token] of await badTokens()) {
      const result = await server.request(Me, {}, token);
      expect({ name, code: result.errors?.[0]?.extensions?.code, data: result.data ?? null }).toEqual({ name, code: 'UNAUTHENTICATED', data: null });
      expect(result.status, name).toBe(401);
    }
  });

  it('are UNAUTHENTICATED over graphql-ws with no data', async () => {
    for (const [name, token] of await badTokens()) {
      const socket = await server.ws(token);
      const subscription = socket.subscribe(Me);
      const { error } = await subscription.done;
      expect(subscription.results.some((r) => r.data), name).toBe(false);
      const errors = error as Array<{ extensions?: { code?: string } }>;
      expect({ name, code: errors?.[0]?.extensions?.code }).toEqual({ name, code: 'UNAUTHENTICATED' });
      await socket.close();
    }
  });

  it('in the wrong place is not accepted', async () => {
    const token = await tokenFor('alice', 'ADMIN');
    // Query string, or a header without the Bearer scheme: not accepted.
    const inQuery = await fetch(`${server.url}?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { username } }' }),
    }).then((r) => r.json());
    expect(inQuery.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(inQuery.data ?? null).toBeNull();

    const noScheme = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ query: '{ me { username } }' }),
    }).then((r) => r.json());
    expect(noScheme.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // graphql-ws: the token must be in connection_init's `authorization`, not a `token` field.
    const socket = await server.ws(null, { token });
    const subscription = socket.subscribe(Me);
    await subscription.done;
    expect(subscription.results).toHaveLength(1);
    expect(subscription.results[0]!.data ?? null).toBeNull();
    expect(subscription.results[0]!.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    await socket.close();
  });
});

describe('socket lifetime', () => {
  it('closes a socket whose token expires (4403)', async () => {
    const token = await tokenFor('carol', 'ENGINEER', { expiresIn: '2s' });
    const socket = await server.ws(token);
    const closed = await socket.closed;
    expect(closed.code).toBe(4403);
  });
});

describe('JWKS (RS256/ES256)', () => {
  it('accepts tokens signed by a key of the JWKS and refuses HS256 tokens', async () => {
    const { createServer } = await import('node:http');
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const port = (jwksServer.address() as { port: number }).port;
    const idp = await startTestServer({ JWT_SECRET: '', JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
    try {
      const token = await new SignJWT({ role: 'PM' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('dave')
        .setIssuer('opsloop')
        .setAudience('opsloop')
        .setExpirationTime('1h')
        .sign(privateKey);
      expect((await idp.request(Me, {}, token)).data).toEqual({ me: { username: 'dave', role: 'PM', inst: null } });
      const hs = await tokenFor('dave', 'PM');
      expect((await idp.request(Me, {}, hs)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await idp.stop();
      jwksServer.close();
    }
  });
});
