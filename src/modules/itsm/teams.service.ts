// Teams own categories of requests; the cycle assigns a new request to the least-loaded member of
// the team owning its category. Managed by ADMINs.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Prisma, Team } from '../../generated/prisma/client.js';
import { Category } from '../../generated/prisma/enums.js';
import type { Role } from '../../generated/prisma/enums.js';
import { parseInput, requiredText } from '../../validation.js';

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
export async function upsertTeam(viewer: Viewer | null, rawInput: unknown, query: ReadQuery = {}): Promise<Team> {
  requirePermission(viewer, 'admin:operate');
  const input = parseInput(TeamInputSchema, rawInput ?? {}, 'input');
  return db().team.upsert({
    ...query,
    where: { name: input.name },
    create: { name: input.name, categories: input.categories },
    update: { categories: input.categories },
  });
}

/** Adds a known ops user (they have signed in at least once) to a team; adding twice is a no-op. */
export async function addTeamMember(viewer: Viewer | null, teamName: string, rawUsername: string, query: ReadQuery = {}): Promise<Team> {
  requirePermission(viewer, 'admin:operate');
  const name = teamName.trim();
  const username = rawUsername.trim();
  if (!username) throw new BadInputError('username', 'must not be empty');
  const team = await db().team.findUnique({ where: { name } });
  if (!team) throw new NotFoundError('Team', name);
  const user = await db().user.findUnique({ where: { username } });
  if (!user) throw new NotFoundError('User', username);
  if (!ASSIGNABLE_ROLES.includes(user.role)) {
    throw new BadInputError('username', `${username} is a ${user.role}; team members take requests, so they must be ENGINEER, PM or ADMIN`);
  }
  await db().teamMember.createMany({ data: [{ teamId: team.id, username }], skipDuplicates: true });
  return db().team.findUniqueOrThrow({ ...query, where: { id: team.id } });
}


export async function listTeams(viewer: Viewer | null, query: FindManyQuery = {}): Promise<Team[]> {
  requirePermission(viewer, 'ops:read');
  return db().team.findMany({ ...query, orderBy: { name: 'asc' } });
}

export async function countTeams(viewer: Viewer | null): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().team.count();
}
