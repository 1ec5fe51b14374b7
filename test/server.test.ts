// The HTTP surface a newcomer and a load balancer see: health, readiness, GraphiQL, body limits,
// what is left of CSRF prevention (no mutation over GET), no batching, masked errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';

let server: TestServer;
let base: string;
beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: '20000' });
  base = server.url.replace('/graphql', '');
});
afterAll(() => server?.stop());

describe('health endpoints', () => {
  it('/healthz says the process is up', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz says the database is reachable', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('unknown paths are 404 and name the GraphQL endpoint', async () => {
    const response = await fetch(`${base}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ graphql: '/graphql' });
  });

  it('every response carries a request id (echoed when the client sends a sane one)', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const generated = await fetch(`${base}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GraphiQL', () => {
  it('is served on GET /graphql to a browser', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('opsloop');
    // Self-contained: nothing is loaded from a CDN (the machines it runs on may have no internet).
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
  });
});

describe('the dashboard', () => {
  it('is served by the server at /dashboard (built by npm run build), every page the SPA itself', async () => {
    for (const page of ['/dashboard', '/dashboard/', '/dashboard/history']) {
      const response = await fetch(`${base}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<div id="app"');
    }
  });
});

describe('request hygiene', () => {
  it('refuses a body over the limit with 413 before parsing it', async () => {
    const token = await tokenFor('alice', 'ADMIN');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ me { username } } # ${'x'.repeat(30_000)}` }),
    });
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.errors[0].message).toContain('larger than 20000 bytes');
  });

  it('does not execute batched operations', async () => {
    const token = await tokenFor('alice', 'ADMIN');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { username } }' }, { query: '{ me { role } }' }]),
    });
    const body = await response.json();
    expect(body.data).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('"username":"alice"');
  });

  // Deliberate change (issue 12, src/graphql/request-policy.ts): no preflight header is required any
  // more: a cross-site page cannot attach the bearer token, and anonymous operations read nothing.
  it('needs no CSRF preflight header: a cross-site simple request (no token) reads nothing', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent('{ me { username } }')}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = await tokenFor('alice', 'ADMIN');
    const withToken = await fetch(`${server.url}?query=${encodeURIComponent('{ me { username } }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    expect(await withToken.json()).toEqual({ data: { me: { username: 'alice' } } });
    const allowed = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(allowed.status).toBe(200);
  });

  it('never runs a mutation over GET', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('reports GraphQL syntax errors without stack traces', async () => {
    const token = await tokenFor('alice', 'ADMIN');
    const result = await server.request('{ me { username ', {}, token);
    expect(result.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(JSON.stringify(result)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('production switches', () => {
  it('turns introspection and GraphiQL off', async () => {
    const locked = await startTestServer({ INTROSPECTION: 'false', GRAPHIQL: 'false' });
    try {
      const token = await tokenFor('alice', 'ADMIN');
      const result = await locked.request('{ __schema { queryType { name } } }', {}, token);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.message).toMatch(/introspection/i);
      const page = await fetch(locked.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('<html');
    } finally {
      await locked.stop();
    }
  });
});
