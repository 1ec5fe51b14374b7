// What the autoQueue resolver tells its service: the AutoAction columns the GraphQL selection reads
// (so the page selects only those), and the page's total for the connection's totalCount.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { AutoAction } from '../../generated/prisma/client.js';
import type { Context } from '../../graphql/context.js';

type Column = keyof AutoAction;

/** AutoAction fields that read exactly their own column (actions.graphql.ts); relations read none. */
const OWN_COLUMN = new Set<string>([
  'id', 'actionType', 'description', 'target', 'environment', 'targetCount', 'payload', 'riskLevel', 'riskFactors', 'policyVersion',
  'status', 'requestedBy', 'approvedBy', 'approvedAt', 'comment', 'result', 'createdAt', 'processedAt', 'expiresAt', 'cycleRunId',
  'contentHash', 'approvedOnBehalfOf', 'escalatedAt', 'extendedAt', 'extensionCount',
]);
/** Fields that read no column of the page's row (relations, and auditIntegrity which reads its own). */
const NO_COLUMN = new Set(['__typename', 'auditTrail', 'approvals', 'auditIntegrity']);

function collect(selectionSet: SelectionSetNode | undefined, path: string[], info: GraphQLResolveInfo, into: Set<string>): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (path.length === 0) into.add(selection.name.value);
      else if (selection.name.value === path[0]) collect(selection.selectionSet, path.slice(1), info, into);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, path, info, into);
    } else {
      collect(info.fragments[selection.name.value]?.selectionSet, path, info, into);
    }
  }
}

/** The columns the connection's nodes read; undefined (all columns) when a field reads others. */
export function selectedColumns(info: GraphQLResolveInfo): Column[] | undefined {
  const fields = new Set<string>();
  for (const node of info.fieldNodes) {
    collect(node.selectionSet, ['edges', 'node'], info, fields);
    collect(node.selectionSet, ['nodes'], info, fields);
  }
  const columns: Column[] = [];
  for (const field of fields) {
    if (OWN_COLUMN.has(field)) columns.push(field as Column);
    else if (!NO_COLUMN.has(field)) return undefined;
  }
  return columns;
}

const totals = new WeakMap<Context, Map<string, number>>();

/** Keeps the total a page read, for the totalCount of the same field in the same operation. */
export function rememberTotal(context: Context, status: string | null | undefined, total: number | null): void {
  if (total === null) return;
  let byStatus = totals.get(context);
  if (!byStatus) totals.set(context, (byStatus = new Map()));
  byStatus.set(status ?? '', total);
}

export function rememberedTotal(context: Context, status: string | null | undefined): number | undefined {
  return totals.get(context)?.get(status ?? '');
}
