// The real server, started in this test process on a free port against a fresh database, and
// clients that talk to it as users do: HTTP POST with a bearer token, and graphql-ws.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './database.js';
import { TEST_SERVER_ENV, tokenFor } from './tokens.js';
import { connectWs, type WsClient } from './ws.js';
import type { MintOptions } from '../../src/auth/jwt.js';
import type { Db } from '../../src/db/client.js';
import type { Clock, Runtime } from '../../src/runtime.js';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> & { code?: string } }>;
}

export type Role = MintOptions['role'];

/** The `extensions.code` of the first error, or 'OK' when there is none. */
export function codeOf(result: { errors?: Array<{ extensions?: { code?: string } }> }): string {
  return result.errors?.[0]?.extensions?.code ?? 'OK';
}

export interface TestServer {
  url: string;
  port: number;
  database: TestDatabase;
  /** This server's own runtime and database client (for arranging data the API cannot create). */
  runtime: Runtime;
  db: Db;
  /** Runs one of the server's scheduled jobs now, under its lock, instead of waiting for its schedule. */
  runJob(name: string): Promise<unknown>;
  /** Sends one operation over HTTP; `token` null means anonymous. */
  request<T, V>(document: TypedDocumentNode<T, V> | DocumentNode | string, variables?: V, token?: string | null): Promise<GraphQLResponse<T>>;
  /** A client acting as `username` with `role`, using a real token. */
  as(username: string, role: Role, extra?: Partial<MintOptions>): Promise<UserClient>;
  /** A graphql-ws connection (token optional). */
  ws(token?: string | null, connectionParams?: Record<string, unknown>): Promise<WsClient>;
  stop(): Promise<void>;
}

export interface UserClient {
  username: string;
  role: Role;
  token: string;
  request<T, V>(document: TypedDocumentNode<T, V> | DocumentNode | string, variables?: V): Promise<GraphQLResponse<T>>;
  /** Like request, but fails the test on any GraphQL error and returns data. */
  data<T, V>(document: TypedDocumentNode<T, V> | DocumentNode | string, variables?: V): Promise<T>;
  ws(): Promise<WsClient>;
}

export async function postGraphQL<T>(url: string, query: string, variables: unknown, token?: string | null, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

export function queryText(document: DocumentNode | string): string {
  return typeof document === 'string' ? document : print(document);
}

export interface TestServerOptions {
  /** The clock the server's services read (e.g. a ManualClock from ./clock.js). */
  clock?: Clock;
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    ...process.env,
    ...TEST_SERVER_ENV,
    LOG_LEVEL: 'silent',
    ...(testRedisUrl ? { REDIS_URL: testRedisUrl } : {}),
    ...database.env,
    ...env,
  });
  const server = buildServer(config, { clock: options.clock });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}/graphql`;
  const sockets: WsClient[] = [];
  let stopped: Promise<void> | undefined;

  const testServer: TestServer = {
    url,
    port,
    database,
    runtime: server.runtime,
    db: server.runtime.db,
    runJob: (name) => server.runJob(name),
    request: (document, variables, token) => postGraphQL(url, queryText(document as DocumentNode), variables, token),
    ws: async (token, connectionParams) => {
      const client = await connectWs(url.replace('http', 'ws'), token, connectionParams);
      sockets.push(client);
      return client;
    },
    as: async (username, role, extra) => {
      const token = await tokenFor(username, role, extra);
      const client: UserClient = {
        username,
        role,
        token,
        request: (document, variables) => testServer.request(document, variables, token),
        data: async (document, variables) => {
          const result = await testServer.request(document, variables, token);
          if (result.errors?.length) {
            throw new Error(`GraphQL errors for ${username}: ${JSON.stringify(result.errors)}`);
          }
          return result.data as never;
        },
        ws: () => testServer.ws(token),
      };
      return client;
    },
    stop: async () => {
      stopped ??= (async () => {
        for (const socket of sockets) await socket.close();
        await server.stop();
        await database.drop();
      })();
      return stopped;
    },
  };
  return testServer;
}
