// What an ops team sees of a running server: Prometheus metrics (protected by METRICS_TOKEN),
// OpenTelemetry spans exported over OTLP/HTTP to a real receiver, CORS only for configured
// origins, stable codes on every refusal, and GraphiQL's assets compressed and cacheable.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT_RISK, ApprovalsApprove, ApprovalsSubmit } from './helpers/approvals.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const METRICS_TOKEN = 'scrape-secret';
const ALLOWED_ORIGIN = 'https://ops.example.com';

/** A local OTLP/HTTP receiver: collects the JSON bodies posted to /v1/traces. */
async function startOtlpReceiver() {
  const bodies: unknown[] = [];
  const receiver = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, bodies, close: () => new Promise<void>((resolve) => receiver.close(() => resolve())) };
}

function spanNames(bodies: unknown[]): string[] {
  const names: string[] = [];
  for (const body of bodies as Array<{ resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ name: string }> }> }> }>) {
    for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) names.push(span.name);
  }
  return names;
}

let server: TestServer;
let base: string;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = await startTestServer({ METRICS_TOKEN, CORS_ORIGINS: ALLOWED_ORIGIN, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
  base = server.url.replace('/graphql', '');
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').at(-1)) : undefined;
}

describe('/metrics', () => {
  it('needs the METRICS_TOKEN when one is set', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('counts operations, decisions and the pending queue after a submit and a decision', async () => {
    const requester = await server.as('rhea', 'ENGINEER');
    const approver = await server.as('abe', 'ENGINEER');
    const first = await requester.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    await requester.data(ApprovalsSubmit, { input: AT_RISK.HIGH });
    const before = await scrape();
    expect(sample(before, 'opsloop_approvals_pending')).toBe(2);
    expect(sample(before, 'opsloop_approvals_submitted_total')).toBe(2);

    await approver.data(ApprovalsApprove, { id: first.submitAction.id, comment: 'ok' });
    const refused = await requester.request(ApprovalsApprove, { id: first.submitAction.id });
    expect(refused.errors?.[0]?.extensions?.code).toBeDefined();

    const after = await scrape();
    expect(sample(after, 'opsloop_approvals_pending')).toBe(1);
    expect(sample(after, 'opsloop_approval_decisions_total', '{outcome="APPROVED"}')).toBe(1);
    expect(sample(after, 'opsloop_graphql_operations_total', '{operation="ApprovalsSubmit",type="mutation",outcome="OK"}')).toBe(2);
    expect(sample(after, 'opsloop_graphql_operations_total', '{operation="ApprovalsApprove",type="mutation",outcome="OK"}')).toBe(1);
    const refusedCode = refused.errors![0]!.extensions!.code as string;
    expect(sample(after, 'opsloop_graphql_errors_total', `{code="${refusedCode}"}`)).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^opsloop_graphql_operation_duration_seconds_bucket\{/m);
    expect(after).toMatch(/^opsloop_webhook_outbox\{status="PENDING"\} \d+/m);
    expect(after).toMatch(/^opsloop_process_resident_memory_bytes \d+/m);
  });

  it('counts open graphql-ws connections and active subscriptions', async () => {
    const viewer = await server.as('vic', 'VIEWER');
    const socket = await viewer.ws();
    const live = socket.subscribe('subscription { approvalQueue { kind } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const open = await scrape();
    expect(sample(open, 'opsloop_ws_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(open, 'opsloop_subscriptions_active')).toBeGreaterThanOrEqual(1);
    live.unsubscribe();
    await socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = await scrape();
    expect(sample(closed, 'opsloop_subscriptions_active')).toBe(sample(open, 'opsloop_subscriptions_active')! - 1);
  });
});

describe('tracing', () => {
  it('exports a span named after a named operation to the OTLP/HTTP receiver', async () => {
    const alice = await server.as('alice', 'ADMIN');
    await alice.data('query TracedWhoAmI { me { username } }');
    const deadline = Date.now() + 15_000;
    while (!spanNames(receiver.bodies).includes('query TracedWhoAmI') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(spanNames(receiver.bodies)).toContain('query TracedWhoAmI');
  });
});

describe('CORS', () => {
  it('answers a preflight from a configured origin, without credentials', async () => {
    const response = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  it('gives another origin no CORS grant (never reflects any origin)', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives no cross-origin grant at all by default', async () => {
    const plain = await startTestServer();
    try {
      const response = await fetch(plain.url, { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});

describe('refusal codes', () => {
  it('a query over the alias limit is QUERY_TOO_COMPLEX naming the limit, not a syntax error', async () => {
    const alice = await server.as('alice', 'ADMIN');
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    const result = await alice.request(aliased);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    expect(result.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
  });
});

describe('GraphiQL', () => {
  it('is a small page whose hashed assets are served compressed and cacheable for a year', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html.length).toBeLessThan(20_000);
    const script = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/graphiql-assets\/graphiql\.[0-9a-f]{16}\.js$/);
    const asset = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch decodes the body; the encoding header says what travelled.
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(Number(asset.headers.get('content-length'))).toBeLessThan(4_000_000);
    expect((await asset.text()).length).toBeGreaterThan(4_000_000);
  });
});
