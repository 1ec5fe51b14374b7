// Query limits, applied to HTTP and graphql-ws alike (both go through the same envelop pipeline).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from '@envelop/core';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 2000,
  maxDirectives: 20,
  maxPageSize: 100,
} as const;

export function limitPlugins(): Plugin[] {
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

/** Gives armor's parse (tokens) and validation (depth, aliases, cost, directives) refusals their code. */
function useLimitErrorCodes(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError) replaceParseResult(withLimitCode(result));
      };
    },
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error: Error) => (error instanceof GraphQLError ? withLimitCode(error) : error)));
      };
    },
  };
}

/** Refuses `first`/`last` outside 0..100 with BAD_USER_INPUT, whether literal or a variable. */
function useConnectionSizeLimit(): Plugin {
  const check = (document: DocumentNode, variables: Record<string, unknown> | null | undefined) => {
    let problem: string | undefined;
    visit(document, {
      Argument(node) {
        if (problem || (node.name.value !== 'first' && node.name.value !== 'last')) return;
        const value = valueOf(node.value, variables ?? {});
        if (typeof value === 'number' && (value < 0 || value > LIMITS.maxPageSize)) {
          problem = `${node.name.value}: must be between 0 and ${LIMITS.maxPageSize}, got ${value}`;
        }
      },
    });
    return problem;
  };
  const refuse = (message: string) =>
    new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 200 } } });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problem = check(args.document, args.variableValues as Record<string, unknown>);
      if (problem) setResultAndStopExecution({ errors: [refuse(problem)] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const problem = check(args.document, args.variableValues as Record<string, unknown>);
      if (problem) setResultAndStopExecution({ errors: [refuse(problem)] });
    },
  };
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}
