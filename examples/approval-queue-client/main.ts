// A typed client of opsloop's approval queue: lists what waits for approval, subscribes to the
// queue, approves the oldest pending action with a comment and waits for the queue to say so.
// Queries and mutations go over HTTP by trusted-document id (no document text on the wire);
// the subscription over graphql-ws, by id too. Run: OPSLOOP_URL=http://localhost:4000/graphql
// OPSLOOP_TOKEN=$(npm run -s token -- --sub pat --role PM) npx tsx examples/approval-queue-client/main.ts "looks fine"
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ApproveAction, PendingApprovals, QueueChanges } from './documents.js';
import type { ExampleQueueChangesSubscription } from './generated/graphql.js';

export interface ExampleOptions {
  url: string;
  token: string;
  comment: string;
  log?: (line: string) => void;
}

/** The manifest id codegen put on a document (`__meta__.hash`, "sha256:…"). */
const idOf = (document: unknown) => (document as { __meta__?: { hash?: string } }).__meta__?.hash;

/** One operation over HTTP, sent as its manifest id (`documentId`); throws on any GraphQL error. */
async function run<Result, Variables>(options: ExampleOptions, document: TypedDocumentNode<Result, Variables>, variables?: Variables): Promise<Result> {
  const documentId = idOf(document);
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ documentId, variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(body.errors.map((error) => `${error.extensions?.code}: ${error.message}`).join('; '));
  return body.data as Result;
}

export async function main(options: ExampleOptions) {
  const log = options.log ?? console.log;
  const { autoQueue } = await run(options, PendingApprovals);
  log(`${autoQueue.totalCount} action(s) wait for approval`);
  for (const { node } of autoQueue.edges) log(`  ${node.id} ${node.riskLevel} ${node.actionType} ${node.target} (${node.environment}) by ${node.requestedBy}`);
  const oldest = autoQueue.edges.at(-1)?.node;
  if (!oldest) return { pending: 0, approved: null };

  const ws = createClient({ url: options.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${options.token}` } });
  try {
    const approvedEvent = new Promise<ExampleQueueChangesSubscription['approvalQueue']>((resolve, reject) => {
      ws.subscribe<ExampleQueueChangesSubscription>(
        // graphql-ws wants a query string: '' and the id, as APQ clients send it.
        { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: idOf(QueueChanges) } } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) reject(new Error(errors.map((error) => error.message).join('; ')));
            else if (data && data.approvalQueue.action.id === oldest.id && data.approvalQueue.kind === 'APPROVED') resolve(data.approvalQueue);
          },
          error: reject,
          complete: () => reject(new Error('the queue subscription ended')),
        },
      );
    });
    // Subscribed once the socket acknowledged: then the decision cannot overtake the subscription.
    await new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    const { approveAction } = await run(options, ApproveAction, { id: oldest.id, comment: options.comment });
    log(`approved ${approveAction.id} as ${approveAction.approvedBy}: "${approveAction.comment}" -> ${approveAction.status}`);
    const event = await approvedEvent;
    log(`queue says: ${event.kind} ${event.action.id} (${event.action.status})`);
    return { pending: autoQueue.totalCount, approved: approveAction, event };
  } finally {
    await ws.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.OPSLOOP_URL ?? 'http://localhost:4000/graphql';
  const token = process.env.OPSLOOP_TOKEN;
  if (!token) {
    console.error('set OPSLOOP_TOKEN (npm run token -- --sub pat --role PM)');
    process.exit(2);
  }
  main({ url, token, comment: process.argv[2] ?? 'approved from the example client' }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
