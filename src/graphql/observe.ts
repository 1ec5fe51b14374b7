// The operation observer, on HTTP and graphql-ws alike: for every GraphQL operation one access-log
// line (request id, operation name and type, user, duration, outcome code), its Prometheus
// counters and duration, and an OpenTelemetry span named after the operation. Operations refused
// before they run (parse, limits, authentication) are recorded too.
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import { DomainError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { Context } from './context.js';
import { analyzeOperation } from './operation-analysis.js';

export interface OperationRecord {
  name: string | null | undefined;
  type: string;
  viewer: Viewer | null;
  transport: 'http' | 'ws';
  startedAt: number;
  errors: readonly unknown[] | undefined;
  span?: Span;
}

/** The stable code of an error as the client sees it. */
function codeOf(error: unknown): string {
  let current = error as { extensions?: { code?: unknown }; originalError?: unknown } | undefined;
  while (current) {
    if (current instanceof DomainError) return current.code;
    if (typeof current.extensions?.code === 'string') return current.extensions.code;
    current = current.originalError as typeof current;
  }
  return 'INTERNAL_SERVER_ERROR';
}

/** Records one finished (or refused) operation: access log, metrics, span end. */
export function recordOperation(rt: Runtime, record: OperationRecord): void {
  const durationMs = Math.round((performance.now() - record.startedAt) * 10) / 10;
  const codes = [...new Set((record.errors ?? []).map(codeOf))];
  const outcome = codes[0] ?? 'OK';
  const label = rt.metrics.operationLabel(record.name);
  rt.metrics.operations.inc({ operation: label, type: record.type, outcome });
  rt.metrics.operationDuration.observe({ operation: label, type: record.type, outcome }, durationMs / 1000);
  for (const error of record.errors ?? []) rt.metrics.errors.inc({ code: codeOf(error) });
  const line = {
    operation: record.name ?? null,
    type: record.type,
    transport: record.transport,
    user: record.viewer?.username ?? null,
    role: record.viewer?.role ?? null,
    durationMs,
    outcome,
    ...(codes.length > 1 ? { codes } : {}),
  };
  // Expected refusals are the client's business (info); unexpected ones are logged at error by
  // the masking with their error id, and the access line says INTERNAL_SERVER_ERROR.
  rt.logger.info(line, 'graphql operation');
  if (record.span) {
    record.span.setAttribute('graphql.outcome', outcome);
    if (outcome !== 'OK') record.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    record.span.end();
  }
}

function operationOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) {
  const { operation } = analyzeOperation(schema, document, operationName);
  return { type: operation?.operation ?? 'unknown', name: operationName ?? operation?.name?.value ?? null };
}

function startSpan(rt: Runtime, type: string, name: string | null, viewer: Viewer | null): Span {
  return rt.tracer.startSpan(name ? `${type} ${name}` : type, {
    attributes: {
      'graphql.operation.type': type,
      ...(name ? { 'graphql.operation.name': name } : {}),
      ...(viewer ? { 'enduser.id': viewer.username, 'enduser.role': viewer.role } : {}),
    },
  });
}

export function useOperationObserver(rt: Runtime): Plugin<Context> {
  const started = new WeakMap<Request, { at: number; operationName?: string | null }>();
  const executed = new WeakSet<Request>();
  const begin = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; contextValue: Context & { request?: Request } }) => {
    const { type, name } = operationOf(args.schema, args.document, args.operationName);
    const { viewer, transport, request } = args.contextValue;
    if (request) executed.add(request);
    const at = (request && started.get(request)?.at) ?? performance.now();
    return { name, type, viewer, transport, startedAt: at, errors: undefined, span: startSpan(rt, type, name, viewer) } as OperationRecord;
  };
  return {
    onRequest({ request }) {
      started.set(request, { at: performance.now() });
    },
    onParams({ request, params }) {
      const entry = started.get(request);
      if (entry) entry.operationName = params.operationName;
    },
    onExecute({ args }) {
      const record = begin(args as never);
      return {
        onExecuteDone({ result }) {
          // Incremental delivery streams are not used; a result is one payload.
          recordOperation(rt, { ...record, errors: 'errors' in result ? result.errors : undefined });
        },
      };
    },
    onSubscribe({ args }) {
      const record = begin(args as never);
      return {
        onSubscribeResult({ result }) {
          recordOperation(rt, { ...record, errors: Symbol.asyncIterator in result ? undefined : (result as { errors?: readonly GraphQLError[] }).errors });
        },
        onSubscribeError({ error }) {
          recordOperation(rt, { ...record, errors: [error] });
        },
      };
    },
    onResultProcess({ request, result }) {
      // Refused before execution (parse, validation, limits, authentication): still one line.
      if (executed.has(request) || Symbol.asyncIterator in (result as object)) return;
      const entry = started.get(request);
      const errors = Array.isArray(result) ? result.flatMap((r) => r.errors ?? []) : ((result as { errors?: readonly GraphQLError[] }).errors ?? []);
      recordOperation(rt, { name: entry?.operationName, type: 'unknown', viewer: null, transport: 'http', startedAt: entry?.at ?? performance.now(), errors });
    },
  };
}
