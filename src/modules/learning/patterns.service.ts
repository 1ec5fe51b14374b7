// Reads of recurrence patterns (written by detection and escalation). No data-dependent rule:
// the root fields' `ops:read` is the whole permission.
import { NotFoundError } from '../../errors.js';
import type { Pattern, Prisma } from '../../generated/prisma/client.js';
import type { RequestType } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseRowId } from './ids.js';

export interface PatternFilter {
  srType?: RequestType | null;
  escalatedOnly?: boolean | null;
}

/** The planned Prisma selection of a list (connection) or a single row. */
type ListQuery = Omit<Prisma.PatternFindManyArgs, 'where' | 'orderBy'>;
type RowQuery = Pick<Prisma.PatternFindUniqueArgs, 'include' | 'select'>;

export function patternsWhere(filter: PatternFilter): Prisma.PatternWhereInput {
  return {
    ...(filter.srType ? { srType: filter.srType } : {}),
    ...(filter.escalatedOnly ? { escalated: true } : {}),
  };
}

/** Most occurrences first. */
export async function listPatterns(rt: Runtime, filter: PatternFilter, query: ListQuery = {}): Promise<Pattern[]> {
  return rt.db.pattern.findMany({ ...query, where: patternsWhere(filter), orderBy: [{ occurrenceCount: 'desc' }, { id: 'desc' }] });
}

export async function countPatterns(rt: Runtime, filter: PatternFilter): Promise<number> {
  return rt.db.pattern.count({ where: patternsWhere(filter) });
}

/** One pattern by its `ID` argument: BAD_USER_INPUT when malformed, NOT_FOUND when unknown. */
export async function getPattern(rt: Runtime, rawId: string, query: RowQuery = {}): Promise<Pattern> {
  const id = parseRowId(rawId, 'pattern');
  const pattern = await rt.db.pattern.findUnique({ ...query, where: { id } });
  if (!pattern) throw new NotFoundError('Pattern', id);
  return pattern;
}

/** The pattern a `pattern:escalated` event names, for its subscribers. */
export async function escalatedPattern(rt: Runtime, patternId: number, query: RowQuery = {}): Promise<Pattern> {
  return rt.db.pattern.findUniqueOrThrow({ ...query, where: { id: patternId } });
}
