// Query limits, applied to HTTP and graphql-ws alike (both go through the same envelop pipeline):
// graphql-armor's static limits (depth, aliases, tokens, directives, its shape cost), page sizes,
// and the SQL cost model below — what an operation costs in SQL statements, from one table of
// weights — which caps one operation (QUERY_TOO_COMPLEX, limit "sqlCost") and feeds the per-user
// budget per minute (RATE_LIMITED, ./rate-limit.ts).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from '@envelop/core';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Runtime } from '../runtime.js';
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

/**
 * What a field costs in SQL statements, keyed "Type.field", measured with test/helpers/sql-cost.ts
 * (test/cost-model.test.ts checks the expensive ones against real SQL). Fields not listed: 1 when
 * they return an object or a list of objects (a query, or one batched relation load), 0 for
 * scalars and for the edges/node/pageInfo wrappers of a connection; a connection also costs one
 * per CONNECTION_ROWS_PER_STATEMENT rows of its page size (first/last, default 20).
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Query.learningStats': 21,
  'Query.riskPolicyBacktest': 4,
  'Query.assessRisk': 3,
  'Mutation.submitAction': 6,
  'Mutation.calibrateAllThresholds': 20,
  'Mutation.mineLessons': 10,
  'Mutation.detectRecurrence': 6,
  'Mutation.runAutoCycle': 2,
  // The actions and their trails, batched per operation (approval-workflow.graphql.ts).
  'AutoAction.auditIntegrity': 2,
  // A connection's totalCount is a COUNT(*) of its own.
  'QueryAnomaliesConnection.totalCount': 1,
  'QueryAutoCycleRunsConnection.totalCount': 1,
  'QueryAutoHistoryConnection.totalCount': 1,
  'QueryAutoQueueConnection.totalCount': 1,
  'QueryFeedbacksConnection.totalCount': 1,
  'QueryIncidentsConnection.totalCount': 1,
  'QueryKbArticlesConnection.totalCount': 1,
  'QueryLessonsConnection.totalCount': 1,
  'QueryPatternsConnection.totalCount': 1,
  'QueryProblemsConnection.totalCount': 1,
  'QueryRiskPoliciesConnection.totalCount': 1,
  'QueryServiceRequestsConnection.totalCount': 1,
  'QueryTeamsConnection.totalCount': 1,
  'QueryThresholdsConnection.totalCount': 1,
};

/**
 * Fields whose cost grows with a list argument (`input.ids`): this much per item on top of their own
 * cost. A bulk decision item runs its own short transaction (about eight statements); its weight is
 * set so the largest bulk (100 items) with a full result selection stays under maxSqlCost, which
 * here bounds the items of one operation rather than their statements.
 */
export const ITEM_COSTS: Readonly<Record<string, { argument: string; field: string; perItem: number }>> = {
  'Mutation.decideActions': { argument: 'input', field: 'ids', perItem: 1.5 },
};

const CONNECTION_ROWS_PER_STATEMENT = 50;
const DEFAULT_CONNECTION_SIZE = 20;

/** The estimated SQL statements of an operation (fragments expanded, introspection free). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return selectionCost(schema, root, operation.selectionSet, fragments, variables ?? {}, new Set());
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  spreading: Set<string>,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(schema, parent, selection, fragments, variables, spreading);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && spreading.has(selection.name.value))) continue;
    const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
    if (!type || !isCompositeType(type)) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) spreading.add(selection.name.value);
    total += selectionCost(schema, type, fragment.selectionSet, fragments, variables, spreading);
    if (selection.kind === Kind.FRAGMENT_SPREAD) spreading.delete(selection.name.value);
  }
  return total;
}

function fieldCost(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  spreading: Set<string>,
): number {
  const name = field.name.value;
  if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
  const definition = parent.getFields()[name];
  if (!definition) return 0;
  const type = getNamedType(definition.type);
  const composite = isCompositeType(type);
  const wrapper = /(Connection|Edge)$/.test(parent.name);
  let own = FIELD_COSTS[`${parent.name}.${name}`] ?? (composite && !wrapper ? 1 : 0);
  const items = ITEM_COSTS[`${parent.name}.${name}`];
  if (items) own += Math.ceil(items.perItem * listLength(field, items.argument, items.field, variables));
  if (type.name.endsWith('Connection')) {
    const size = argumentNumber(field, 'first', variables) ?? argumentNumber(field, 'last', variables) ?? DEFAULT_CONNECTION_SIZE;
    own += Math.ceil(Math.max(0, size) / CONNECTION_ROWS_PER_STATEMENT);
  }
  const children = composite && field.selectionSet ? selectionCost(schema, type, field.selectionSet, fragments, variables, spreading) : 0;
  return own + children;
}

function argumentNumber(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((a) => a.name.value === name);
  const value = argument && valueOf(argument.value, variables);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
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
  return refuseBeforeRunning((args) => {
    const problem = check(args.document, args.variableValues as Record<string, unknown>);
    return problem ? refuse(problem) : undefined;
  });
}

/** How many items the list `argument.field` holds (a literal or a variable); 0 when unknown. */
function listLength(field: FieldNode, argumentName: string, fieldName: string, variables: Record<string, unknown>): number {
  const argument = field.arguments?.find((a) => a.name.value === argumentName)?.value;
  let list: unknown;
  if (argument?.kind === Kind.VARIABLE) list = (variables[argument.name.value] as Record<string, unknown> | undefined)?.[fieldName];
  else if (argument?.kind === Kind.OBJECT) {
    const value = argument.fields.find((f) => f.name.value === fieldName)?.value;
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) list = variables[value.name.value];
    else if (value) return 1;
  }
  return Array.isArray(list) ? list.length : list == null ? 0 : 1;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}
