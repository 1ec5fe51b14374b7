// Team: type, query teams, mutations upsertTeam / addTeamMember (ADMIN).
import { builder } from '../../graphql/builder.js';
import { UserType } from '../identity/identity.graphql.js';
import { CategoryEnum } from './enums.graphql.js';
import { addTeamMember, countTeams, listTeams, upsertTeam } from './teams.service.js';

export const TeamType = builder.prismaObject('Team', {
  description: 'An ops team; it owns categories of requests, which the cycle assigns to its members.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Team id.' }),
    name: t.exposeString('name'),
    categories: t.expose('categories', { type: [CategoryEnum] }),
    members: t.field({
      type: [UserType],
      description: 'Engineers who take this team’s requests.',
      select: { members: { select: { user: true }, orderBy: { username: 'asc' } } },
      resolve: (team) => team.members.map((member) => member.user),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const TeamInput = builder.inputType('TeamInput', {
  description: 'A team by name and the categories it owns (replaced as a whole).',
  fields: (t) => ({
    name: t.string({ required: true }),
    categories: t.field({ type: [CategoryEnum], required: true }),
  }),
});

builder.queryField('teams', (t) =>
  t.prismaConnection({
    type: 'Team',
    cursor: 'id',
    description: 'Teams by name.',
    authScopes: { permission: 'ops:read' },
    totalCount: (_connection, _args, context) => countTeams(context.runtime),
    resolve: (query, _root, _args, context) => listTeams(context.runtime, query),
  }),
);

builder.mutationField('upsertTeam', (t) =>
  t.prismaField({
    type: 'Team',
    description: 'ADMIN: creates a team or replaces the categories it owns.',
    authScopes: { permission: 'admin:operate' },
    args: { input: t.arg({ type: TeamInput, required: true }) },
    resolve: (query, _root, args, context) => upsertTeam(context.runtime, args.input, query),
  }),
);

builder.mutationField('addTeamMember', (t) =>
  t.prismaField({
    type: 'Team',
    description: 'ADMIN: adds a known ops user (signed in at least once) to a team by name.',
    authScopes: { permission: 'admin:operate' },
    args: { team: t.arg.string({ required: true }), username: t.arg.string({ required: true }) },
    resolve: (query, _root, args, context) => addTeamMember(context.runtime, args.team, args.username, query),
  }),
);
