// Error masking: domain errors keep their message and get their stable code; everything else is
// logged with the request id and an error id, and reaches the client as a generic message. The
// database being unreachable (PostgreSQL down, restarting, connection pool exhausted) is not a bug
// but a retryable outage: SERVICE_UNAVAILABLE, HTTP 503 with Retry-After.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors.js';
import { withLimitCode } from './limits.js';
import type { Logger } from '../logger.js';

function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/** Pothos' own input errors (e.g. a malformed cursor) are the client's mistake, not ours. */
function isPothosValidationError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'PothosValidationError';
}

export function toGraphQLError(error: DomainError, base?: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: base?.nodes,
    path: base?.path,
    source: base?.source,
    positions: base?.positions,
    extensions: { ...error.details, code: error.code },
  });
}

/** yoga's own refusals of a request, by message, and their stable codes. */
const REQUEST_REFUSALS: Array<[RegExp, string]> = [
  [/^Required CSRF header\(s\) not present/, 'CSRF_PREVENTED'],
  [/^Can only perform a mutation operation from a POST request/, 'METHOD_NOT_ALLOWED'],
];

/** Seconds a client should wait before retrying during a database outage (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** Prisma's connection error codes: can't reach, timed out, server closed, pool timeout, too many connections. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** Driver adapter error kinds (@prisma/driver-adapter-utils) that mean the database is unreachable. */
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** Socket errors of node-postgres. */
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);
/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutting down / starting up (57P01-57P03), too many connections. */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const MESSAGE_UNAVAILABLE =
  /Connection terminated|Connection closed|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|Timed out fetching a new connection|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Client has encountered a connection error/i;

/** True when `error` (or anything it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop() as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: unknown } | undefined;
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, message } = current;
    if (typeof code === 'string' && (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || POSTGRES_UNAVAILABLE.test(code))) return true;
    if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) return true;
    if (kind === 'postgres' && typeof code === 'string' && POSTGRES_UNAVAILABLE.test(code)) return true;
    if (typeof message === 'string' && MESSAGE_UNAVAILABLE.test(message)) return true;
    pending.push(current.cause, current.originalError, current.meta, (current.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
    if (Array.isArray((current as { errors?: unknown }).errors)) pending.push(...(current as { errors: unknown[] }).errors);
  }
  return false;
}

/** The retryable answer to a database outage: HTTP 503 with Retry-After; graphql-ws gets the code. */
export function serviceUnavailable(base?: GraphQLError): GraphQLError {
  return new GraphQLError('the database is unavailable right now: retry shortly', {
    nodes: base?.nodes,
    path: base?.path,
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    },
  });
}

export function maskError(error: unknown, message: string, logger: Logger): Error {
  const original = originalOf(error);
  if (!(original instanceof DomainError) && isDatabaseUnavailable(original)) {
    logger.warn({ reason: original instanceof Error ? original.message.split('\n').slice(-1)[0]!.slice(0, 200) : String(original) }, 'database unavailable: answered SERVICE_UNAVAILABLE');
    return serviceUnavailable(error instanceof GraphQLError ? error : undefined);
  }
  // yoga marks its own refusals BAD_REQUEST (or nothing): the pattern gives them their stable code.
  if (error instanceof GraphQLError && (!error.extensions?.code || error.extensions.code === 'BAD_REQUEST')) {
    const refusal = REQUEST_REFUSALS.find(([pattern]) => pattern.test(error.message));
    if (refusal) return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: refusal[1] } });
  }
  if (original instanceof DomainError) return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
  if (isPothosValidationError(original)) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  // Variable coercion (an unknown enum value, a non-integer Int passed as a variable): the
  // client's input, named in the message graphql-js wrote.
  if (error instanceof GraphQLError && error.message.startsWith('Variable "$')) {
    return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  // GraphQL's own errors (parse, validation, variable coercion) are safe and useful to show.
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (original instanceof GraphQLError && original.extensions?.code) return original;
  const errorId = randomUUID();
  logger.error({ err: original, errorId }, 'unexpected error');
  return new GraphQLError(message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  });
}
