// The per-user cost budget: each user may spend RATE_LIMIT_COST_PER_MINUTE estimated SQL statements
// (the cost model of ./limits.ts) per minute, on HTTP and graphql-ws together. Over budget, the
// operation is refused before it runs with RATE_LIMITED and when to retry: HTTP 429 with a
// Retry-After header, and `extensions.retryAfterSeconds` on both transports. The budget is kept in
// memory per replica (rate-limiter-flexible): behind a load balancer a user's worst case is the
// budget times the replicas. Anonymous callers are not metered: every field that reads the database
// needs a token, and the guard refuses them before any SQL.
import type { Plugin } from '@envelop/core';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Runtime } from '../runtime.js';
import type { Context } from './context.js';
import { refuseBeforeRunning } from './refusal.js';

type CostOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined) => number;

export function rateLimited(retryAfterSeconds: number, budget: number): GraphQLError {
  return new GraphQLError(`rate limited: this user's budget of ${budget} query cost per minute is spent; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

export function useRateLimit(rt: Runtime, costOf: CostOf): Plugin {
  const budget = rt.config.rateLimitCostPerMinute;
  const limiter = new RateLimiterMemory({ points: budget, duration: 60, keyPrefix: 'cost' });
  const check = async (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown; contextValue: unknown }) => {
    const { viewer, transport } = args.contextValue as Context;
    if (!viewer) return undefined;
    // Every operation costs at least 1, so a flood of trivial ones is metered too.
    const cost = Math.max(1, costOf(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown>));
    try {
      await limiter.consume(viewer.username, Math.min(cost, budget));
      return undefined;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      rt.metrics.rateLimited.inc({ transport });
      return rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), budget);
    }
  };
  return refuseBeforeRunning(check);
}
