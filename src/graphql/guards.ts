// Checks an operation as a whole before any of it runs, on HTTP and graphql-ws alike:
// - every root field's permission (src/auth/permissions.ts): a document mixing an allowed and a
//   forbidden field is refused whole, and a mutation operation carries one mutation, so nothing is
//   partially executed;
// - subscriptions over graphql-ws or Server-Sent Events (HTTP with Accept: text/event-stream), both
//   of which end when the token expires (ws.ts, event-stream.ts); not as a single HTTP response;
// - no NUL characters in text (PostgreSQL cannot store them; the client gets the field's name), and
//   no variable nested deeper than MAX_INPUT_DEPTH (64): both walked iteratively, for any caller.
import type { Plugin } from '@envelop/core';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { can, type Permission } from '../auth/permissions.js';
import { MAX_INPUT_DEPTH, scanInput } from '../validation.js';
import type { Context } from './context.js';
import { analyzeOperation } from './operation-analysis.js';
import { refuseBeforeRunning } from './refusal.js';

interface RootScopes {
  permission?: Permission;
  authenticated?: boolean;
}

function refuse(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function acceptsEventStream(context: Context): boolean {
  const request = (context as Context & { request?: Request }).request;
  return request?.headers.get('accept')?.includes('text/event-stream') ?? false;
}

function checkPermissions(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, context: Context): GraphQLError | undefined {
  const { operation, rootFields: names } = analyzeOperation(schema, document, operationName);
  if (!operation) return undefined; // graphql-js reports the missing operation itself
  if (operation.operation === 'subscription' && context.transport !== 'ws' && !acceptsEventStream(context)) {
    return refuse('BAD_USER_INPUT', 'subscriptions are served over graphql-ws (a WebSocket on this same URL) or Server-Sent Events (send Accept: text/event-stream)');
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fields = root.getFields();
  for (const name of names) {
    const scopes = (fields[name]?.extensions as { pothosOptions?: { authScopes?: RootScopes } } | undefined)?.pothosOptions?.authScopes;
    if (!scopes || typeof scopes !== 'object') continue;
    if (!context.viewer) return refuse('UNAUTHENTICATED', 'authentication required: send a valid bearer token');
    if (scopes.permission && !can(context.viewer.role, scopes.permission)) {
      return refuse('FORBIDDEN', `role ${context.viewer.role} may not access ${root.name}.${name}: nothing in this operation was run`);
    }
  }
  // Some rules depend on the data (a CRITICAL action needs an ADMIN, a requester files for their own
  // institution) and are checked as each mutation runs; GraphQL runs mutation fields one after the
  // other, each committing on its own. One mutation per operation keeps "nothing partially executed".
  const mutations = names.filter((name) => !name.startsWith('__'));
  if (operation.operation === 'mutation' && mutations.length > 1) {
    return refuse('BAD_USER_INPUT', `one mutation per operation (got ${mutations.join(', ')}): send them as separate requests`);
  }
  return undefined;
}

/** A path for a message: a long one (deep input) is cut after its first 100 characters. */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 100)}…` : path;
}

/**
 * Variables, walked iteratively (any depth, no stack overflow): no NUL in any string or key, and
 * no nesting deeper than MAX_INPUT_DEPTH. The message names the variable's path, e.g. "$input.title".
 */
function checkVariables(variables: Record<string, unknown> | null | undefined): GraphQLError | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const problem = scanInput(value, `$${name}`, { badText: (text) => text.includes('\u0000') });
    if (problem?.kind === 'text') return refuse('BAD_USER_INPUT', `${shown(problem.path)}: text must not contain NUL (\\u0000) characters`);
    if (problem) return refuse('BAD_USER_INPUT', `${shown(problem.path)}: input must not nest deeper than ${MAX_INPUT_DEPTH} levels`);
  }
  return undefined;
}

function checkText(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | undefined {
  const inVariables = checkVariables(variables);
  if (inVariables) return inVariables;
  // Every string written in the document: arguments, variable defaults, object fields.
  const literal = analyzeOperation(schema, document, operationName).nulLiteral;
  return literal ? refuse('BAD_USER_INPUT', `${literal}: text must not contain NUL (\\u0000) characters`) : undefined;
}

export function useOperationGuard(): Plugin<Context> {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; contextValue: unknown; variableValues?: unknown }) =>
    checkPermissions(args.schema, args.document, args.operationName, args.contextValue as Context) ??
    checkText(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
  return refuseBeforeRunning(check) as Plugin<Context>;
}
