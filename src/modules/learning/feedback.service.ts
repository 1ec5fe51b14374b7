// Solution effectiveness, measured by recurrence rather than ratings: a KB solution applied to a
// request is checked once its window has passed (or earlier, when the pattern already recurred).
// Score: 1 when the request's pattern did not recur within the window after the solution was
// applied; 0.5 × (days until it recurred / window) when it did — a solution followed by the same
// problem the next day scores about 0, one that held for most of the window scores near 0.5.
// The checks themselves (and the article's measured effectiveness) are in effectiveness.service.ts.
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Feedback, Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { articleExists } from '../itsm/kb.service.js';
import { patternIdOfRequest, patternIdsOfRequests, requestExists } from '../itsm/service-requests.service.js';
import { isOpsloopRequestId } from './ids.js';

const DAY_MS = 86_400_000;

const FeedbackInputSchema = z.object({
  srId: requiredText(64),
  kbId: requiredText(64).nullish(),
  kbDocId: requiredText(200).nullish(),
});

export type FeedbackInput = z.input<typeof FeedbackInputSchema>;

export type FeedbackState = 'PENDING' | 'EFFECTIVE' | 'INEFFECTIVE' | 'UNKNOWN';

/** What a client sees of a feedback's progress. */
export function feedbackState(feedback: Pick<Feedback, 'checkedAt' | 'effectivenessScore' | 'recurredWithinDays'>): FeedbackState {
  if (!feedback.checkedAt) return 'PENDING';
  if (feedback.effectivenessScore === null) return 'UNKNOWN';
  return feedback.recurredWithinDays === null ? 'EFFECTIVE' : 'INEFFECTIVE';
}

/** The planned Prisma selection of one feedback (a mutation's answer). */
export type FeedbackQuery = Pick<Prisma.FeedbackFindUniqueArgs, 'include' | 'select'>;

/** GraphQL `recordSolutionFeedback` (`learning:write` on the field). */
export async function recordSolutionFeedback(rt: Runtime, actor: Viewer, input: FeedbackInput, query: FeedbackQuery = {}): Promise<Feedback> {
  return recordSolutionFeedbackFor(rt, input, actor.username, query);
}

/**
 * Records that a KB solution was applied to a request (no authorization: the auto-answer step
 * calls it when it answers an inquiry with an article). The request's pattern is looked up now.
 */
export async function recordSolutionFeedbackFor(rt: Runtime, rawInput: FeedbackInput, actor: string, query: FeedbackQuery = {}): Promise<Feedback> {
  const input = parseInput(FeedbackInputSchema, rawInput);
  if (!input.kbId && !input.kbDocId) throw new BadInputError('input.kbId', 'give kbId (an opsloop article) or kbDocId (an external document)');
  // Unknown ids are refused before anything is written (see isOpsloopRequestId for the srId rule).
  if (isOpsloopRequestId(input.srId) && !(await requestExists(rt, input.srId))) throw new NotFoundError('ServiceRequest', input.srId);
  if (input.kbId && !(await articleExists(rt, input.kbId))) throw new NotFoundError('KbArticle', input.kbId);
  const patternId = await patternOfRequest(rt, input.srId);
  return rt.db.feedback.create({ ...query, data: feedbackRow(rt, { ...input, patternId }, actor, rt.clock.now()) });
}

function feedbackRow(rt: Runtime, input: { srId: string; kbId?: string | null; kbDocId?: string | null; patternId: number | null }, actor: string, appliedAt: Date) {
  return {
    srId: input.srId,
    kbId: input.kbId ?? null,
    kbDocId: input.kbDocId ?? input.kbId ?? null,
    patternId: input.patternId,
    appliedBy: actor,
    appliedAt,
    dueAt: new Date(appliedAt.getTime() + rt.config.learning.feedbackWindowDays * DAY_MS),
  };
}

/**
 * The auto cycle's answers of a page, recorded as applied solutions in one go: the requests and
 * articles were just read by the cycle, so only their patterns are looked up (two statements).
 */
export async function recordAnswerFeedbacks(rt: Runtime, answers: Array<{ srId: string; kbId: string }>, actor: string): Promise<number> {
  if (answers.length === 0) return 0;
  const linked = await patternIdsOfRequests(rt, answers.map((answer) => answer.srId));
  const unlinked = answers.map((answer) => answer.srId).filter((srId) => !linked.has(srId));
  const listed = unlinked.length ? await rt.db.pattern.findMany({ where: { srIds: { hasSome: unlinked } }, select: { id: true, srIds: true }, orderBy: { id: 'asc' } }) : [];
  const patternOf = (srId: string) => linked.get(srId) ?? listed.find((pattern) => pattern.srIds.includes(srId))?.id ?? null;
  const appliedAt = rt.clock.now();
  const { count } = await rt.db.feedback.createMany({ data: answers.map((answer) => feedbackRow(rt, { ...answer, patternId: patternOf(answer.srId) }, actor, appliedAt)) });
  return count;
}

/**
 * The request's pattern: an opsloop request's link (kept by itsm), else the pattern whose recent
 * ids hold it (Pattern.srIds keeps the last 100, so another system's request must be given feedback soon).
 */
export async function patternOfRequest(rt: Runtime, srId: string): Promise<number | null> {
  if (isOpsloopRequestId(srId)) {
    const linked = await patternIdOfRequest(rt, srId);
    if (linked) return linked;
  }
  return (await rt.db.pattern.findFirst({ where: { srIds: { has: srId } }, select: { id: true } }))?.id ?? null;
}

/** First occurrence of the pattern after the solution was applied, within the window. */
export function firstRecurrence(occurredAt: Date[], appliedAt: Date, dueAt: Date): Date | undefined {
  return occurredAt.filter((at) => at > appliedAt && at <= dueAt).sort((a, b) => a.getTime() - b.getTime())[0];
}

/** Pure scoring: see the file comment. */
export function effectivenessScore(appliedAt: Date, dueAt: Date, recurredAt: Date | undefined): { score: number; recurredWithinDays: number | null } {
  if (!recurredAt) return { score: 1, recurredWithinDays: null };
  const windowMs = Math.max(1, dueAt.getTime() - appliedAt.getTime());
  const elapsedMs = Math.max(0, recurredAt.getTime() - appliedAt.getTime());
  return {
    score: Math.round(0.5 * Math.min(1, elapsedMs / windowMs) * 1000) / 1000,
    recurredWithinDays: Math.floor(elapsedMs / DAY_MS),
  };
}

export interface FeedbackFilter {
  kbId?: string | null;
  srId?: string | null;
  checked?: boolean | null;
}

type ListQuery = Omit<Prisma.FeedbackFindManyArgs, 'where' | 'orderBy'>;

export function feedbacksWhere(filter: FeedbackFilter): Prisma.FeedbackWhereInput {
  return {
    ...(filter.kbId ? { kbId: filter.kbId } : {}),
    ...(filter.srId ? { srId: filter.srId } : {}),
    ...(filter.checked === true ? { checkedAt: { not: null } } : filter.checked === false ? { checkedAt: null } : {}),
  };
}

/** Most recently applied first (`ops:read` on the field; no data-dependent rule). */
export async function listFeedbacks(rt: Runtime, filter: FeedbackFilter, query: ListQuery = {}): Promise<Feedback[]> {
  return rt.db.feedback.findMany({ ...query, where: feedbacksWhere(filter), orderBy: [{ appliedAt: 'desc' }, { id: 'desc' }] });
}

export async function countFeedbacks(rt: Runtime, filter: FeedbackFilter): Promise<number> {
  return rt.db.feedback.count({ where: feedbacksWhere(filter) });
}
