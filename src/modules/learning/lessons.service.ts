// Lessons learned, mined from recurring patterns whose applied solutions proved effective.
//
// A pattern qualifies when it was seen within `daysBack` days, has at least `minOccurrences`
// occurrences, and at least one checked feedback on it scored ≥ 0.7 (its best solution's mean).
// Confidence = E × k/(k+1) × (0.5 + 0.5 × min(1, occurrences / (2 × minOccurrences)))
//   E: mean effectiveness of the best solution (1 = the pattern never recurred after it);
//   k: checked applications of that solution (1 → ×0.5, 3 → ×0.75, 9 → ×0.9: evidence);
//   the last factor grows with how firmly the pattern recurs (0.5 at few occurrences, 1 at 2×min).
// Mining twice updates the pattern's lesson (Lesson.patternId is unique) and keeps its verification.
//
// Failure lessons feed risk: when the pattern is an INCIDENT whose keywords name an operation
// (deploy → DEPLOY, migration → DB_MIGRATION, patch → PATCH, config → CONFIG_CHANGE, restart →
// RESTART_SERVICE) and an environment (prod → PROD, stg → STG, dev → DEV), the lesson records
// actionType, environment and isFailure = true; otherwise they stay null / false.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { Environment, Prisma } from '../../generated/prisma/client.js';
import type { Lesson, Pattern, Problem } from '../../generated/prisma/client.js';
import { parseInput } from '../../validation.js';
import { parseRowId } from './ids.js';

/** A solution counts as effective from this mean score. */
export const EFFECTIVE_SCORE = 0.7;
const DAY_MS = 86_400_000;
const BATCH = 200;

const MineSchema = z.object({
  daysBack: z.number().int().min(1, 'must be at least 1').max(3650),
  minOccurrences: z.number().int().min(2, 'must be at least 2').max(10_000),
});

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

interface Solution {
  key: string;
  kbId: string | null;
  kbDocId: string | null;
  mean: number;
  applications: number;
}

type MinedPattern = Pattern & { problem: Problem | null; feedbacks: Array<{ kbId: string | null; kbDocId: string | null; effectivenessScore: number | null }> };

function bestSolution(pattern: MinedPattern): Solution | null {
  const groups = new Map<string, Solution & { total: number }>();
  for (const feedback of pattern.feedbacks) {
    if (feedback.effectivenessScore === null) continue;
    const key = feedback.kbId ?? feedback.kbDocId ?? '?';
    const group = groups.get(key) ?? { key, kbId: feedback.kbId, kbDocId: feedback.kbDocId, mean: 0, applications: 0, total: 0 };
    group.applications++;
    group.total += feedback.effectivenessScore;
    group.mean = group.total / group.applications;
    groups.set(key, group);
  }
  const best = [...groups.values()].sort((a, b) => b.mean - a.mean || b.applications - a.applications)[0];
  return best && best.mean >= EFFECTIVE_SCORE ? best : null;
}

async function lessonFor(pattern: MinedPattern, solution: Solution, minOccurrences: number) {
  const [article, requests] = await Promise.all([
    solution.kbId ? db().kbArticle.findUnique({ where: { id: solution.kbId }, select: { id: true, title: true, body: true } }) : null,
    db().serviceRequest.findMany({
      where: { id: { in: pattern.srIds.slice(-20) } },
      select: { title: true, category: true, resolution: true },
      orderBy: { createdAt: 'desc' },
    }),
  ]);
  const categoryCounts = new Map<string, number>();
  for (const request of requests) if (request.category) categoryCounts.set(request.category, (categoryCounts.get(request.category) ?? 0) + 1);
  const category = [...categoryCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? categoryFromKeywords(pattern.keywords);
  const sample = requests[0]?.title;
  const failure = failureTarget(pattern.srType, pattern.keywords);
  const solutionName = article ? `${article.id} «${article.title}»` : `document ${solution.kbDocId ?? solution.key}`;
  const resolution = requests.find((request) => request.resolution)?.resolution;
  return {
    title: (sample ? `${sample}` : `Recurring ${pattern.srType.toLowerCase()}: ${pattern.keywordSignature}`).slice(0, 300),
    category,
    problemPattern:
      `${pattern.occurrenceCount} ${pattern.srType.toLowerCase()} requests${pattern.instId === null ? '' : ` of institution ${pattern.instId}`} ` +
      `with keywords ${pattern.keywords.join(', ')}` + (sample ? ` (e.g. "${sample}")` : ''),
    rootCause: pattern.problem ? `${pattern.problem.id}: ${pattern.problem.title} (${pattern.problem.status.toLowerCase()})` : (resolution ?? null),
    effectiveSolution:
      `Apply ${solutionName}: mean effectiveness ${solution.mean.toFixed(2)} over ${solution.applications} checked application(s)` +
      (article ? `. ${article.body.slice(0, 500)}` : ''),
    prevention:
      (failure ? `Extra care before ${failure.actionType} in ${failure.environment}: this failure recurred. ` : '') +
      (pattern.techKeywords.length > 0 ? `Monitor ${pattern.techKeywords.join(', ')}; ` : '') +
      (pattern.problem ? `fix the cause through ${pattern.problem.id}.` : 'open a problem if it keeps recurring.'),
    confidenceScore: lessonConfidence(solution.mean, solution.applications, pattern.occurrenceCount, minOccurrences),
    actionType: failure?.actionType ?? null,
    environment: failure?.environment ?? null,
    isFailure: failure !== null,
  };
}

/** Lessons a mining run returns (its counts stay true; the `lessons` query lists them all). */
export const MINED_LESSONS_LISTED = 100;

export interface MineResult {
  examined: number;
  created: number;
  updated: number;
  /** The first MINED_LESSONS_LISTED lessons created or updated, in pattern order. */
  lessons: Lesson[];
}

/** The mining run (also for a job): patterns in batches, one upsert per qualifying pattern. */
export async function mineLessonsNow(daysBack: number, minOccurrences: number): Promise<MineResult> {
  const since = new Date(Date.now() - daysBack * DAY_MS);
  const result: MineResult = { examined: 0, created: 0, updated: 0, lessons: [] };
  let afterId = 0;
  for (;;) {
    const patterns: MinedPattern[] = await db().pattern.findMany({
      where: {
        id: { gt: afterId },
        lastSeenAt: { gte: since },
        occurrenceCount: { gte: minOccurrences },
        feedbacks: { some: { checkedAt: { not: null }, effectivenessScore: { gte: EFFECTIVE_SCORE } } },
      },
      include: {
        problem: true,
        feedbacks: { where: { checkedAt: { not: null } }, select: { kbId: true, kbDocId: true, effectivenessScore: true } },
      },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    for (const pattern of patterns) {
      result.examined++;
      const solution = bestSolution(pattern);
      if (!solution) continue;
      const fields = await lessonFor(pattern, solution, minOccurrences);
      const existing = await db().lesson.findUnique({ where: { patternId: pattern.id }, select: { id: true } });
      const lesson = await db().lesson.upsert({
        where: { patternId: pattern.id },
        create: { lessonId: publicId('LL'), patternId: pattern.id, ...fields },
        update: fields,
      });
      if (existing) result.updated++;
      else result.created++;
      if (result.lessons.length < MINED_LESSONS_LISTED) result.lessons.push(lesson);
    }
    if (patterns.length < BATCH) return result;
    afterId = patterns[patterns.length - 1]!.id;
  }
}

export async function mineLessons(viewer: Viewer | null, raw: { daysBack?: number | null; minOccurrences?: number | null }): Promise<MineResult> {
  requirePermission(viewer, 'admin:operate');
  const input = parseInput(MineSchema, { daysBack: raw.daysBack ?? 30, minOccurrences: raw.minOccurrences ?? 3 }, 'args');
  return mineLessonsNow(input.daysBack, input.minOccurrences);
}

/** An engineer vouches for a lesson (verified failure lessons raise the risk of that operation). */
export async function verifyLesson(viewer: Viewer | null, rawId: string): Promise<Lesson> {
  const actor = requirePermission(viewer, 'learning:write');
  const id = parseRowId(rawId, 'lesson');
  const lesson = await db().lesson.findUnique({ where: { id }, select: { id: true, isVerified: true } });
  if (!lesson) throw new NotFoundError('Lesson', id);
  if (lesson.isVerified) return db().lesson.findUniqueOrThrow({ where: { id } });
  return db().lesson.update({ where: { id }, data: { isVerified: true, verifiedBy: actor.username, verifiedAt: new Date() } });
}

export function lessonsWhere(viewer: Viewer | null, filter: { verifiedOnly?: boolean | null; category?: string | null }): Prisma.LessonWhereInput {
  requirePermission(viewer, 'ops:read');
  return {
    ...(filter.verifiedOnly ? { isVerified: true } : {}),
    ...(filter.category ? { category: filter.category } : {}),
  };
}
