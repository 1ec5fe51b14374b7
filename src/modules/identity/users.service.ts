// Users are known from their tokens: each authenticated call records username, role and
// institution, so chat commands and assignment can find them. A short cache keeps this to one
// write per user per minute instead of one per request; it belongs to the runtime, so two servers
// in one process each record into their own database.
import type { Prisma, User } from '../../generated/prisma/client.js';
import { can } from '../../auth/permissions.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Runtime } from '../../runtime.js';

const RECORD_EVERY_MS = 60_000;
const recordedByRuntime = new WeakMap<Runtime, Map<string, { key: string; at: number }>>();

function recordedIn(rt: Runtime): Map<string, { key: string; at: number }> {
  let recorded = recordedByRuntime.get(rt);
  if (!recorded) recordedByRuntime.set(rt, (recorded = new Map()));
  return recorded;
}

/**
 * Records the caller. Role, institution and token expiry follow the newest-ISSUED token (iat), not
 * the most recently used one: presenting an old ADMIN token after a downgrade does not restore
 * ADMIN for chat-ops. A token without iat counts as issued at its earliest possible moment.
 */
export async function recordUser(rt: Runtime, viewer: Viewer): Promise<void> {
  const recorded = recordedIn(rt);
  const key = `${viewer.role}:${viewer.instId ?? ''}:${viewer.expiresAt}:${viewer.issuedAt ?? ''}`;
  const seen = recorded.get(viewer.username);
  const now = rt.clock.now();
  if (seen && seen.key === key && now.getTime() - seen.at < RECORD_EVERY_MS) return;
  const tokenExpiresAt = new Date(viewer.expiresAt * 1000);
  const tokenIssuedAt = new Date((viewer.issuedAt ?? 0) * 1000);
  const identity = { role: viewer.role, instId: viewer.instId, tokenExpiresAt, tokenIssuedAt };
  // Conditional update: of two tokens, the newer-issued one wins (one statement in the usual case).
  const { count } = await rt.db.user.updateMany({
    where: { username: viewer.username, OR: [{ tokenIssuedAt: null }, { tokenIssuedAt: { lte: tokenIssuedAt } }] },
    data: { ...identity, lastSeenAt: now },
  });
  if (count === 0) {
    // A new user, or an older token than the one recorded: only the sighting is recorded.
    await rt.db.user.upsert({
      where: { username: viewer.username },
      create: { username: viewer.username, ...identity, createdAt: now, lastSeenAt: now },
      update: { lastSeenAt: now },
    });
  }
  recorded.set(viewer.username, { key, at: now.getTime() });
}

export async function findUser(rt: Runtime, username: string): Promise<User | null> {
  return rt.db.user.findUnique({ where: { username } });
}

/** The viewer's own user row, read with the planned `query` (recorded by authentication). */
export async function viewerUser(rt: Runtime, viewer: Viewer, query: Omit<Prisma.UserFindUniqueOrThrowArgs, 'where'> = {}): Promise<User> {
  return rt.db.user.findUniqueOrThrow({ ...query, where: { username: viewer.username } });
}

// ─── for the graph: User objects beside usernames, and node(id: "USR-…") ───

/**
 * The unique where of a user this viewer may read: themselves, or anyone for ops roles and
 * VIEWERs (who see teams). Anyone else's is a where that matches nothing (NOT_FOUND, not leaked).
 */
export function visibleUserWhere(viewer: Viewer | null, username: string): Prisma.UserWhereUniqueInput {
  if (viewer && (viewer.username === username || can(viewer.role, 'ops:read'))) return { username };
  return { username, id: -1 };
}

/** The users of these usernames, in one statement (usernames never recorded are missing). */
export async function usersByUsername(rt: Runtime, usernames: readonly string[], select?: Prisma.UserSelect): Promise<User[]> {
  return rt.db.user.findMany({ where: { username: { in: [...usernames] } }, ...(select ? { select: { ...select, username: true } } : {}) }) as Promise<User[]>;
}

/** Usernames of the users whose recorded role is one of `roles`, alphabetically, at most `limit` (escalation messages name them). */
export async function usernamesWithRoles(rt: Runtime, roles: readonly User['role'][], limit = 50): Promise<string[]> {
  const users = await rt.db.user.findMany({ where: { role: { in: [...roles] } }, orderBy: { username: 'asc' }, take: limit, select: { username: true } });
  return users.map((user) => user.username);
}
