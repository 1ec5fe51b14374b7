// The permission matrix of DESIGN.md "Identity and roles", in one place. Every GraphQL field and
// subscription names one of these permissions (see src/graphql/builder.ts, test/authz.test.ts).
import type { Role } from '../generated/prisma/enums.js';

export const ROLES = ['ADMIN', 'PM', 'ENGINEER', 'VIEWER', 'REQUESTER'] as const satisfies readonly Role[];

const OPS: Role[] = ['ADMIN', 'PM', 'ENGINEER'];
const READERS: Role[] = ['ADMIN', 'PM', 'ENGINEER', 'VIEWER'];

export const PERMISSIONS = {
  /** Read the approval queue, history, status and learning data. */
  'ops:read': READERS,
  /** Submit an autonomous action. */
  'action:submit': OPS,
  /** Approve or reject a HIGH risk action. */
  'action:decideHigh': OPS,
  /** Approve or reject a CRITICAL risk action. */
  'action:decideCritical': ['ADMIN'],
  /** Hand one's own approval authority to another ops user for a time window; read one's delegations. */
  'action:delegate': OPS,
  /** Extend the deadline of a pending action (never one's own). */
  'action:extend': ['ADMIN', 'PM'],
  /** Run the auto cycle now, calibrate all thresholds, mine lessons, manage teams and risk policies. */
  'admin:operate': ['ADMIN'],
  /** Learning writes: feedback, outcomes, calibrate one threshold, detect recurrence, verify lessons, confirm or reject probable causes. */
  'learning:write': OPS,
  /** Work on requests and knowledge: resolve requests, write and publish KB articles. */
  'itsm:write': OPS,
  /** Create a service request. */
  'request:create': ['ADMIN', 'PM', 'ENGINEER', 'REQUESTER'],
  /** Read every service request (REQUESTERs read their own only, checked in the service). */
  'request:readAll': READERS,
  /** Read service requests at all (own ones for REQUESTER). */
  'request:read': ['ADMIN', 'PM', 'ENGINEER', 'VIEWER', 'REQUESTER'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
