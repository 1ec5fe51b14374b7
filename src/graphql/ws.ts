// graphql-ws on the HTTP server's port and path. Identity comes from connection_init (a bad token
// does not close the socket: each operation then fails UNAUTHENTICATED, as on HTTP), or — GraphiQL —
// from each operation's own headers. The socket closes (4403) when a token it acts with expires.
// Budgets (settings in src/config.ts):
// - a socket without a valid identity is closed 4401 "Unauthorized" after WS_AUTH_GRACE_SECONDS
//   (10 s) unless an operation on it carries a valid token (GraphiQL's per-operation headers);
// - a user may hold WS_MAX_CONNECTIONS_PER_USER sockets (50): the next is closed 4429;
// - a socket may hold WS_MAX_SUBSCRIPTIONS_PER_SOCKET subscriptions (100): the next subscribe is
//   refused with an error TOO_MANY_SUBSCRIPTIONS (the socket and its other subscriptions stay).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, getOperationAST, type ExecutionArgs } from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticate } from '../auth/authenticate.js';
import { bearerToken } from '../auth/jwt.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, UnauthenticatedError } from '../errors.js';
import { requestScope } from '../logger.js';
import type { Runtime } from '../runtime.js';
import { multiplexSubscriptions } from './fanout.js';
import { withLimitCode } from './limits.js';
import { recordOperation } from './observe.js';
import { trustedSubscribePayload } from './trusted-documents.js';
import { GRAPHQL_PATH, type OperationAuth, type YogaApp } from './yoga.js';

/** What a socket carries from connection_init, and its expiry timer. */
interface SocketAuth extends OperationAuth {
  expiryTimer?: NodeJS.Timeout;
  closesAt?: number;
  /** Closes a socket that has no valid identity yet, once the grace period ends. */
  graceTimer?: NodeJS.Timeout;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  auth?: SocketAuth;
  subscriptions?: Set<string>;
  /** Subscriptions prepared but not yet started (counted against the per-socket cap). */
  pendingSubscriptions?: number;
  /** The user this socket counts against (per-user connection cap). */
  countedUser?: string;
};

/** Close codes of the budgets (graphql-ws's own: 4401 Unauthorized, 4429 too many). */
export const WS_CLOSE = { unauthenticated: CloseCode.Unauthorized, tooManyConnections: 4429 } as const;

type Enveloped = ReturnType<YogaApp['getEnveloped']>;

export interface GraphqlWs {
  /** Closes every socket (1001) and stops accepting. */
  close(): Promise<void>;
}

/** What the socket handlers share: the runtime, the yoga app, authentication and the per-user counts. */
interface WsDeps {
  rt: Runtime;
  yoga: YogaApp;
  authenticate: Authenticate;
  connectionsByUser: Map<string, number>;
}

type WsContext = Context<Record<string, unknown>, Extra>;

export function attachGraphqlWs(httpServer: Server, yoga: YogaApp, authenticate: Authenticate, rt: Runtime): GraphqlWs {
  const { metrics } = rt;
  const deps: WsDeps = { rt, yoga, authenticate, connectionsByUser: new Map() };
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: rt.config.maxBodyBytes });
  wsServer.on('connection', (socket) => {
    metrics.wsConnections.inc();
    socket.once('close', () => metrics.wsConnections.dec());
    // A client's oversized or malformed frame closes its socket (ws answers 1009/1002): one line, no stack.
    socket.on('error', (error) => rt.logger.info({ reason: error.message }, 'graphql-ws socket error'));
  });
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      onConnect: (ctx) => connectSocket(deps, ctx),
      onClose: (ctx) => closeSocket(deps, ctx),
      onSubscribe: (ctx, _id, payload) => requestScope.run({ requestId: randomUUID() }, () => subscribeOperation(deps, ctx, payload)),
      onOperation: (ctx, id, _payload, args, result) => {
        if (isSubscription(args)) ctx.extra.pendingSubscriptions = Math.max(0, (ctx.extra.pendingSubscriptions ?? 0) - 1);
        if (!(Symbol.asyncIterator in (result as object))) return;
        (ctx.extra.subscriptions ??= new Set()).add(id);
        metrics.subscriptions.inc();
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.subscriptions?.delete(id)) metrics.subscriptions.dec();
      },
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: multiplexSubscriptions((args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never) as never,
    },
    wsServer,
  );
  return {
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'server shutting down');
      await cleanup.dispose();
    },
  };
}

/** connection_init: the socket's identity, the grace period without one, the per-user cap. */
async function connectSocket({ rt, authenticate, connectionsByUser }: WsDeps, ctx: WsContext): Promise<boolean> {
  const budgets = rt.config.webSocket;
  const auth: SocketAuth = { viewer: null, authError: null };
  ctx.extra.auth = auth;
  try {
    auth.viewer = await authenticate(connectionToken(ctx.connectionParams));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    auth.authError = error;
  }
  if (!auth.viewer) {
    armGracePeriod(ctx.extra, budgets.authGraceSeconds, () => rt.metrics.wsRefused.inc({ budget: 'auth_grace' }));
    return true;
  }
  const held = connectionsByUser.get(auth.viewer.username) ?? 0;
  if (held >= budgets.maxConnectionsPerUser) {
    rt.metrics.wsRefused.inc({ budget: 'connections_per_user' });
    ctx.extra.socket.close(WS_CLOSE.tooManyConnections, `Too many connections: at most ${budgets.maxConnectionsPerUser} per user`);
    return false;
  }
  connectionsByUser.set(auth.viewer.username, held + 1);
  ctx.extra.countedUser = auth.viewer.username;
  closeAtExpiry(ctx.extra, auth.viewer);
  return true;
}

function closeSocket({ rt, connectionsByUser }: WsDeps, ctx: WsContext): void {
  clearTimeout(ctx.extra.auth?.expiryTimer);
  clearTimeout(ctx.extra.auth?.graceTimer);
  const user = ctx.extra.countedUser;
  if (user) {
    const held = (connectionsByUser.get(user) ?? 1) - 1;
    if (held > 0) connectionsByUser.set(user, held);
    else connectionsByUser.delete(user);
  }
  rt.metrics.subscriptions.dec(ctx.extra.subscriptions?.size ?? 0);
  ctx.extra.subscriptions?.clear();
}

/** One operation on the socket: its identity, trusted documents, yoga's pipeline, the subscription cap. */
async function subscribeOperation({ rt, yoga, authenticate }: WsDeps, ctx: WsContext, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const startedAt = performance.now();
  const auth = await operationAuth(ctx.extra, payload.extensions, authenticate);
  const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload, ws: auth });
  // graphql-ws has no onParams: trusted documents (TRUSTED_DOCUMENTS) are applied here.
  let prepared: ExecutionArgs | readonly GraphQLError[] = trustedSubscribePayload(rt, payload) ?? (await prepareOperation(enveloped, payload));
  if (!isErrors(prepared) && isSubscription(prepared)) prepared = reserveSubscription(ctx.extra, rt.config.webSocket.maxSubscriptionsPerSocket, rt.metrics) ?? prepared;
  if (Array.isArray(prepared)) {
    recordOperation(rt, { name: payload.operationName, type: 'unknown', viewer: auth.viewer, transport: 'ws', startedAt, errors: prepared });
  }
  return prepared;
}

/** Counts a subscription against the per-socket cap; the refusal when the socket is full. */
function reserveSubscription(extra: Extra, max: number, metrics: Runtime['metrics']): readonly GraphQLError[] | undefined {
  if ((extra.subscriptions?.size ?? 0) + (extra.pendingSubscriptions ?? 0) >= max) {
    metrics.wsRefused.inc({ budget: 'subscriptions_per_socket' });
    return [tooManySubscriptions(max)];
  }
  extra.pendingSubscriptions = (extra.pendingSubscriptions ?? 0) + 1;
  return undefined;
}

function isErrors(prepared: ExecutionArgs | readonly GraphQLError[]): prepared is readonly GraphQLError[] {
  return Array.isArray(prepared);
}

function isSubscription(args: ExecutionArgs): boolean {
  return getOperationAST(args.document, args.operationName)?.operation === 'subscription';
}

function tooManySubscriptions(max: number): GraphQLError {
  return new GraphQLError(`too many subscriptions on this socket: at most ${max}; complete one, or open another socket`, {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: max },
  });
}

/** A socket without a valid identity is closed 4401 when the grace period ends (unless one arrives). */
function armGracePeriod(extra: Extra, seconds: number, onClose: () => void) {
  const auth = extra.auth!;
  auth.graceTimer = setTimeout(() => {
    if (auth.viewer || extra.socket.readyState !== extra.socket.OPEN) return;
    onClose();
    extra.socket.close(WS_CLOSE.unauthenticated, `Unauthorized: no valid token within ${seconds} s`);
  }, seconds * 1000);
  auth.graceTimer.unref();
}

/** Parses, validates and builds the context through yoga's envelop pipeline (limits refuse here). */
async function prepareOperation(
  { schema, execute, subscribe, contextFactory, parse, validate }: Enveloped,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  let document;
  try {
    document = parse(payload.query);
    const errors = validate(schema, document);
    if (errors.length > 0) return errors.map(withLimitCode);
  } catch (error) {
    return [error instanceof GraphQLError ? withLimitCode(error) : new GraphQLError('invalid document')];
  }
  let contextValue;
  try {
    contextValue = await contextFactory();
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError('internal error')];
  }
  return {
    schema,
    operationName: payload.operationName,
    document,
    variableValues: payload.variables,
    contextValue,
    rootValue: { execute, subscribe },
  };
}

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
    auth.expiryTimer = wait > 0 ? setTimeout(arm, Math.min(wait, 2 ** 31 - 1)) : undefined;
    if (wait <= 0) extra.socket.close(CloseCode.Forbidden, 'Forbidden: token expired');
    else auth.expiryTimer!.unref();
  };
  arm();
}

/**
 * GraphiQL sends its Headers tab with each operation (`extensions.headers.Authorization`): on a
 * socket opened without a token, that operation runs as the user of its own token, and the socket
 * closes when it expires.
 */
async function operationAuth(extra: Extra, extensions: Record<string, unknown> | null | undefined, authenticate: Authenticate): Promise<OperationAuth> {
  const auth = extra.auth!;
  const headers = extensions?.headers as Record<string, unknown> | undefined;
  const header = headers?.authorization ?? headers?.Authorization;
  if (auth.viewer || auth.authError || typeof header !== 'string') return auth;
  try {
    const viewer = await authenticate(bearerToken(header));
    if (viewer) {
      // An operation with a valid token of its own: the socket is in use, not idle without identity.
      clearTimeout(auth.graceTimer);
      closeAtExpiry(extra, viewer);
    }
    return { viewer, authError: null };
  } catch (error) {
    if (error instanceof DomainError) return { viewer: null, authError: error };
    throw error;
  }
}

function connectionToken(params: Record<string, unknown> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (header === undefined || header === null) return undefined;
  if (typeof header !== 'string') throw new UnauthenticatedError('connection_init authorization must be a string');
  return bearerToken(header);
}
