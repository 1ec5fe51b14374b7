// Team: type, query teams, mutations upsertTeam / addTeamMember (ADMIN).
import { builder } from '../../graphql/builder.js';
import { UserType } from '../identity/identity.graphql.js';
import { CategoryEnum } from './enums.graphql.js';
import { addTeamMember, countTeams, listTeams, upsertTeam } from './teams.service.js';

export const TeamType = builder.prismaNode('Team', {
  description: 'An ops team; it owns categories of requests, which the cycle assigns to its members.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'TEAM-<number> (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique team name.' }),
    categories: t.expose('categories', { type: [CategoryEnum], description: 'The request categories this team takes.' }),
    members: t.field({
      type: [UserType],
      description: 'Engineers who take this team’s requests.',
      select: { members: { select: { user: true }, orderBy: { username: 'asc' } } },
      resolve: (team) => team.members.map((member) => member.user),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

const TeamInput = builder.inputType('TeamInput', {
  description: 'A team by name and the categories it owns (replaced as a whole).',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The team name (created when new).' }),
    categories: t.field({ type: [CategoryEnum], required: true, description: 'Every category it owns (replaces the old list).' }),
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
    description: 'ADMIN: creates a team or replaces the categories it owns. Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN), BAD_USER_INPUT (empty name).',
    authScopes: { permission: 'admin:operate' },
    args: { input: t.arg({ type: TeamInput, required: true, description: 'The team.' }) },
    resolve: (query, _root, args, context) => upsertTeam(context.runtime, args.input, query),
  }),
);

builder.mutationField('addTeamMember', (t) =>
  t.prismaField({
    type: 'Team',
    description:
      'ADMIN: adds a known ops user (signed in at least once) to a team by name. Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN), NOT_FOUND (team or user), BAD_USER_INPUT (not an ops role).',
    authScopes: { permission: 'admin:operate' },
    args: {
      team: t.arg.string({ required: true, description: 'The team name.' }),
      username: t.arg.string({ required: true, description: 'The user to add.' }),
    },
    resolve: (query, _root, args, context) => addTeamMember(context.runtime, args.team, args.username, query),
  }),
);
