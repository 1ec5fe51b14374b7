// What the checks before execution need to know about an operation that depends on its document
// alone — its root fields, any NUL in its literals, its page-size arguments, its SQL cost model —
// worked out once per (schema, document, operation name) and kept with the document. Yoga's parse
// cache hands the same DocumentNode to every request sending the same text, so a repeated
// operation is walked once, not four times per request (guard, page sizes, SQL cost, rate limit).
import {
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
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * What a field costs in SQL statements, keyed "Type.field", measured with test/helpers/sql-cost.ts
 * (test/hardening.test.ts checks the expensive ones against real SQL). Fields not listed: 1 when
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
  // A review reads the request and its pattern, then upserts the verdict.
  'Mutation.confirmRecurrence': 4,
  'Mutation.rejectRecurrence': 4,
  'Mutation.reportMissedRecurrence': 4,
  'Mutation.runAutoCycle': 2,
  // The actions and their trails, batched per operation (approval-workflow.graphql.ts).
  'AutoAction.auditIntegrity': 2,
  // Change analysis: similar actions and the troubles after them (src/modules/changes).
  'Query.impactAnalysis': 4,
  'Mutation.confirmProbableCause': 10,
  'Mutation.rejectProbableCause': 10,
  // A connection's totalCount is a COUNT(*) of its own.
  'LearningQualityDetectorsConnection.totalCount': 1,
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
 * Fields resolved once per parent row, not batched (each reads statements of its own): their
 * weight counts once per row of the enclosing connections' pages, so a page of 20 problems with
 * their probable causes is estimated at 20 rankings.
 */
const PER_ROW_FIELD_COSTS: Readonly<Record<string, number>> = {
  // The subject, its candidates, their history and the troubles after it (src/modules/changes).
  'Problem.probableCauses': 8,
  'Incident.probableCauses': 7,
};

/**
 * Fields whose cost grows with a list argument (`input.ids`): this much per item on top of their own
 * cost. A bulk decision item runs its own short transaction (about eight statements); its weight is
 * set so the largest bulk (100 items) with a full result selection stays under maxSqlCost, which
 * here bounds the items of one operation rather than their statements.
 */
const ITEM_COSTS: Readonly<Record<string, { argument: string; field: string; perItem: number }>> = {
  'Mutation.decideActions': { argument: 'input', field: 'ids', perItem: 1.5 },
};

const CONNECTION_ROWS_PER_STATEMENT = 50;
const DEFAULT_CONNECTION_SIZE = 20;

export type Variables = Record<string, unknown> | null | undefined;

export interface OperationAnalysis {
  /** Null when the document has no such operation (graphql-js reports it). */
  operation: OperationDefinitionNode | null;
  /** Root field names, fragments expanded, in document order. */
  rootFields: string[];
  /** Where a literal holds a NUL character (an argument, or `$name` for a variable default). */
  nulLiteral: string | undefined;
  /** Every `first`/`last` argument of the document, literal or variable. */
  pageArguments: Array<{ name: string; value: ValueNode }>;
  /** Estimated SQL statements with these variables (the page sizes may be variables). */
  sqlCost(variables: Variables): number;
}

const analyses = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationAnalysis>>>();

export function analyzeOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationAnalysis {
  let byDocument = analyses.get(schema);
  if (!byDocument) analyses.set(schema, (byDocument = new WeakMap()));
  let byName = byDocument.get(document);
  if (!byName) byDocument.set(document, (byName = new Map()));
  const key = operationName ?? '';
  let analysis = byName.get(key);
  if (!analysis) byName.set(key, (analysis = analyze(schema, document, operationName)));
  return analysis;
}

function analyze(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationAnalysis {
  const operation = getOperationAST(document, operationName) ?? null;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const { nulLiteral, pageArguments } = literalsOf(document);
  const root = operation && schema.getRootType(operation.operation);
  const cost = root ? selectionCostNodes(schema, root, operation.selectionSet, fragments, new Set()) : [];
  return {
    operation,
    rootFields: operation ? rootFieldNames(operation.selectionSet, fragments) : [],
    nulLiteral,
    pageArguments,
    sqlCost: (variables) => evaluateCost(cost, variables ?? {}, 1),
  };
}

function rootFieldNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...rootFieldNames(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) names.push(...rootFieldNames(fragment.selectionSet, fragments, seen));
    }
  }
  return names;
}

/** Every string written in the document (arguments, variable defaults, object keys), and the page sizes. */
function literalsOf(document: DocumentNode): Pick<OperationAnalysis, 'nulLiteral' | 'pageArguments'> {
  let nulLiteral: string | undefined;
  const pageArguments: OperationAnalysis['pageArguments'] = [];
  visit(document, {
    Argument(node) {
      if (!nulLiteral && containsNul(node.value)) nulLiteral = node.name.value;
      if (node.name.value === 'first' || node.name.value === 'last') pageArguments.push({ name: node.name.value, value: node.value });
    },
    VariableDefinition(node) {
      if (!nulLiteral && node.defaultValue && containsNul(node.defaultValue)) nulLiteral = `$${node.variable.name.value}`;
    },
  });
  return { nulLiteral, pageArguments };
}

function containsNul(node: ValueNode): boolean {
  let found = false;
  visit(node, {
    StringValue(value) {
      if (value.value.includes('\u0000')) found = true;
    },
    ObjectField(field) {
      if (field.name.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/** An integer literal, or a variable's value. */
export function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

/**
 * The cost model of a selection, resolved against the schema once: what each field costs on its
 * own, per row of the pages around it, and which connections' page sizes (literal or variable)
 * multiply the rows below them.
 */
interface CostNode {
  fixed: number;
  perRow: number;
  /** A connection field: one statement per CONNECTION_ROWS_PER_STATEMENT rows of its page. */
  page?: FieldNode;
  /** A field whose list argument adds a cost per item (ITEM_COSTS). */
  items?: { field: FieldNode; argument: string; list: string; perItem: number };
  children: CostNode[];
}

function selectionCostNodes(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  spreading: Set<string>,
): CostNode[] {
  const nodes: CostNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const node = fieldCostNode(schema, parent, selection, fragments, spreading);
      if (node) nodes.push(node);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
    if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && spreading.has(selection.name.value))) continue;
    const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
    if (!type || !isCompositeType(type)) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) spreading.add(selection.name.value);
    nodes.push(...selectionCostNodes(schema, type, fragment.selectionSet, fragments, spreading));
    if (selection.kind === Kind.FRAGMENT_SPREAD) spreading.delete(selection.name.value);
  }
  return nodes;
}

function fieldCostNode(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  spreading: Set<string>,
): CostNode | undefined {
  const name = field.name.value;
  if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  const definition = parent.getFields()[name];
  if (!definition) return undefined;
  const type = getNamedType(definition.type);
  const composite = isCompositeType(type);
  const wrapper = /(Connection|Edge)$/.test(parent.name);
  const key = `${parent.name}.${name}`;
  const perRow = PER_ROW_FIELD_COSTS[key];
  const items = ITEM_COSTS[key];
  return {
    items: items && { field, argument: items.argument, list: items.field, perItem: items.perItem },
    fixed: perRow !== undefined ? 0 : (FIELD_COSTS[key] ?? (composite && !wrapper ? 1 : 0)),
    perRow: perRow ?? 0,
    page: type.name.endsWith('Connection') ? field : undefined,
    children: composite && field.selectionSet ? selectionCostNodes(schema, type, field.selectionSet, fragments, spreading) : [],
  };
}

function evaluateCost(nodes: CostNode[], variables: Record<string, unknown>, rows: number): number {
  let total = 0;
  for (const node of nodes) {
    total += node.fixed + node.perRow * rows;
    if (node.items) total += Math.ceil(node.items.perItem * listLength(node.items.field, node.items.argument, node.items.list, variables));
    let childRows = rows;
    if (node.page) {
      const size = Math.max(0, pageSize(node.page, 'first', variables) ?? pageSize(node.page, 'last', variables) ?? DEFAULT_CONNECTION_SIZE);
      total += Math.ceil(size / CONNECTION_ROWS_PER_STATEMENT);
      childRows = rows * size;
    }
    total += evaluateCost(node.children, variables, childRows);
  }
  return total;
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

function pageSize(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((a) => a.name.value === name);
  const value = argument && argumentValue(argument.value, variables);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
