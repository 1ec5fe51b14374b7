// The User type (people known from their tokens) and `me`.
import { builder } from '../../graphql/builder.js';
import { RoleEnum } from './roles.graphql.js';
import { viewerUser } from './users.service.js';

export const UserType = builder.prismaObject('User', {
  description: 'A person known from their tokens.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    username: t.exposeString('username', { description: 'Login name: the `sub` claim of their token.' }),
    role: t.expose('role', { type: RoleEnum, description: 'Role from their most recent token.' }),
    inst: t.exposeInt('instId', { nullable: true, description: 'Institution id (`inst` claim), if any.' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', description: 'Last authenticated call.' }),
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
