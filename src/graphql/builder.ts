// The Pothos builder: plugins and their options only. Types live in src/modules/*/ *.graphql.ts.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { can, type Permission } from '../auth/permissions.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Context } from './context.js';

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
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});
