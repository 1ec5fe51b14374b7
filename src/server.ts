// buildServer(): one HTTP server carrying GraphQL over HTTP and graphql-ws on /graphql, plus
// /healthz, /readyz and feature routes. Building is separate from listening: {start, stop}.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { bearerToken, createTokenVerifier, loadOrCreateSecret } from './auth/jwt.js';
import type { Viewer } from './auth/viewer.js';
import type { Config } from './config.js';
import { connectDatabase, db, disconnectDatabase } from './db/client.js';
import { DomainError, UnauthenticatedError } from './errors.js';
import { startEvents, stopEvents } from './events/pubsub.js';
import type { Context } from './graphql/context.js';
import { maskError, toGraphQLError } from './graphql/errors.js';
import { useOperationGuard } from './graphql/guards.js';
import { limitPlugins } from './graphql/limits.js';
import { buildSchema } from './graphql/schema.js';
import { featureRoutes, sendJson, type HttpRoute } from './http/routes.js';
import { startJobs, type RunningJobs } from './jobs/index.js';
import { waitForRunningJobs } from './jobs/scheduler.js';
import { logger, requestScope } from './logger.js';
import { recordUser } from './modules/identity/users.service.js';
import { configureRuntime } from './runtime.js';

const GRAPHQL_PATH = '/graphql';

type Extra = { socket: import('ws').WebSocket; request: IncomingMessage; auth?: SocketAuth };

/** What a graphql-ws socket carries from connection_init. */
interface SocketAuth {
  viewer: Viewer | null;
  authError: DomainError | null;
  expiryTimer?: NodeJS.Timeout;
  closesAt?: number;
}

export interface OpsloopServer {
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

export function buildServer(config: Config): OpsloopServer {
  const secret = config.jwt.jwksUrl ? config.jwt.secret : (config.jwt.secret ?? loadOrCreateSecret(config.dataDir));
  const verifyToken = createTokenVerifier({ ...config.jwt, secret });

  /** Verifies a token, records the user; a bad token is an error, a missing one is anonymous. */
  async function authenticate(token: string | undefined): Promise<Viewer | null> {
    if (!token) return null;
    const viewer = await verifyToken(token);
    await recordUser(viewer);
    return viewer;
  }

  const yoga = createYoga<{ ws?: SocketAuth }, Context>({
    schema: buildSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: config.graphiql ? { subscriptionsProtocol: 'WS', title: 'opsloop' } : false,
    // GraphiQL with its assets inlined from the npm package: the default page loads them from a CDN.
    renderGraphiQL,
    landingPage: false,
    batching: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    plugins: [
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      ...limitPlugins(),
      useOperationGuard(),
    ],
    context: async ({ request, ws }): Promise<Context> => {
      const requestId = requestScope.getStore()?.requestId ?? randomUUID();
      if (ws) {
        if (ws.authError) throw toGraphQLError(ws.authError);
        return { viewer: ws.viewer, requestId, transport: 'ws' };
      }
      try {
        return { viewer: await authenticate(bearerToken(request.headers.get('authorization'))), requestId, transport: 'http' };
      } catch (error) {
        if (error instanceof DomainError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        throw error;
      }
    },
  });

  const routes: HttpRoute[] = [
    {
      method: 'GET',
      path: '/healthz',
      handle: async (_request, _body, response) => sendJson(response, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_request, _body, response) => {
        try {
          await db().$queryRaw`SELECT 1`;
          sendJson(response, 200, { status: 'ready' });
        } catch (error) {
          logger.warn({ err: error }, 'readiness check failed');
          sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
        }
      },
    },
    ...featureRoutes,
  ];

  const httpServer = createServer((request, response) => {
    const requestId = headerValue(request.headers['x-request-id']) ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    requestScope.run({ requestId }, () => {
      handleHttp(request, response).catch((error) => {
        logger.error({ err: error }, 'http handler failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error', requestId });
        else response.destroy();
      });
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = routes.find((r) => r.path === url.pathname);
    if (route) {
      if (request.method !== route.method) return sendJson(response, 405, { error: `use ${route.method}` });
      const body = await readBody(request, config.maxBodyBytes);
      if (body === 'too-large') return sendJson(response, 413, { error: `body larger than ${config.maxBodyBytes} bytes` });
      return route.handle(request, body, response);
    }
    if (url.pathname !== GRAPHQL_PATH) return sendJson(response, 404, { error: 'not found', graphql: GRAPHQL_PATH });
    let body: Buffer | undefined;
    if (request.method === 'POST') {
      const read = await readBody(request, config.maxBodyBytes);
      if (read === 'too-large') {
        return sendJson(response, 413, {
          errors: [{ message: `request body larger than ${config.maxBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }],
        });
      }
      body = read;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const result = await yoga.fetch(
      new Request(`http://${request.headers.host ?? 'localhost'}${request.url}`, {
        method: request.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: controller.signal,
      }),
      {},
    );
    response.statusCode = result.status;
    result.headers.forEach((value, name) => response.setHeader(name, value));
    if (!result.body) return response.end();
    for await (const chunk of result.body as unknown as AsyncIterable<Uint8Array>) {
      if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: config.maxBodyBytes });
  const wsCleanup = useServer<Record<string, unknown>, Extra>(
    {
      // A bad token does not close the socket: each operation then fails with UNAUTHENTICATED,
      // exactly as on HTTP. An expired token closes the socket (4403).
      onConnect: async (ctx) => {
        const auth: SocketAuth = { viewer: null, authError: null };
        ctx.extra.auth = auth;
        try {
          auth.viewer = await authenticate(connectionToken(ctx.connectionParams));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          auth.authError = error;
        }
        if (auth.viewer) closeAtExpiry(ctx.extra, auth.viewer);
        return true;
      },
      onClose: (ctx) => clearTimeout(ctx.extra.auth?.expiryTimer),
      onSubscribe: async (ctx, _id, payload) => {
        const requestId = randomUUID();
        return requestScope.run({ requestId }, async () => {
          const auth = await operationAuth(ctx.extra, payload.extensions);
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params: payload,
            ws: auth,
          });
          // Limit plugins refuse a document by throwing from parse or validate: answer with it.
          let document;
          try {
            document = parse(payload.query);
            const errors = validate(schema, document);
            if (errors.length > 0) return errors;
          } catch (error) {
            return [error instanceof GraphQLError ? error : new GraphQLError('invalid document')];
          }
          let contextValue;
          try {
            contextValue = await contextFactory();
          } catch (error) {
            return [error instanceof GraphQLError ? error : new GraphQLError('internal error')];
          }
          const args: ExecutionArgs & { rootValue: { execute: typeof execute; subscribe: typeof subscribe } } = {
            schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue,
            rootValue: { execute, subscribe },
          };
          return args;
        });
      },
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
    },
    wsServer,
  );

  /** Closes the socket (4403) when a token it acts with expires (the earliest, if several). */
  function closeAtExpiry(extra: Extra, viewer: Viewer) {
    const auth = extra.auth!;
    const at = viewer.expiresAt * 1000;
    if (extra.socket.readyState !== extra.socket.OPEN) return;
    if (auth.expiryTimer && auth.closesAt !== undefined && auth.closesAt <= at) return;
    clearTimeout(auth.expiryTimer);
    auth.closesAt = at;
    const arm = () => {
      // setTimeout holds at most ~24.8 days: re-arm until the expiry is reached.
      const wait = at - Date.now();
      auth.expiryTimer = wait > 0
        ? setTimeout(arm, Math.min(wait, 2 ** 31 - 1))
        : undefined;
      if (wait <= 0) extra.socket.close(CloseCode.Forbidden, 'Forbidden: token expired');
      else auth.expiryTimer!.unref();
    };
    arm();
  }

  /**
   * The socket's identity comes from connection_init. GraphiQL sends its Headers tab with each
   * operation instead (`extensions.headers.Authorization`): on a socket opened without a token,
   * that operation runs as the user of its own token, and the socket closes when it expires.
   */
  async function operationAuth(extra: Extra, extensions: Record<string, unknown> | null | undefined): Promise<SocketAuth> {
    const auth = extra.auth!;
    const headers = extensions?.headers as Record<string, unknown> | undefined;
    const header = headers?.authorization ?? headers?.Authorization;
    if (auth.viewer || auth.authError || typeof header !== 'string') return auth;
    try {
      const viewer = await authenticate(bearerToken(header));
      if (viewer) closeAtExpiry(extra, viewer);
      return { viewer, authError: null };
    } catch (error) {
      if (error instanceof DomainError) return { viewer: null, authError: error };
      throw error;
    }
  }

  const sockets = new Set<Socket>();
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let jobs: RunningJobs | undefined;

  return {
    async start() {
      configureRuntime(config);
      await connectDatabase(config, { migrate: true });
      startEvents(config.redisUrl);
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      if (config.jobsEnabled) jobs = startJobs(config);
      const { port } = httpServer.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { port, url: `http://${host}:${port}${GRAPHQL_PATH}` };
    },
    async stop() {
      await jobs?.stop();
      // Stop accepting, let in-flight HTTP requests finish, close sockets, let runs in progress
      // (scheduled, or a cycle an ADMIN triggered) finish, then close events and the database.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      for (const client of wsServer.clients) client.close(1001, 'server shutting down');
      await wsCleanup.dispose();
      const force = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, 10_000);
      await closed;
      clearTimeout(force);
      await waitForRunningJobs();
      await stopEvents();
      await disconnectDatabase();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.-]{1,128}$/.test(single) ? single : undefined;
}

function connectionToken(params: Record<string, unknown> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (header === undefined || header === null) return undefined;
  if (typeof header !== 'string') throw new UnauthenticatedError('connection_init authorization must be a string');
  return bearerToken(header);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      return 'too-large';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
