// Error masking: domain errors keep their message and get their stable code; everything else is
// logged with the request id and an error id, and reaches the client as a generic message.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors.js';
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

export function maskError(error: unknown, message: string, logger: Logger): Error {
  const original = originalOf(error);
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
