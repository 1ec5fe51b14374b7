// Learning's side of the change analysis (src/modules/changes, above this module): when a problem
// began and which requests make it up, and the severe anomalies and recurring patterns that name
// given resources within a time range. Reads only; each is one statement (a problem: two).
import type { Severity } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';

/** Most linked patterns read for one problem (the first linked, by id). */
const EPISODE_PATTERNS = 20;
/** Most request ids gathered for one problem. */
const EPISODE_REQUESTS = 200;

export interface ProblemEpisode {
  id: string;
  title: string;
  createdAt: Date;
  /** The first of the occurrences that escalated the problem's first pattern (the episode's start). */
  firstOccurrenceAt: Date;
  /** The request ids counted on its patterns (most recent first per pattern, at most 200). */
  srIds: string[];
  /** Its patterns' keywords and identifiers. */
  keywords: string[];
  techKeywords: string[];
}

/**
 * A problem as the cause ranking sees it, or null when there is none. Its first occurrence is the
 * earliest of the last N occurrences (N = RECURRENCE_ESCALATION_COUNT) of the pattern that opened
 * it, up to its opening: the burst that escalated, not an unrelated request weeks before.
 */
export async function problemEpisode(rt: Runtime, problemId: string): Promise<ProblemEpisode | null> {
  const problem = await rt.db.problem.findUnique({
    where: { id: problemId },
    select: {
      id: true,
      title: true,
      createdAt: true,
      patterns: { orderBy: { id: 'asc' }, take: EPISODE_PATTERNS, select: { keywords: true, techKeywords: true, srIds: true, occurredAt: true, firstSeenAt: true } },
    },
  });
  if (!problem) return null;
  const opener = problem.patterns[0];
  const escalating = (opener?.occurredAt ?? []).filter((at) => at <= problem.createdAt).slice(-rt.config.learning.escalationCount);
  const firstOccurrenceAt = escalating[0] ?? opener?.firstSeenAt ?? problem.createdAt;
  const unique = (values: string[]) => [...new Set(values)];
  return {
    id: problem.id,
    title: problem.title,
    createdAt: problem.createdAt,
    firstOccurrenceAt,
    srIds: unique(problem.patterns.flatMap((pattern) => [...pattern.srIds].reverse())).slice(0, EPISODE_REQUESTS),
    keywords: unique(problem.patterns.flatMap((pattern) => pattern.keywords)),
    techKeywords: unique(problem.patterns.flatMap((pattern) => pattern.techKeywords)),
  };
}

export interface SevereAnomaly {
  id: string;
  source: string;
  metricType: string;
  value: number;
  severity: Severity;
  detectedAt: Date;
}

/** HIGH and CRITICAL anomalies whose source contains one of `fragments` (case-insensitive), detected in [from, to), newest first. */
export async function severeAnomaliesNaming(rt: Runtime, fragments: string[], range: { from: Date; to: Date }, take: number): Promise<SevereAnomaly[]> {
  if (fragments.length === 0) return [];
  return rt.db.anomaly.findMany({
    where: {
      severity: { in: ['HIGH', 'CRITICAL'] },
      detectedAt: { gte: range.from, lt: range.to },
      OR: fragments.map((fragment) => ({ source: { contains: fragment, mode: 'insensitive' as const } })),
    },
    select: { id: true, source: true, metricType: true, value: true, severity: true, detectedAt: true },
    orderBy: [{ detectedAt: 'desc' }, { id: 'desc' }],
    take,
  });
}

export interface RecurringPattern {
  id: number;
  keywordSignature: string;
  techKeywords: string[];
  /** Its recent occurrence times, oldest first. */
  occurredAt: Date[];
}

/** Patterns seen more than once whose keywords include one of `keywords`, last seen at or after `from` (GIN index on keywords). */
export async function recurringPatternsNaming(rt: Runtime, keywords: string[], from: Date, take: number): Promise<RecurringPattern[]> {
  if (keywords.length === 0) return [];
  return rt.db.pattern.findMany({
    where: { keywords: { hasSome: keywords }, occurrenceCount: { gte: 2 }, lastSeenAt: { gte: from } },
    select: { id: true, keywordSignature: true, techKeywords: true, occurredAt: true },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take,
  });
}
