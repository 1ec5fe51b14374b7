// Subscriptions over Server-Sent Events (GraphQL over SSE, distinct connections mode, on /graphql
// with Accept: text/event-stream) with the graphql-sse client: the same bearer-token
// authorization, limits and token-expiry rule as graphql-ws (src/graphql/event-stream.ts).
import { createClient } from 'graphql-sse';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { approvalsSeed, type ApprovalsSeed } from './helpers/approvals.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';

const SseQueue = graphql(`
  subscription SseQueue {
    approvalQueue {
      kind
      action {
        id
        status
      }
    }
  }
`);

type Result = { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** One SSE subscription with the graphql-sse client's defaults (a distinct connection per operation). */
function subscribeSse(url: string, token: string | null, query: string) {
  const client = createClient({ url, headers: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0 });
  const results: Result[] = [];
  let connected!: () => void;
  const established = new Promise<void>((resolve) => (connected = resolve));
  const done = new Promise<{ error?: unknown }>((resolve) => {
    const unsubscribe = client.subscribe(
      { query },
      { next: (result) => void results.push(result as Result), error: (error) => resolve({ error }), complete: () => resolve({}) },
      { connected: () => connected() },
    );
    stops.push(() => {
      unsubscribe();
      client.dispose();
    });
  });
  const waitFor = async (predicate: (result: Result) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = results.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching SSE event in ${timeoutMs} ms; got ${JSON.stringify(results)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { results, established, done, waitFor };
}

const stops: Array<() => void> = [];
let server: TestServer;
let seed: ApprovalsSeed;
let erin: UserClient;
beforeAll(async () => {
  server = await startTestServer();
  seed = approvalsSeed(server);
  erin = await seed.user('erin', 'ENGINEER');
});
afterAll(async () => {
  for (const stop of stops) stop();
  await server?.stop();
});

describe('approvalQueue over Server-Sent Events', () => {
  it('a VIEWER receives SUBMITTED for an action that waits for approval', async () => {
    const vera = await server.as('vera', 'VIEWER');
    const stream = subscribeSse(server.url, vera.token, print(SseQueue));
    await stream.established;
    const action = await seed.submit(erin, 'HIGH');
    const event = await stream.waitFor((result) => JSON.stringify(result).includes(action.id));
    expect(event).toEqual({ data: { approvalQueue: { kind: 'SUBMITTED', action: { id: action.id, status: 'PENDING_APPROVAL' } } } });
  });

  it('an anonymous caller is refused (UNAUTHENTICATED) and the stream ends', async () => {
    const stream = subscribeSse(server.url, null, print(SseQueue));
    await stream.done;
    expect(stream.results).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] }]);
  });

  it('a role without the permission is refused (FORBIDDEN)', async () => {
    const rita = await server.as('rita', 'REQUESTER', { inst: 1 });
    const stream = subscribeSse(server.url, rita.token, print(SseQueue));
    await stream.done;
    expect(stream.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('has the limits of every other transport (aliases)', async () => {
    const vera = await server.as('vera', 'VIEWER');
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: kind`).join(' ');
    const stream = subscribeSse(server.url, vera.token, `subscription { approvalQueue { ${aliases} } }`);
    await stream.done;
    expect(stream.results).toEqual([{ errors: [expect.objectContaining({ message: expect.stringContaining('Aliases limit of 15 exceeded') })] }]);
  });

  it('ends when the token expires, with a last UNAUTHENTICATED event', async () => {
    const token = await tokenFor('vic', 'VIEWER', { expiresIn: '3s' });
    const stream = subscribeSse(server.url, token, print(SseQueue));
    await stream.established;
    const openedAt = Date.now();
    const action = await seed.submit(erin, 'HIGH');
    await stream.waitFor((result) => JSON.stringify(result).includes(action.id));
    const ended = await stream.done;
    expect(ended.error).toBeUndefined();
    expect(Date.now() - openedAt).toBeLessThan(6_000);
    expect(stream.results.at(-1)?.errors?.[0]).toMatchObject({ message: expect.stringContaining('token expired'), extensions: { code: 'UNAUTHENTICATED' } });
  });
});
