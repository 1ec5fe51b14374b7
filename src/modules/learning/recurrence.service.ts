// Recurrence detection: a request's keywords are matched against recent patterns of the same
// type and institution (exact signature, or keyword similarity at or above the threshold). The
// candidates come from the GIN index on Pattern.keywords (`keywords && ARRAY[...]`, probing with
// the request's specific keywords, see probeKeywords) plus the (srType, instId, lastSeenAt)
// filter, capped: cost follows the matching patterns, not the table.
// Counting an occurrence and escalating to a Problem are in escalation.service.ts.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { RequestType } from '../../generated/prisma/enums.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { linkRequestToPattern, requestExists } from '../itsm/service-requests.service.js';
import { extractKeywords } from '../language/keywords.js';
import { recordOccurrence } from './escalation.service.js';
import { isOpsloopRequestId } from './ids.js';
import { asKeywordSet, type Candidate, type RecurrenceBase, type RecurrenceInput, type RecurrenceResult, type RecurrenceSettings } from './recurrence.types.js';
import { isRecurrenceMatch, probeKeywords, weights, type KeywordSet } from './similarity.js';

/** Most candidate patterns compared per request (the index narrows them first). */
export const CANDIDATE_LIMIT = 200;
const DAY_MS = 86_400_000;

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

function recurrenceSettings(rt: Runtime): RecurrenceSettings {
  const { learning } = rt.config;
  return {
    windowDays: learning.recurrenceWindowDays,
    escalationThreshold: learning.escalationCount,
    similarityThreshold: learning.similarityThreshold,
  };
}

/** GraphQL `detectRecurrence` (`learning:write` on the field): requests from opsloop or other systems. */
export async function detectRecurrence(rt: Runtime, input: RecurrenceInput): Promise<RecurrenceResult> {
  // An opsloop id (SR-…) must name a request; other systems' ids are taken as given (see ids.ts).
  const srId = input.srId.trim();
  if (isOpsloopRequestId(srId) && !(await requestExists(rt, srId))) throw new NotFoundError('ServiceRequest', srId);
  return detectRecurrenceForRequest(rt, input);
}

/**
 * Best matching recent pattern of the same type and institution: the exact key first, else the
 * candidates that share a probe keyword (GIN index: `keywords && ARRAY[...]`) within the window,
 * the most overlapping (then most recent) CANDIDATE_LIMIT of them, scored in memory.
 */
export async function findRecurrenceMatch(
  rt: Runtime,
  scope: { srType: RequestType; instId: number | null },
  extracted: KeywordSet,
  options: { patternKey: string; windowStart: Date; similarityThreshold: number },
): Promise<{ candidate: Candidate; similarity: number; candidatesExamined: number } | null> {
  const select = { id: true, keywords: true, techKeywords: true, keywordSignature: true, patternKey: true } as const;
  const exact = await rt.db.pattern.findUnique({ where: { patternKey: options.patternKey }, select });
  if (exact) return { candidate: exact, similarity: 1, candidatesExamined: 1 };
  const probe = probeKeywords(extracted, options.similarityThreshold);
  const requestWeights = weights(extracted);
  const institution = scope.instId === null ? Prisma.sql`"instId" IS NULL` : Prisma.sql`"instId" = ${scope.instId}`;
  // Most promising first: the request-side weight of the keywords a pattern shares (an upper bound
  // of its similarity's numerator), then recency. Only rows the GIN probe returns are ranked.
  const candidates = await rt.db.$queryRaw<Candidate[]>`
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
 * Recurrence detection for one request (no authorization: the reaction to a filed request calls
 * it; the GraphQL mutation is behind `learning:write`). Idempotent per srId: detecting the same
 * request twice counts it once. An opsloop request is linked to its pattern (itsm owns the link).
 */
export async function detectRecurrenceForRequest(rt: Runtime, rawInput: RecurrenceInput): Promise<RecurrenceResult> {
  const input = parseInput(RecurrenceInputSchema, rawInput) as RecurrenceInput;
  const result = await detect(rt, input);
  if (result.pattern && isOpsloopRequestId(input.srId)) await linkRequestToPattern(rt, input.srId, result.pattern.id);
  return result;
}

async function detect(rt: Runtime, input: RecurrenceInput): Promise<RecurrenceResult> {
  const config = recurrenceSettings(rt);
  const extracted = extractKeywords(input.title, input.description);
  const base: RecurrenceBase = {
    keywords: extracted.keywords,
    techKeywords: extracted.techKeywords,
    signature: extracted.signature,
    escalationThreshold: config.escalationThreshold,
    windowDays: config.windowDays,
    similarityThreshold: config.similarityThreshold,
  };
  const unmatched = { isRecurrence: false, similarity: 0, escalatedNow: false, matchedSignature: null };
  if (extracted.keywords.length === 0) return { ...base, ...unmatched, pattern: null, occurrencesInWindow: 0 };
  const patternKey = patternKeyOf(input.srType, input.instId, extracted.signature);

  // Two attempts: a concurrent request may create the same pattern between our lookup and insert.
  for (let attempt = 0; ; attempt++) {
    const now = rt.clock.now();
    const windowStart = new Date(now.getTime() - config.windowDays * DAY_MS);
    const match = await findRecurrenceMatch(rt, input, extracted, { patternKey, windowStart, similarityThreshold: config.similarityThreshold });
    if (match) return recordOccurrence(rt, { input, extracted, base, config, now, windowStart }, match.candidate, match.similarity);
    try {
      const pattern = await rt.db.pattern.create({
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
      return { ...base, ...unmatched, pattern, occurrencesInWindow: 1 };
    } catch (error) {
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
