// A real graphql-ws client over a real WebSocket.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** Every result received so far, in order. */
  results: Array<{ data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** Resolves with the first result (already received or future) that matches. */
  waitFor(predicate: (result: Subscription<T>['results'][number]) => boolean, timeoutMs?: number): Promise<Subscription<T>['results'][number]>;
  /** Resolves when the server completes the subscription (or errors it). */
  done: Promise<{ error?: unknown }>;
  unsubscribe(): void;
}

export interface WsClient {
  client: Client;
  /** Close code and reason, once the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<T, V>(document: TypedDocumentNode<T, V> | DocumentNode | string, variables?: V): Subscription<T>;
  close(): Promise<void>;
}

export async function connectWs(url: string, token?: string | null, connectionParams?: Record<string, unknown>): Promise<WsClient> {
  let resolveClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  let resolveConnected!: () => void;
  let rejectConnected!: (error: unknown) => void;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Server-side closes are what some tests assert on (`closed`); do not print them.
    onNonLazyError: () => {},
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    on: {
      connected: () => resolveConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
        rejectConnected(new Error(`socket closed ${code} ${reason}`));
      },
    },
  });
  await connected;
  return {
    client,
    closed,
    subscribe<T, V>(document: TypedDocumentNode<T, V> | DocumentNode | string, variables?: V): Subscription<T> {
      const results: Subscription<T>['results'] = [];
      const waiters: Array<{ predicate: (r: Subscription<T>['results'][number]) => boolean; resolve: (r: Subscription<T>['results'][number]) => void }> = [];
      let resolveDone!: (value: { error?: unknown }) => void;
      const done = new Promise<{ error?: unknown }>((resolve) => (resolveDone = resolve));
      const unsubscribe = client.subscribe<T>(
        { query: typeof document === 'string' ? document : print(document as DocumentNode), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            const entry = result as Subscription<T>['results'][number];
            results.push(entry);
            for (const waiter of [...waiters]) {
              if (waiter.predicate(entry)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(entry);
              }
            }
          },
          error: (error) => {
            const errors = Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }];
            const entry = { errors } as Subscription<T>['results'][number];
            results.push(entry);
            for (const waiter of [...waiters]) if (waiter.predicate(entry)) waiter.resolve(entry);
            resolveDone({ error });
          },
          complete: () => resolveDone({}),
        },
      );
      return {
        results,
        done,
        unsubscribe,
        waitFor(predicate, timeoutMs = 10_000) {
          const found = results.find(predicate);
          if (found) return Promise.resolve(found);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no matching subscription event within ${timeoutMs} ms; got ${JSON.stringify(results)}`)), timeoutMs);
            waiters.push({ predicate, resolve: (r) => { clearTimeout(timer); resolve(r); } });
          });
        },
      };
    },
    close: async () => {
      await client.dispose();
    },
  };
}
