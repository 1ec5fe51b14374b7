// Solution effectiveness, measured by recurrence rather than ratings: a KB solution applied to a
// request is checked once its window has passed (or earlier, when the pattern already recurred).
// Score: 1 when the request's pattern did not recur within the window after the solution was
// applied; 0.5 × (days until it recurred / window) when it did — a solution followed by the same
// problem the next day scores about 0, one that held for most of the window scores near 0.5.
// Each check also refreshes the article's appliedCount / failedCount / effectivenessScore, which
// the auto-answer step uses to stop sending articles that keep failing.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Feedback, Prisma } from '../../generated/prisma/client.js';
import { settings } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { isOpsloopRequestId, parseRowId } from './ids.js';

const DAY_MS = 86_400_000;
/** Due feedback checked per batch by the daily job. */
const CHECK_BATCH = 200;

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

/** GraphQL `recordSolutionFeedback`. */
export async function recordSolutionFeedback(viewer: Viewer | null, input: FeedbackInput): Promise<Feedback> {
  const actor = requirePermission(viewer, 'learning:write');
  return recordSolutionFeedbackFor(input, actor.username);
}

/**
 * Records that a KB solution was applied to a request (no authorization: the auto-answer step
 * calls it when it answers an inquiry with an article). The request's pattern is looked up now.
 */
export async function recordSolutionFeedbackFor(rawInput: FeedbackInput, actor: string): Promise<Feedback> {
  const input = parseInput(FeedbackInputSchema, rawInput);
  if (!input.kbId && !input.kbDocId) throw new BadInputError('input.kbId', 'give kbId (an opsloop article) or kbDocId (an external document)');
  // Unknown ids are refused before anything is written (see isOpsloopRequestId for the srId rule).
  if (isOpsloopRequestId(input.srId)) {
    const request = await db().serviceRequest.findUnique({ where: { id: input.srId }, select: { id: true } });
    if (!request) throw new NotFoundError('ServiceRequest', input.srId);
  }
  if (input.kbId) {
    const article = await db().kbArticle.findUnique({ where: { id: input.kbId }, select: { id: true } });
    if (!article) throw new NotFoundError('KbArticle', input.kbId);
  }
  const patternId = await patternIdOfRequest(input.srId);
  const appliedAt = new Date();
  return db().feedback.create({
    data: {
      srId: input.srId,
      kbId: input.kbId ?? null,
      kbDocId: input.kbDocId ?? input.kbId ?? null,
      patternId,
      appliedBy: actor,
      appliedAt,
      dueAt: new Date(appliedAt.getTime() + settings().learning.feedbackWindowDays * DAY_MS),
    },
  });
}

/**
 * The request's pattern: an opsloop request's link, else the pattern whose recent ids hold it
 * (Pattern.srIds keeps the last 100, so another system's request must be given feedback soon).
 */
async function patternIdOfRequest(srId: string): Promise<number | null> {
  if (isOpsloopRequestId(srId)) {
    const linked = await db().serviceRequest.findUnique({ where: { id: srId }, select: { patternId: true } });
    if (linked?.patternId) return linked.patternId;
  }
  return (await db().pattern.findFirst({ where: { srIds: { has: srId } }, select: { id: true } }))?.id ?? null;
}

/** First occurrence of the pattern after the solution was applied, within the window. */
function firstRecurrence(occurredAt: Date[], appliedAt: Date, dueAt: Date): Date | undefined {
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

/** GraphQL `checkSolutionEffectiveness`: checks one feedback now. */
export async function checkSolutionEffectiveness(viewer: Viewer | null, rawId: string): Promise<Feedback> {
  requirePermission(viewer, 'learning:write');
  const id = parseRowId(rawId, 'feedback');
  const feedback = await db().feedback.findUnique({ where: { id } });
  if (!feedback) throw new NotFoundError('Feedback', id);
  return checkFeedback(feedback, new Date());
}

/**
 * Decides one feedback: recurred → final low score at once; not recurred → final 1.0 once due,
 * otherwise left PENDING (unchanged). Checked once: a concurrent check loses the conditional update.
 */
async function checkFeedback(feedback: Feedback, now: Date): Promise<Feedback> {
  if (feedback.checkedAt) return feedback;
  let patternId = feedback.patternId;
  if (patternId === null) {
    // The request may have been matched after the feedback was recorded.
    patternId = await patternIdOfRequest(feedback.srId);
  }
  const pattern = patternId === null ? null : await db().pattern.findUnique({ where: { id: patternId }, select: { occurredAt: true } });
  const recurredAt = pattern ? firstRecurrence(pattern.occurredAt, feedback.appliedAt, feedback.dueAt) : undefined;
  const due = feedback.dueAt <= now;
  if (!recurredAt && !due) return patternId !== feedback.patternId ? db().feedback.update({ where: { id: feedback.id }, data: { patternId } }) : feedback;

  // Without a pattern (no usable keywords) recurrence cannot be observed: checked, score unknown.
  const result = pattern ? effectivenessScore(feedback.appliedAt, feedback.dueAt, recurredAt) : null;
  const updated = await db().$transaction(async (tx) => {
    const claimed = await tx.feedback.updateMany({
      where: { id: feedback.id, checkedAt: null },
      data: {
        patternId,
        checkedAt: now,
        effectivenessScore: result?.score ?? null,
        recurredWithinDays: result?.recurredWithinDays ?? null,
      },
    });
    if (claimed.count === 1 && feedback.kbId) await refreshArticleEffectiveness(tx, feedback.kbId);
    return tx.feedback.findUniqueOrThrow({ where: { id: feedback.id } });
  });
  return updated;
}

/** appliedCount = checked feedbacks with a score; failedCount = those that recurred; score = their mean. */
async function refreshArticleEffectiveness(tx: Prisma.TransactionClient, kbId: string): Promise<void> {
  const where = { kbId, checkedAt: { not: null }, effectivenessScore: { not: null } };
  const [stats, failed] = await Promise.all([
    tx.feedback.aggregate({ where, _count: { _all: true }, _avg: { effectivenessScore: true } }),
    tx.feedback.count({ where: { ...where, recurredWithinDays: { not: null } } }),
  ]);
  await tx.kbArticle.updateMany({
    where: { id: kbId },
    data: {
      appliedCount: stats._count._all,
      failedCount: failed,
      effectivenessScore: stats._avg.effectivenessScore === null ? null : Math.round(stats._avg.effectivenessScore * 1000) / 1000,
    },
  });
}

/** The daily job: every unchecked feedback whose window has passed, in batches. */
export async function checkDueFeedback(now = new Date()): Promise<{ checked: number }> {
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db().feedback.findMany({
      where: { checkedAt: null, dueAt: { lte: now }, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: CHECK_BATCH,
    });
    for (const feedback of batch) {
      const result = await checkFeedback(feedback, now);
      if (result.checkedAt) checked++;
    }
    if (batch.length < CHECK_BATCH) return { checked };
    afterId = batch[batch.length - 1]!.id;
  }
}

export function feedbacksWhere(viewer: Viewer | null, filter: { kbId?: string | null; srId?: string | null; checked?: boolean | null }): Prisma.FeedbackWhereInput {
  requirePermission(viewer, 'ops:read');
  return {
    ...(filter.kbId ? { kbId: filter.kbId } : {}),
    ...(filter.srId ? { srId: filter.srId } : {}),
    ...(filter.checked === true ? { checkedAt: { not: null } } : filter.checked === false ? { checkedAt: null } : {}),
  };
}
