// Lessons learned (mined in lesson-mining.service.ts): the pure rules that shape a lesson, its
// verification, reads, and the verified failure lessons the approvals' risk assessment consults.
//
// Confidence = E × k/(k+1) × (0.5 + 0.5 × min(1, occurrences / (2 × minOccurrences)))
//   E: mean effectiveness of the best solution (1 = the pattern never recurred after it);
//   k: checked applications of that solution (1 → ×0.5, 3 → ×0.75, 9 → ×0.9: evidence);
//   the last factor grows with how firmly the pattern recurs (0.5 at few occurrences, 1 at 2×min).
//
// Failure lessons feed risk: when the pattern is an INCIDENT whose keywords name an operation
// (deploy → DEPLOY, migration → DB_MIGRATION, patch → PATCH, config → CONFIG_CHANGE, restart →
// RESTART_SERVICE) and an environment (prod → PROD, stg → STG, dev → DEV), the lesson records
// actionType, environment and isFailure = true; otherwise they stay null / false.
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import type { Environment, Lesson, Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseRowId } from './ids.js';

/** A solution counts as effective from this mean score. */
export const EFFECTIVE_SCORE = 0.7;
/** Keyword → operation (AutoAction.actionType) that a failure lesson warns about. */
const OPERATIONS: Array<[string, string]> = [
  ['migration', 'DB_MIGRATION'],
  ['deploy', 'DEPLOY'],
  ['patch', 'PATCH'],
  ['restart', 'RESTART_SERVICE'],
  ['config', 'CONFIG_CHANGE'],
];
const ENVIRONMENTS: Array<[string, Environment]> = [
  ['prod', 'PROD'],
  ['stg', 'STG'],
  ['dev', 'DEV'],
];

/** Keyword → request category, for lessons of patterns whose requests are not in opsloop. */
const CATEGORY_HINTS: Array<[string, string]> = [
  ['db', 'DATABASE'], ['oracle', 'DATABASE'], ['mysql', 'DATABASE'], ['postgresql', 'DATABASE'], ['mssql', 'DATABASE'], ['query', 'DATABASE'], ['migration', 'DATABASE'],
  ['vpn', 'NETWORK'], ['network', 'NETWORK'], ['wifi', 'NETWORK'], ['dns', 'NETWORK'], ['dhcp', 'NETWORK'], ['ip', 'NETWORK'], ['router', 'NETWORK'], ['proxy', 'NETWORK'], ['load-balancer', 'NETWORK'],
  ['virus', 'SECURITY'], ['phishing', 'SECURITY'], ['firewall', 'SECURITY'], ['certificate', 'SECURITY'], ['ssl', 'SECURITY'], ['mfa', 'SECURITY'],
  ['password', 'ACCOUNT'], ['account', 'ACCOUNT'], ['login', 'ACCOUNT'], ['permission', 'ACCOUNT'], ['lock', 'ACCOUNT'], ['sso', 'ACCOUNT'], ['ad', 'ACCOUNT'],
  ['printer', 'HARDWARE'], ['laptop', 'HARDWARE'], ['pc', 'HARDWARE'], ['keyboard', 'HARDWARE'], ['mouse', 'HARDWARE'], ['screen', 'HARDWARE'], ['battery', 'HARDWARE'], ['phone', 'HARDWARE'],
  ['server', 'SERVER'], ['cpu', 'SERVER'], ['memory', 'SERVER'], ['disk', 'SERVER'], ['capacity', 'SERVER'], ['linux', 'SERVER'], ['container', 'SERVER'], ['kubernetes', 'SERVER'], ['restart', 'SERVER'],
  ['mail', 'APPLICATION'], ['app', 'APPLICATION'], ['web', 'APPLICATION'], ['erp', 'APPLICATION'], ['groupware', 'APPLICATION'], ['excel', 'APPLICATION'], ['outlook', 'APPLICATION'], ['nginx', 'APPLICATION'], ['deploy', 'APPLICATION'],
];

/** Pure: the operation and environment a failure lesson warns about, when the keywords name both. */
export function failureTarget(srType: string, keywords: readonly string[]): { actionType: string; environment: Environment } | null {
  if (srType !== 'INCIDENT') return null;
  const operation = OPERATIONS.find(([keyword]) => keywords.includes(keyword));
  const environment = ENVIRONMENTS.find(([keyword]) => keywords.includes(keyword));
  return operation && environment ? { actionType: operation[1], environment: environment[1] } : null;
}

/** Pure: see the file comment. */
export function lessonConfidence(meanEffectiveness: number, applications: number, occurrences: number, minOccurrences: number): number {
  const evidence = applications / (applications + 1);
  const recurrence = 0.5 + 0.5 * Math.min(1, occurrences / (2 * minOccurrences));
  return Math.round(meanEffectiveness * evidence * recurrence * 1000) / 1000;
}

/** Pure: the most frequent category hint among the keywords, else OTHER. */
export function categoryFromKeywords(keywords: readonly string[]): string {
  const votes = new Map<string, number>();
  keywords.forEach((keyword, index) => {
    for (const [hint, category] of CATEGORY_HINTS) {
      if (hint === keyword) votes.set(category, (votes.get(category) ?? 0) + (keywords.length - index));
    }
  });
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'OTHER';
}

type LessonQuery = Pick<Prisma.LessonFindUniqueArgs, 'include' | 'select'>;
type ListQuery = Omit<Prisma.LessonFindManyArgs, 'where' | 'orderBy'>;

/** An engineer vouches for a lesson (`learning:write` on the field); verified failure lessons raise the risk of that operation. */
export async function verifyLesson(rt: Runtime, actor: Viewer, rawId: string, query: LessonQuery = {}): Promise<Lesson> {
  // Its public id (LL-…, the Node id), or the row number older clients sent.
  const publicId = /^ll-/i.test(rawId.trim()) ? rawId.trim().toUpperCase() : null;
  const lesson = await rt.db.lesson.findUnique({ where: publicId ? { lessonId: publicId } : { id: parseRowId(rawId, 'lesson') }, select: { id: true, isVerified: true } });
  if (!lesson) throw new NotFoundError('Lesson', publicId ?? parseRowId(rawId, 'lesson'));
  const id = lesson.id;
  if (lesson.isVerified) return rt.db.lesson.findUniqueOrThrow({ ...query, where: { id } });
  const now = rt.clock.now();
  return rt.db.lesson.update({ ...query, where: { id }, data: { isVerified: true, verifiedBy: actor.username, verifiedAt: now, updatedAt: now } });
}

// ── reads (`ops:read` on the field; no data-dependent rule) ──

export interface LessonFilter {
  verifiedOnly?: boolean | null;
  category?: string | null;
}

export function lessonsWhere(filter: LessonFilter): Prisma.LessonWhereInput {
  return {
    ...(filter.verifiedOnly ? { isVerified: true } : {}),
    ...(filter.category ? { category: filter.category } : {}),
  };
}

/** Most confident first. */
export async function listLessons(rt: Runtime, filter: LessonFilter, query: ListQuery = {}): Promise<Lesson[]> {
  return rt.db.lesson.findMany({ ...query, where: lessonsWhere(filter), orderBy: [{ confidenceScore: 'desc' }, { id: 'asc' }] });
}

export async function countLessons(rt: Runtime, filter: LessonFilter): Promise<number> {
  return rt.db.lesson.count({ where: lessonsWhere(filter) });
}

// ── for approvals' risk assessment (Lesson is learning's table) ──

/** The newest verified failure lesson for this operation (any case) and environment, updated since `since`. */
export async function recentFailureLesson(
  client: Db | Prisma.TransactionClient,
  actionType: string,
  environment: Environment,
  since: Date,
): Promise<{ lessonId: string; title: string } | null> {
  return client.lesson.findFirst({
    where: { isVerified: true, isFailure: true, environment, actionType: { equals: actionType, mode: 'insensitive' }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
    select: { lessonId: true, title: true },
  });
}

/** Every verified failure lesson naming an operation and an environment, updated since `since`, newest first. */
export async function recentFailureLessons(
  client: Db | Prisma.TransactionClient,
  since: Date,
): Promise<Array<{ lessonId: string; title: string; actionType: string; environment: Environment }>> {
  const lessons = await client.lesson.findMany({
    where: { isVerified: true, isFailure: true, actionType: { not: null }, environment: { not: null }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
    select: { lessonId: true, title: true, actionType: true, environment: true },
  });
  return lessons.map((lesson) => ({ lessonId: lesson.lessonId, title: lesson.title, actionType: lesson.actionType!, environment: lesson.environment! }));
}
