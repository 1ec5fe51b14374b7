// Users are known from their tokens: each authenticated call records username, role and
// institution, so chat commands and assignment can find them. A short in-process cache keeps
// this to one write per user per minute instead of one per request.
import type { Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';

const RECORD_EVERY_MS = 60_000;
const recorded = new Map<string, { key: string; at: number }>();

export async function recordUser(viewer: Viewer): Promise<void> {
  const key = `${viewer.role}:${viewer.instId ?? ''}:${viewer.expiresAt}`;
  const seen = recorded.get(viewer.username);
  const now = Date.now();
  if (seen && seen.key === key && now - seen.at < RECORD_EVERY_MS) return;
  await db().user.upsert({
    where: { username: viewer.username },
    create: { username: viewer.username, role: viewer.role, instId: viewer.instId, tokenExpiresAt: new Date(viewer.expiresAt * 1000) },
    update: { role: viewer.role, instId: viewer.instId, lastSeenAt: new Date(), tokenExpiresAt: new Date(viewer.expiresAt * 1000) },
  });
  recorded.set(viewer.username, { key, at: now });
}

export async function findUser(username: string) {
  return db().user.findUnique({ where: { username } });
}
