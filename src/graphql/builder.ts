// The Pothos builder: plugins and their options only. Types live in src/modules/*/ *.graphql.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { can, type Permission } from '../auth/permissions.js';
import { BadInputError, ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Context } from './context.js';
import { decodeGlobalId, encodeGlobalId, NODE_ID_PREFIXES, resolveAuthorizedNode, resolveAuthorizedNodes, type DecodedGlobalId } from './global-ids.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    /** Any verified token. */
    authenticated: boolean;
    /** The viewer's role grants this permission (src/auth/permissions.ts). */
    permission: Permission;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    runScopesOnType: true,
    authScopes: (context) => ({
      authenticated: !!context.viewer,
      permission: (permission) => can(context.viewer?.role, permission),
    }),
    unauthorizedError: (_parent, context, info) =>
      context.viewer
        ? new ForbiddenError(`role ${context.viewer.role} may not access ${info.parentType.name}.${info.fieldName}`)
        : new UnauthenticatedError(),
  },
  prisma: {
    // Each server's own client, from the runtime the context carries.
    client: (context) => context.runtime.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Global ids are the public ids themselves (src/graphql/global-ids.ts).
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodeTypeOptions: { description: `An object with a public id (${NODE_ID_PREFIXES}): refetch it with \`node(id:)\`.` },
    idFieldOptions: { description: 'Public id, unique across types: its prefix names the type.' },
    nodeQueryOptions: {
      description:
        "One object by its public id, authorized exactly like the type's own query: FORBIDDEN (null) when the role may not read the type, NOT_FOUND (null) when no such object is visible (another requester's request), BAD_USER_INPUT for an id of no type.",
      authScopes: { authenticated: true },
      args: { id: { description: `A public id (${NODE_ID_PREFIXES}).` } },
      resolve: (_root, args, context, info, load) => resolveAuthorizedNode(args.id as DecodedGlobalId, context, info, () => load(args.id)),
    },
    nodesQueryOptions: {
      description:
        'Several objects by public id, in the order asked (at most 100): each refused or unknown id is null in place, with its error (FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) at nodes[i]. One statement per type.',
      authScopes: { authenticated: true },
      args: { ids: { description: `Public ids (${NODE_ID_PREFIXES}), at most 100.` } },
      resolve: (_root, args, context, info, load) => {
        if (args.ids.length > 100) throw new BadInputError('ids', 'at most 100 ids');
        return resolveAuthorizedNodes(args.ids as DecodedGlobalId[], context, info, 'ids', () => load(args.ids) as Promise<unknown[]>);
      },
    },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits (Relay cursor pagination).' },
    hasNextPageFieldOptions: { description: 'More items follow (page on with `after: endCursor`).' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page (page back with `before: startCursor`).' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page.' },
    cursorFieldOptions: { description: 'Opaque position of this item: pass it as `after` or `before`.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.' },
    pageInfoFieldOptions: { description: 'Where this page sits.' },
    firstArgOptions: { description: 'Page size from the start or `after` (default 20, at most 100).' },
    lastArgOptions: { description: 'Page size from the end or `before` (at most 100).' },
    afterArgOptions: { description: 'Items after this cursor (an `endCursor`).' },
    beforeArgOptions: { description: 'Items before this cursor (a `startCursor`).' },
    defaultConnectionTypeOptions: { description: 'A page of items (Relay connection): edges, pageInfo and totalCount.' },
    defaultEdgeTypeOptions: { description: 'One item of a page and its cursor.' },
  },
});
