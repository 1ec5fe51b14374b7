// Recurrence detection: a request's keywords are matched against recent patterns of the same
// type and institution (exact signature, or keyword similarity at or above the threshold). The
// candidates come from the GIN index on Pattern.keywords (`keywords && ARRAY[...]`, probing with
// the request's specific keywords, see probeKeywords) plus the (srType, instId, lastSeenAt)
// filter, capped: cost follows the matching patterns, not the table.
// At N occurrences within the window the pattern escalates to a Problem — an open one already
// linked to this or a similar pattern is reused, never duplicated.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { publicId } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import { events } from '../../events/pubsub.js';
import { RequestType } from '../../generated/prisma/enums.js';
import { Prisma, type Pattern } from '../../generated/prisma/client.js';
import { logger } from '../../logger.js';
import { settings } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { isOpsloopRequestId, parseRowId } from './ids.js';
import { extractKeywords, type ExtractedKeywords } from '../language/keywords.js';
import { isRecurrenceMatch, keywordSimilarity, probeKeywords, roundSimilarity, weights, type KeywordSet } from './similarity.js';

/** Most candidate patterns compared per request (the index narrows them first). */
export const CANDIDATE_LIMIT = 200;
/** Occurrence times kept per pattern: enough for any sensible escalation count. */
const OCCURRENCE_HISTORY = 100;
/** Request ids kept per pattern (the most recent; occurrenceCount stays the true count). */
export const SR_ID_HISTORY = 100;
const DAY_MS = 86_400_000;

export interface RecurrenceResult {
  /** The pattern this request belongs to; null when the text has no usable keywords. */
  pattern: Pattern | null;
  /** True when the pattern had been seen before within the window (this request excluded). */
  isRecurrence: boolean;
  /** Similarity to the matched pattern (1 for the exact signature, 0 for a new pattern). */
  similarity: number;
  /** True when this request made the pattern reach the escalation count. */
  escalatedNow: boolean;
  /** This request's keywords and signature. */
  keywords: string[];
  techKeywords: string[];
  signature: string;
  /** Signature of the pattern that matched (null for a new pattern). */
  matchedSignature: string | null;
  /** Occurrences of the pattern within the window, including this one. */
  occurrencesInWindow: number;
  /** Occurrences within the window that escalate (N). */
  escalationThreshold: number;
  windowDays: number;
  similarityThreshold: number;
}

export interface RecurrenceInput {
  srId: string;
  title: string;
  description: string;
  srType: RequestType;
  instId: number | null;
}

const RecurrenceInputSchema = z.object({
  srId: requiredText(64),
  title: requiredText(500),
  description: z.string().max(20_000),
  srType: z.enum(RequestType),
  instId: z.number().int().nullable(),
});

/** Stable key of a pattern: type, institution and signature. Unique in the database. */
export function patternKeyOf(srType: RequestType, instId: number | null, signature: string): string {
  const digest = createHash('sha256').update(signature).digest('hex').slice(0, 24);
  return `${srType}:${instId ?? '-'}:${digest}`;
}

function recurrenceSettings() {
  const { learning } = settings();
  return {
    windowDays: learning.recurrenceWindowDays,
    escalationThreshold: learning.escalationCount,
    similarityThreshold: learning.similarityThreshold,
  };
}

/** GraphQL `detectRecurrence`: requests from other systems. */
export async function detectRecurrence(viewer: Viewer | null, input: RecurrenceInput): Promise<RecurrenceResult> {
  requirePermission(viewer, 'learning:write');
  // An opsloop id (SR-…) must name a request; other systems' ids are taken as given (see ids.ts).
  const srId = input.srId.trim();
  if (isOpsloopRequestId(srId) && !(await db().serviceRequest.findUnique({ where: { id: srId }, select: { id: true } }))) {
    throw new NotFoundError('ServiceRequest', srId);
  }
  return detectRecurrenceForRequest(input);
}

export interface Candidate {
  id: number;
  keywords: string[];
  techKeywords: string[];
  keywordSignature: string;
  patternKey: string;
}

function asKeywordSet(pattern: { keywords: string[]; techKeywords: string[]; keywordSignature: string }): KeywordSet {
  return { keywords: pattern.keywords, techKeywords: pattern.techKeywords, signature: pattern.keywordSignature };
}

/**
 * Best matching recent pattern of the same type and institution: the exact key first, else the
 * candidates that share a probe keyword (GIN index: `keywords && ARRAY[...]`) within the window,
 * the most overlapping (then most recent) CANDIDATE_LIMIT of them, scored in memory.
 */
export async function findRecurrenceMatch(
  scope: { srType: RequestType; instId: number | null },
  extracted: KeywordSet,
  options: { patternKey: string; windowStart: Date; similarityThreshold: number },
): Promise<{ candidate: Candidate; similarity: number; candidatesExamined: number } | null> {
  const select = { id: true, keywords: true, techKeywords: true, keywordSignature: true, patternKey: true } as const;
  const exact = await db().pattern.findUnique({ where: { patternKey: options.patternKey }, select });
  if (exact) return { candidate: exact, similarity: 1, candidatesExamined: 1 };
  const probe = probeKeywords(extracted, options.similarityThreshold);
  const requestWeights = weights(extracted);
  const institution = scope.instId === null ? Prisma.sql`"instId" IS NULL` : Prisma.sql`"instId" = ${scope.instId}`;
  // Most promising first: the request-side weight of the keywords a pattern shares (an upper bound
  // of its similarity's numerator), then recency. Only rows the GIN probe returns are ranked.
  const candidates = await db().$queryRaw<Candidate[]>`
    SELECT id, keywords, "techKeywords", "keywordSignature", "patternKey"
    FROM "Pattern"
    WHERE "srType" = ${scope.srType}::"RequestType" AND ${institution}
      AND "lastSeenAt" >= ${options.windowStart} AND keywords && ${probe}::text[]
    ORDER BY (
      SELECT coalesce(sum(r.weight), 0) FROM unnest(${[...requestWeights.keys()]}::text[], ${[...requestWeights.values()]}::float8[]) AS r(keyword, weight)
      WHERE r.keyword = ANY(keywords)
    ) DESC, "lastSeenAt" DESC
    LIMIT ${CANDIDATE_LIMIT}`;
  let best: { candidate: Candidate; similarity: number; candidatesExamined: number } | null = null;
  for (const candidate of candidates) {
    const { match, similarity } = isRecurrenceMatch(extracted, asKeywordSet(candidate), options.similarityThreshold);
    if (match && (!best || similarity > best.similarity)) best = { candidate, similarity, candidatesExamined: candidates.length };
  }
  return best;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

/**
 * Recurrence detection for one request (no authorization: createServiceRequest calls it for the
 * request it just created; the GraphQL mutation checks `learning:write` first). Idempotent per
 * srId: detecting the same request twice counts it once.
 */
export async function detectRecurrenceForRequest(rawInput: RecurrenceInput): Promise<RecurrenceResult> {
  const input = parseInput(RecurrenceInputSchema, rawInput) as RecurrenceInput;
  const result = await detect(input);
  if (result.pattern) {
    // Link an opsloop request to its pattern (no-op for requests from other systems).
    await db().serviceRequest.updateMany({ where: { id: input.srId, patternId: null }, data: { patternId: result.pattern.id } });
  }
  return result;
}

async function detect(input: RecurrenceInput): Promise<RecurrenceResult> {
  const config = recurrenceSettings();
  const extracted = extractKeywords(input.title, input.description);
  const base = {
    keywords: extracted.keywords,
    techKeywords: extracted.techKeywords,
    signature: extracted.signature,
    escalationThreshold: config.escalationThreshold,
    windowDays: config.windowDays,
    similarityThreshold: config.similarityThreshold,
  };
  if (extracted.keywords.length === 0) {
    return { ...base, pattern: null, isRecurrence: false, similarity: 0, escalatedNow: false, matchedSignature: null, occurrencesInWindow: 0 };
  }
  const patternKey = patternKeyOf(input.srType, input.instId, extracted.signature);

  // Two attempts: a concurrent request may create the same pattern between our lookup and insert.
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    const windowStart = new Date(now.getTime() - config.windowDays * DAY_MS);
    const match = await findRecurrenceMatch(input, extracted, { patternKey, windowStart, similarityThreshold: config.similarityThreshold });
    if (match) return recordOccurrence(input, match.candidate, match.similarity, now, windowStart, config, base, extracted);
    try {
      const pattern = await db().pattern.create({
        data: {
          patternKey,
          srType: input.srType,
          instId: input.instId,
          keywordSignature: extracted.signature,
          keywords: extracted.keywords,
          techKeywords: extracted.techKeywords,
          occurrenceCount: 1,
          firstSeenAt: now,
          lastSeenAt: now,
          srIds: [input.srId],
          occurredAt: [now],
        },
      });
      return { ...base, pattern, isRecurrence: false, similarity: 0, escalatedNow: false, matchedSignature: null, occurrencesInWindow: 1 };
    } catch (error) {
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

async function recordOccurrence(
  input: RecurrenceInput,
  candidate: Candidate,
  similarity: number,
  now: Date,
  windowStart: Date,
  config: ReturnType<typeof recurrenceSettings>,
  base: Omit<RecurrenceResult, 'pattern' | 'isRecurrence' | 'similarity' | 'escalatedNow' | 'matchedSignature' | 'occurrencesInWindow'>,
  extracted: ExtractedKeywords,
): Promise<RecurrenceResult> {
  const outcome = await db().$transaction(async (tx) => {
    // Row lock: concurrent occurrences of one pattern are counted one after the other.
    await tx.$queryRaw`SELECT id FROM "Pattern" WHERE id = ${candidate.id} FOR UPDATE`;
    const current = await tx.pattern.findUniqueOrThrow({ where: { id: candidate.id }, include: { problem: true } });
    // Counted once per request: among the recent ids kept, or (older opsloop requests) by their link.
    const alreadyCounted =
      current.srIds.includes(input.srId) ||
      (isOpsloopRequestId(input.srId) && (await tx.serviceRequest.count({ where: { id: input.srId, patternId: current.id } })) > 0);
    const stale = current.lastSeenAt < windowStart;
    let occurredAt = current.occurredAt ?? [];
    let data: Prisma.PatternUpdateInput = {};
    if (!alreadyCounted) {
      occurredAt = [...occurredAt, now].slice(-OCCURRENCE_HISTORY);
      data = {
        occurrenceCount: { increment: 1 },
        srIds: [...current.srIds, input.srId].slice(-SR_ID_HISTORY),
        lastSeenAt: now,
        occurredAt,
        // An exact signature seen again after a quiet window starts a new episode.
        ...(stale ? { firstSeenAt: now } : {}),
      };
    }
    const inWindow = occurredAt.filter((at) => at >= windowStart).length;
    const sinceEscalation = current.escalatedAt ? occurredAt.filter((at) => at > current.escalatedAt!).length : inWindow;
    const hasOpenProblem = current.problem?.status === 'OPEN';
    const shouldEscalate =
      !alreadyCounted && !hasOpenProblem && inWindow >= config.escalationThreshold && sinceEscalation >= config.escalationThreshold;
    let escalatedNow = false;
    if (shouldEscalate) {
      const problemId = await openOrReuseProblem(tx, current, input, extracted, config.similarityThreshold, inWindow);
      data = { ...data, escalated: true, escalatedAt: now, problem: { connect: { id: problemId } } };
      escalatedNow = true;
    }
    const pattern = Object.keys(data).length > 0 ? await tx.pattern.update({ where: { id: current.id }, data }) : current;
    return { pattern, escalatedNow, inWindow, counted: !alreadyCounted };
  });
  if (outcome.escalatedNow) {
    events().publish('pattern:escalated', { patternId: outcome.pattern.id });
    logger.info({ patternId: outcome.pattern.id, problemId: outcome.pattern.problemId }, 'recurrence pattern escalated');
  }
  return {
    ...base,
    pattern: outcome.pattern,
    isRecurrence: outcome.inWindow > 1,
    similarity: roundSimilarity(similarity),
    escalatedNow: outcome.escalatedNow,
    matchedSignature: candidate.keywordSignature,
    occurrencesInWindow: outcome.inWindow,
  };
}

/** An open problem linked to a similar pattern of the same type and institution, or a new one. */
async function openOrReuseProblem(
  tx: Prisma.TransactionClient,
  pattern: Pattern,
  input: RecurrenceInput,
  extracted: ExtractedKeywords,
  similarityThreshold: number,
  occurrences: number,
): Promise<string> {
  const related = await tx.pattern.findMany({
    where: {
      id: { not: pattern.id },
      srType: pattern.srType,
      instId: pattern.instId,
      keywords: { hasSome: pattern.keywords },
      problem: { is: { status: 'OPEN' } },
    },
    select: { problemId: true, keywords: true, techKeywords: true, keywordSignature: true },
    orderBy: { lastSeenAt: 'desc' },
    take: CANDIDATE_LIMIT,
  });
  let best: { problemId: string; similarity: number } | null = null;
  for (const other of related) {
    const similarity = Math.max(keywordSimilarity(asKeywordSet(pattern), asKeywordSet(other)), keywordSimilarity(extracted, asKeywordSet(other)));
    if (other.problemId && similarity >= similarityThreshold && (!best || similarity > best.similarity)) {
      best = { problemId: other.problemId, similarity };
    }
  }
  if (best) return best.problemId;
  const problem = await tx.problem.create({
    data: {
      id: publicId('PRB'),
      title: `Recurring ${pattern.srType.toLowerCase()}: ${input.title}`.slice(0, 300),
      description:
        `Escalated after ${occurrences} occurrences within the recurrence window. ` +
        `Keyword signature: ${pattern.keywordSignature}. Requests: ${[...pattern.srIds, input.srId].slice(-20).join(', ')}.`,
    },
  });
  return problem.id;
}

// ── reads ──

export function patternsWhere(viewer: Viewer | null, filter: { srType?: RequestType | null; escalatedOnly?: boolean | null }): Prisma.PatternWhereInput {
  requirePermission(viewer, 'ops:read');
  return {
    ...(filter.srType ? { srType: filter.srType } : {}),
    ...(filter.escalatedOnly ? { escalated: true } : {}),
  };
}

export async function getPattern(viewer: Viewer | null, rawId: string, query: { include?: Prisma.PatternInclude; select?: Prisma.PatternSelect } = {}) {
  requirePermission(viewer, 'ops:read');
  const id = parseRowId(rawId, 'pattern');
  const pattern = await db().pattern.findUnique({ ...query, where: { id } });
  if (!pattern) throw new NotFoundError('Pattern', id);
  return pattern;
}
