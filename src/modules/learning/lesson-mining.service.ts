// Mining lessons from recurring patterns whose applied solutions proved effective (the rules of a
// lesson are in lessons.service.ts).
//
// A pattern qualifies when it was seen within `daysBack` days, has at least `minOccurrences`
// occurrences, and at least one checked feedback on it scored ≥ 0.7 (its best solution's mean).
// Mining twice updates the pattern's lesson (Lesson.patternId is unique) and keeps its verification.
import { z } from 'zod';
import { publicId } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { Lesson, Pattern, Problem } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseInput } from '../../validation.js';
import { getKbArticle } from '../itsm/kb.service.js';
import { requestSummaries } from '../itsm/service-requests.service.js';
import { categoryFromKeywords, EFFECTIVE_SCORE, failureTarget, lessonConfidence } from './lessons.service.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

const MineSchema = z.object({
  daysBack: z.number().int().min(1, 'must be at least 1').max(3650),
  minOccurrences: z.number().int().min(2, 'must be at least 2').max(10_000),
});

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

interface ArticleText {
  id: string;
  title: string;
  body: string;
}

interface RequestText {
  title: string;
  category: string | null;
  resolution: string | null;
}

/** The applied article's text; null when it is gone (the lesson then names the document id). */
async function articleText(rt: Runtime, kbId: string | null): Promise<ArticleText | null> {
  if (!kbId) return null;
  return getKbArticle(rt, kbId, { select: { id: true, title: true, body: true } }).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
}

/** Pure: the lesson's fields from the pattern, its best solution and what the requests and article say. */
function lessonFields(pattern: MinedPattern, solution: Solution, minOccurrences: number, article: ArticleText | null, requests: RequestText[]) {
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

/** Creates or refreshes the pattern's lesson; true when it was new. */
async function upsertLesson(rt: Runtime, pattern: MinedPattern, solution: Solution, minOccurrences: number): Promise<{ lesson: Lesson; created: boolean }> {
  const [article, requests] = await Promise.all([articleText(rt, solution.kbId), requestSummaries(rt, pattern.srIds.slice(-20))]);
  const fields = { ...lessonFields(pattern, solution, minOccurrences, article, requests), updatedAt: rt.clock.now() };
  const existing = await rt.db.lesson.findUnique({ where: { patternId: pattern.id }, select: { id: true } });
  const lesson = await rt.db.lesson.upsert({
    where: { patternId: pattern.id },
    create: { lessonId: publicId('LL'), patternId: pattern.id, createdAt: fields.updatedAt, ...fields },
    update: fields,
  });
  return { lesson, created: !existing };
}

/** The mining run: patterns in batches, one upsert per qualifying pattern. */
export async function mineLessonsNow(rt: Runtime, daysBack: number, minOccurrences: number): Promise<MineResult> {
  const since = new Date(rt.clock.now().getTime() - daysBack * DAY_MS);
  const result: MineResult = { examined: 0, created: 0, updated: 0, lessons: [] };
  let afterId = 0;
  for (;;) {
    const patterns: MinedPattern[] = await rt.db.pattern.findMany({
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
      const { lesson, created } = await upsertLesson(rt, pattern, solution, minOccurrences);
      if (created) result.created++;
      else result.updated++;
      if (result.lessons.length < MINED_LESSONS_LISTED) result.lessons.push(lesson);
    }
    if (patterns.length < BATCH) return result;
    afterId = patterns[patterns.length - 1]!.id;
  }
}

/** GraphQL `mineLessons` (`admin:operate` on the field). */
export async function mineLessons(rt: Runtime, raw: { daysBack?: number | null; minOccurrences?: number | null }): Promise<MineResult> {
  const input = parseInput(MineSchema, { daysBack: raw.daysBack ?? 30, minOccurrences: raw.minOccurrences ?? 3 }, 'args');
  return mineLessonsNow(rt, input.daysBack, input.minOccurrences);
}
