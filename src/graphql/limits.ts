// Query limits, applied to HTTP and graphql-ws alike (both go through the same envelop pipeline):
// graphql-armor's static limits (depth, aliases, tokens, directives, its shape cost), page sizes,
// and the SQL cost model (operation-analysis.ts: what an operation costs in SQL statements, from
// one table of weights), which caps one operation (QUERY_TOO_COMPLEX, limit "sqlCost") and feeds the per-user
// budget per minute (RATE_LIMITED, ./rate-limit.ts).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from '@envelop/core';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Runtime } from '../runtime.js';
import { analyzeOperation, argumentValue, type Variables } from './operation-analysis.js';
import { useRateLimit } from './rate-limit.js';
import { refuseBeforeRunning } from './refusal.js';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 2000,
  maxDirectives: 20,
  maxPageSize: 100,
  /** Estimated SQL statements one operation may cost (see FIELD_COSTS). */
  maxSqlCost: 200,
} as const;

/** The estimated SQL statements of an operation (fragments expanded, introspection free). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Variables): number {
  return analyzeOperation(schema, document, operationName).sqlCost(variables);
}

/** Refuses one operation over LIMITS.maxSqlCost: QUERY_TOO_COMPLEX, limit "sqlCost". */
function useSqlCostLimit(): Plugin {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown }) => {
    const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown>);
    if (cost <= LIMITS.maxSqlCost) return undefined;
    return new GraphQLError(`Query SQL cost limit of ${LIMITS.maxSqlCost} exceeded, found ${cost} (estimated statements; split the operation)`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'sqlCost', cost, maxCost: LIMITS.maxSqlCost },
    });
  };
  return refuseBeforeRunning(check);
}

export { FIELD_COSTS } from './operation-analysis.js';

export function limitPlugins(rt?: Runtime): Plugin[] {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
      maxAliases: { n: LIMITS.maxAliases },
      costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
      maxTokens: { n: LIMITS.maxTokens },
      maxDirectives: { n: LIMITS.maxDirectives },
      blockFieldSuggestion: { enabled: true },
    }),
    useConnectionSizeLimit(),
    useLimitErrorCodes(),
    useSqlCostLimit(),
    ...(rt && rt.config.rateLimitCostPerMinute > 0 ? [useRateLimit(rt, operationCost)] : []),
  ];
}

/** graphql-armor's refusals, by the start of its message, and the limit each names. */
const ARMOR_REFUSALS: Array<[RegExp, string]> = [
  [/^Syntax Error: Query depth limit/, 'depth'],
  [/^Syntax Error: Aliases limit/, 'aliases'],
  [/^Syntax Error: Query Cost limit/, 'cost'],
  [/^Syntax Error: Token limit/, 'tokens'],
  [/^Syntax Error: Directives limit/, 'directives'],
];

/** A limit refusal as QUERY_TOO_COMPLEX naming the limit (not a "Syntax Error"); others unchanged. */
export function withLimitCode(error: GraphQLError): GraphQLError {
  const match = ARMOR_REFUSALS.find(([pattern]) => pattern.test(error.message));
  if (!match) return error;
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    nodes: error.nodes,
    extensions: { code: 'QUERY_TOO_COMPLEX', limit: match[1] },
  });
}

/**
 * Gives armor's refusals their code. Armor throws them from parse (tokens) and from its validation
 * rules (depth, aliases, cost, directives), so the functions themselves are wrapped: a thrown
 * refusal becomes a QUERY_TOO_COMPLEX error (a validation result, or the parse error).
 */
function useLimitErrorCodes(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, options);
        } catch (error) {
          throw error instanceof GraphQLError ? withLimitCode(error) : error;
        }
      });
    },
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, typeInfo, options) => {
        try {
          return validateFn(schema, document, rules, typeInfo, options).map((error: GraphQLError) => withLimitCode(error));
        } catch (error) {
          if (error instanceof GraphQLError) return [withLimitCode(error)];
          throw error;
        }
      });
    },
  };
}

/** Refuses `first`/`last` outside 0..100 with BAD_USER_INPUT, whether literal or a variable. */
function useConnectionSizeLimit(): Plugin {
  return refuseBeforeRunning((args) => {
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    for (const { name, value: node } of analyzeOperation(args.schema, args.document, args.operationName).pageArguments) {
      const value = argumentValue(node, variables);
      if (typeof value === 'number' && (value < 0 || value > LIMITS.maxPageSize)) {
        return new GraphQLError(`${name}: must be between 0 and ${LIMITS.maxPageSize}, got ${value}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 200 } } });
      }
    }
    return undefined;
  });
}
