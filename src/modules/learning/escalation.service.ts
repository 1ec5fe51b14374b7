// Counting an occurrence on a matched pattern, and escalation: at N occurrences within the window
// the pattern escalates to a Problem — an open one already linked to this or a similar pattern is
// reused, never duplicated. Occurrences of one pattern are counted under its row lock.
import { publicId } from '../../db/ids.js';
import type { Pattern, Prisma, Problem } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { countRequestsOfPattern } from '../itsm/service-requests.service.js';
import type { ExtractedKeywords } from '../language/keywords.js';
import { isOpsloopRequestId } from './ids.js';
import { asKeywordSet, type Candidate, type RecurrenceBase, type RecurrenceInput, type RecurrenceResult, type RecurrenceSettings } from './recurrence.types.js';
import { keywordSimilarity, roundSimilarity } from './similarity.js';

/** Occurrence times kept per pattern: enough for any sensible escalation count. */
const OCCURRENCE_HISTORY = 100;
/** Request ids kept per pattern (the most recent; occurrenceCount stays the true count). */
export const SR_ID_HISTORY = 100;
/** Most open-problem patterns compared when an escalation looks for a problem to reuse. */
const RELATED_PATTERNS_LIMIT = 200;

/** One detection in progress: the request, its keywords, the settings and the time it is counted at. */
export interface Detection {
  input: RecurrenceInput;
  extracted: ExtractedKeywords;
  base: RecurrenceBase;
  config: RecurrenceSettings;
  now: Date;
  windowStart: Date;
}

interface Counted {
  pattern: Pattern;
  escalatedNow: boolean;
  inWindow: number;
  /** The problem this escalation opened (null when it reused an open one, or did not escalate). */
  openedProblemId: string | null;
}

/**
 * Counts the request on the matched pattern (once per request) and escalates when it is due. After
 * the commit: `problem:opened` for a new problem (its reactions, e.g. recording the probable cause,
 * finish before the live event), then `pattern:escalated`.
 */
export async function recordOccurrence(rt: Runtime, detection: Detection, candidate: Candidate, similarity: number): Promise<RecurrenceResult> {
  const outcome = await rt.db.$transaction((tx) => countOccurrence(tx, detection, candidate.id));
  if (outcome.openedProblemId) await rt.domain.emit('problem:opened', { problemId: outcome.openedProblemId, patternId: outcome.pattern.id });
  if (outcome.escalatedNow) {
    rt.events.publish('pattern:escalated', { patternId: outcome.pattern.id });
    rt.logger.info({ patternId: outcome.pattern.id, problemId: outcome.pattern.problemId }, 'recurrence pattern escalated');
  }
  return {
    ...detection.base,
    pattern: outcome.pattern,
    isRecurrence: outcome.inWindow > 1,
    similarity: roundSimilarity(similarity),
    escalatedNow: outcome.escalatedNow,
    matchedSignature: candidate.keywordSignature,
    occurrencesInWindow: outcome.inWindow,
  };
}

/** Counted once per request: among the recent ids kept, or (older opsloop requests) by their link. */
async function alreadyCounted(tx: Prisma.TransactionClient, pattern: Pattern, srId: string): Promise<boolean> {
  if (pattern.srIds.includes(srId)) return true;
  return isOpsloopRequestId(srId) && (await countRequestsOfPattern(tx, srId, pattern.id)) > 0;
}

async function countOccurrence(tx: Prisma.TransactionClient, detection: Detection, patternId: number): Promise<Counted> {
  const { input, now, windowStart, config } = detection;
  // Row lock: concurrent occurrences of one pattern are counted one after the other.
  await tx.$queryRaw`SELECT id FROM "Pattern" WHERE id = ${patternId} FOR UPDATE`;
  const current = await tx.pattern.findUniqueOrThrow({ where: { id: patternId }, include: { problem: true } });
  const counted = await alreadyCounted(tx, current, input.srId);
  let occurredAt = current.occurredAt ?? [];
  let data: Prisma.PatternUpdateInput = {};
  if (!counted) {
    occurredAt = [...occurredAt, now].slice(-OCCURRENCE_HISTORY);
    data = {
      occurrenceCount: { increment: 1 },
      srIds: [...current.srIds, input.srId].slice(-SR_ID_HISTORY),
      lastSeenAt: now,
      occurredAt,
      // An exact signature seen again after a quiet window starts a new episode.
      ...(current.lastSeenAt < windowStart ? { firstSeenAt: now } : {}),
    };
  }
  const inWindow = occurredAt.filter((at) => at >= windowStart).length;
  const escalatedNow = !counted && escalationDue(current, occurredAt, inWindow, config.escalationThreshold);
  let openedProblemId: string | null = null;
  if (escalatedNow) {
    const problem = await openOrReuseProblem(tx, current, detection, inWindow);
    if (problem.opened) openedProblemId = problem.id;
    data = { ...data, escalated: true, escalatedAt: now, problem: { connect: { id: problem.id } } };
  }
  const pattern = Object.keys(data).length > 0 ? await tx.pattern.update({ where: { id: current.id }, data }) : current;
  return { pattern, escalatedNow, inWindow, openedProblemId };
}

/** N occurrences within the window, N since the last escalation, and no OPEN problem on the pattern. */
function escalationDue(pattern: Pattern & { problem: Problem | null }, occurredAt: Date[], inWindow: number, threshold: number): boolean {
  if (pattern.problem?.status === 'OPEN') return false;
  const escalatedAt = pattern.escalatedAt;
  const sinceEscalation = escalatedAt ? occurredAt.filter((at) => at > escalatedAt).length : inWindow;
  return inWindow >= threshold && sinceEscalation >= threshold;
}

/** An open problem linked to a similar pattern of the same type and institution, or a new one. */
async function openOrReuseProblem(tx: Prisma.TransactionClient, pattern: Pattern, detection: Detection, occurrences: number): Promise<{ id: string; opened: boolean }> {
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
    take: RELATED_PATTERNS_LIMIT,
  });
  let best: { problemId: string; similarity: number } | null = null;
  for (const other of related) {
    const similarity = Math.max(
      keywordSimilarity(asKeywordSet(pattern), asKeywordSet(other)),
      keywordSimilarity(detection.extracted, asKeywordSet(other)),
    );
    if (other.problemId && similarity >= detection.config.similarityThreshold && (!best || similarity > best.similarity)) {
      best = { problemId: other.problemId, similarity };
    }
  }
  if (best) return { id: best.problemId, opened: false };
  const problem = await tx.problem.create({
    data: {
      id: publicId('PRB'),
      title: `Recurring ${pattern.srType.toLowerCase()}: ${detection.input.title}`.slice(0, 300),
      description:
        `Escalated after ${occurrences} occurrences within the recurrence window. ` +
        `Keyword signature: ${pattern.keywordSignature}. Requests: ${[...pattern.srIds, detection.input.srId].slice(-20).join(', ')}.`,
      createdAt: detection.now,
    },
  });
  return { id: problem.id, opened: true };
}
