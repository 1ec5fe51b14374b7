// Teams own categories of requests; the cycle assigns a new request to the least-loaded member of
// the team owning its category. Managed by ADMINs (the `admin:operate` permission of the GraphQL
// fields). Users belong to identity: a member is looked up through its service.
import { z } from 'zod';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Prisma, Team } from '../../generated/prisma/client.js';
import { Category } from '../../generated/prisma/enums.js';
import type { Role } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { findUser } from '../identity/users.service.js';

/** Who can take requests: the ops roles. */
export const ASSIGNABLE_ROLES: Role[] = ['ENGINEER', 'PM', 'ADMIN'];

const TeamInputSchema = z.object({
  name: requiredText(100),
  categories: z
    .array(z.enum(Category))
    .min(1, 'give at least one category')
    .transform((categories) => [...new Set(categories)]),
});

export type TeamInput = z.input<typeof TeamInputSchema>;

type FindManyQuery = Omit<Prisma.TeamFindManyArgs, 'where' | 'orderBy'>;
/** The GraphQL layer's planned selection (relations), spread into the final read. */
type ReadQuery = Omit<Prisma.TeamFindUniqueArgs, 'where'>;

/** Creates the team or replaces its categories. A category may belong to several teams: their members share it. */
export async function upsertTeam(rt: Runtime, rawInput: unknown, query: ReadQuery = {}): Promise<Team> {
  const input = parseInput(TeamInputSchema, rawInput ?? {}, 'input');
  return rt.db.team.upsert({
    ...query,
    where: { name: input.name },
    create: { name: input.name, categories: input.categories },
    update: { categories: input.categories },
  });
}

/** Adds a known ops user (they have signed in at least once) to a team; adding twice is a no-op. */
export async function addTeamMember(rt: Runtime, teamName: string, rawUsername: string, query: ReadQuery = {}): Promise<Team> {
  const name = teamName.trim();
  const username = rawUsername.trim();
  if (!username) throw new BadInputError('username', 'must not be empty');
  const team = await rt.db.team.findUnique({ where: { name } });
  if (!team) throw new NotFoundError('Team', name);
  const user = await findUser(rt, username);
  if (!user) throw new NotFoundError('User', username);
  if (!ASSIGNABLE_ROLES.includes(user.role)) {
    throw new BadInputError('username', `${username} is a ${user.role}; team members take requests, so they must be ENGINEER, PM or ADMIN`);
  }
  await rt.db.teamMember.createMany({ data: [{ teamId: team.id, username }], skipDuplicates: true });
  return rt.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
}

export async function listTeams(rt: Runtime, query: FindManyQuery = {}): Promise<Team[]> {
  return rt.db.team.findMany({ ...query, orderBy: { name: 'asc' } });
}

export async function countTeams(rt: Runtime): Promise<number> {
  return rt.db.team.count();
}

export interface AssignmentCandidate {
  username: string;
  /** The teams through which they own the category. */
  teams: string[];
}

/** Category → the assignable members of the teams owning it (each once, with their teams). */
export async function loadAssignmentRoster(rt: Runtime): Promise<Map<Category, AssignmentCandidate[]>> {
  const teams = await rt.db.team.findMany({
    select: { name: true, categories: true, members: { select: { username: true, user: { select: { role: true } } } } },
    orderBy: { name: 'asc' },
  });
  const roster = new Map<Category, Map<string, AssignmentCandidate>>();
  for (const team of teams) {
    for (const category of team.categories) {
      const members = roster.get(category) ?? new Map<string, AssignmentCandidate>();
      for (const member of team.members) {
        if (!ASSIGNABLE_ROLES.includes(member.user.role)) continue;
        const candidate = members.get(member.username) ?? { username: member.username, teams: [] };
        candidate.teams.push(team.name);
        members.set(member.username, candidate);
      }
      roster.set(category, members);
    }
  }
  return new Map([...roster].map(([category, members]) => [category, [...members.values()]]));
}
