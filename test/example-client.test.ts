// The typed client example (examples/approval-queue-client) against a real server, and trusted
// documents: TRUSTED_DOCUMENTS=require runs manifest documents (by id, on HTTP and graphql-ws)
// and refuses ad-hoc ones with a code.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../examples/approval-queue-client/main.js';
import { PendingApprovals } from '../examples/approval-queue-client/documents.js';
import { approvalsSeed } from './helpers/approvals.js';
import { postGraphQL, startTestServer, type TestServer } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';

const MANIFEST = path.resolve('trusted-documents.json');
const idOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;

describe('the approval-queue client example (TRUSTED_DOCUMENTS=allow)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUSTED_DOCUMENTS: 'allow', TRUSTED_DOCUMENTS_MANIFEST: MANIFEST });
  });
  afterAll(() => server?.stop());

  it('lists the queue, subscribes, approves the oldest with a comment and sees it APPROVED', async () => {
    const seed = approvalsSeed(server);
    const erin = await seed.user('erin', 'ENGINEER');
    const first = await seed.submit(erin, 'HIGH');
    await seed.submit(erin, 'HIGH', { target: 'billing-db' });
    const ada = await seed.user('ada', 'ADMIN');
    const lines: string[] = [];
    const outcome = await main({ url: server.url, token: ada.token, comment: 'checked the release notes', log: (line) => lines.push(line) });
    expect(outcome.pending).toBe(2);
    expect(outcome.approved).toMatchObject({ id: first.id, approvedBy: 'ada', comment: 'checked the release notes' });
    expect(outcome.event).toEqual({ kind: 'APPROVED', action: { id: first.id, status: outcome.approved!.status } });
    expect(lines[0]).toBe('2 action(s) wait for approval');
  });

  it('ad-hoc documents still run beside ids; an unknown id is PERSISTED_QUERY_NOT_FOUND', async () => {
    const token = await tokenFor('vera', 'VIEWER');
    expect((await server.request('{ me { username } }', {}, token)).data).toEqual({ me: { username: 'vera' } });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ documentId: 'sha256:0000' }),
    });
    expect((await response.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('TRUSTED_DOCUMENTS=require', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: MANIFEST });
    token = await tokenFor('vera', 'VIEWER');
  });
  afterAll(() => server?.stop());

  it('refuses an ad-hoc document over HTTP with PERSISTED_QUERY_REQUIRED', async () => {
    const result = await server.request('{ me { username } }', {}, token);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(result.data ?? null).toBeNull();
  });

  it('runs a manifest document sent by id (documentId, or APQ sha256Hash without the prefix)', async () => {
    const byDocumentId = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ documentId: idOf(PendingApprovals) }),
    });
    expect(await byDocumentId.json()).toEqual({ data: { autoQueue: { totalCount: 0, edges: [] } } });
    const apq = await postGraphQL<{ autoQueue: { totalCount: number } }>(server.url, undefined as never, undefined, token);
    expect(apq.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const byHash = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: idOf(PendingApprovals).replace('sha256:', '') } } }),
    });
    expect((await byHash.json()).data.autoQueue.totalCount).toBe(0);
  });

  it('applies the same rules on graphql-ws', async () => {
    const socket = await server.ws(token);
    const adHoc = socket.subscribe('subscription { approvalQueue { kind } }');
    await adHoc.done;
    expect(adHoc.results[0]?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    const byId = socket.client.iterate({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: idOf(PendingApprovals) } } });
    expect((await byId.next()).value).toEqual({ data: { autoQueue: expect.objectContaining({ totalCount: 0 }) } });
  });

  it('does not start without its manifest (one line naming the setting)', async () => {
    await expect(startTestServer({ TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_MANIFEST: '/nonexistent/trusted.json' })).rejects.toThrow(
      /TRUSTED_DOCUMENTS=require: cannot read the manifest \/nonexistent\/trusted.json \(no such file\)/,
    );
  });
});
