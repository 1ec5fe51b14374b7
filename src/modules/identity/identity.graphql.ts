// The User type (people known from their tokens) and `me`.
import { can } from '../../auth/permissions.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { contextLoader } from '../../graphql/loaders.js';
import { RoleEnum } from './roles.graphql.js';
import { usersByUsername, viewerUser, visibleUserWhere } from './users.service.js';

/** Users by username, one statement per batch: for the fields that show a User beside a username. */
export function userLoader(context: Context) {
  return contextLoader(context, 'identity:users', (usernames) => usersByUsername(context.runtime, usernames), (user) => user.username);
}

/** Anyone reads their own details; ops roles and VIEWERs everyone's (a REQUESTER sees only the name and role of their assignee). */
const selfOrOpsReader = (user: { username: string }, _args: unknown, context: Context) =>
  context.viewer?.username === user.username || can(context.viewer?.role, 'ops:read');

export const UserType = builder.prismaNode('User', {
  description: 'A person known from their tokens.',
  authScopes: { authenticated: true },
  id: { field: 'username', description: 'USR-<username> (its Node id).' },
  // node(id:) answers anyone themselves, and ops roles and VIEWERs everyone (Team.members).
  findUnique: (username, context) => visibleUserWhere(context.viewer, username),
  nullable: true,
  fields: (t) => ({
    username: t.exposeString('username', { description: 'Login name: the `sub` claim of their token.' }),
    role: t.expose('role', { type: RoleEnum, description: 'Role from their most recent token.' }),
    inst: t.exposeInt('instId', { nullable: true, authScopes: selfOrOpsReader, description: 'Institution id (`inst` claim), if any. Yourself, or ops roles and VIEWERs.' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true, authScopes: selfOrOpsReader, description: 'Last authenticated call. Yourself, or ops roles and VIEWERs (else null with FORBIDDEN).' }),
  }),
});

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'User',
    description: 'The caller, as their token describes them.',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, context) => viewerUser(context.runtime, context.viewer!, query),
  }),
);
