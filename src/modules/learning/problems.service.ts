// Reads of problems (opened by escalation, see escalation.service.ts). No data-dependent rule: the
// root field's `ops:read` is the whole permission.
import type { Prisma, Problem } from '../../generated/prisma/client.js';
import type { ProblemStatus } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';

export interface ProblemFilter {
  status?: ProblemStatus | null;
}

type ListQuery = Omit<Prisma.ProblemFindManyArgs, 'where' | 'orderBy'>;

export function problemsWhere(filter: ProblemFilter): Prisma.ProblemWhereInput {
  return filter.status ? { status: filter.status } : {};
}

/** Newest first. */
export async function listProblems(rt: Runtime, filter: ProblemFilter, query: ListQuery = {}): Promise<Problem[]> {
  return rt.db.problem.findMany({ ...query, where: problemsWhere(filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countProblems(rt: Runtime, filter: ProblemFilter): Promise<number> {
  return rt.db.problem.count({ where: problemsWhere(filter) });
}
