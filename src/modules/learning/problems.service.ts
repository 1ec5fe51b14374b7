// Reads of problems (written by recurrence escalation, see recurrence.service.ts).
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ProblemStatus } from '../../generated/prisma/enums.js';

export function problemsWhere(viewer: Viewer | null, filter: { status?: ProblemStatus | null }): Prisma.ProblemWhereInput {
  requirePermission(viewer, 'ops:read');
  return filter.status ? { status: filter.status } : {};
}
