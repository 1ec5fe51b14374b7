import type { Role } from '../generated/prisma/enums.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { can, type Permission } from './permissions.js';

/** The actor recorded on what the auto-processing cycle does: no person acts, and learning tells its answers by it. */
export const AUTO_CYCLE_ACTOR = 'system:auto-cycle';

/** The authenticated caller, from a verified token. */
export interface Viewer {
  username: string;
  role: Role;
  instId: number | null;
  /** Token expiry, epoch seconds. */
  expiresAt: number;
  /** Token issue time, epoch seconds (chat-ops follows the newest issued token). */
  issuedAt?: number;
}

/** Services call this: throws UNAUTHENTICATED / FORBIDDEN unless the viewer holds the permission. */
export function requirePermission(viewer: Viewer | null, permission: Permission): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  if (!can(viewer.role, permission)) {
    throw new ForbiddenError(`role ${viewer.role} may not do this (needs ${permission})`, { permission });
  }
  return viewer;
}
