// Checking recorded solution feedback (scoring in feedback.service.ts): one now on request, or
// every due one by the daily job. Each check also refreshes the article's appliedCount /
// failedCount / effectivenessScore through itsm (which owns KbArticle), which the auto-answer step
// uses to stop sending articles that keep failing.
import { NotFoundError } from '../../errors.js';
import type { Feedback, Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { recordArticleEffectiveness } from '../itsm/kb.service.js';
import { effectivenessScore, firstRecurrence, patternOfRequest, type FeedbackQuery } from './feedback.service.js';
import { parseRowId } from './ids.js';

/** Due feedback checked per batch by the daily job. */
const CHECK_BATCH = 200;

/** GraphQL `checkSolutionEffectiveness` (`learning:write` on the field): checks one feedback now. */
export async function checkSolutionEffectiveness(rt: Runtime, rawId: string, query: FeedbackQuery = {}): Promise<Feedback> {
  const id = parseRowId(rawId, 'feedback');
  const feedback = await rt.db.feedback.findUnique({ where: { id } });
  if (!feedback) throw new NotFoundError('Feedback', id);
  await checkFeedback(rt, feedback, rt.clock.now());
  return rt.db.feedback.findUniqueOrThrow({ ...query, where: { id } });
}

/**
 * Decides one feedback: recurred → final low score at once; not recurred → final 1.0 once due,
 * otherwise left PENDING. Checked once: a concurrent check loses the conditional update.
 * True when the feedback is checked afterwards.
 */
async function checkFeedback(rt: Runtime, feedback: Feedback, now: Date): Promise<boolean> {
  if (feedback.checkedAt) return true;
  // The request may have been matched after the feedback was recorded.
  const patternId = feedback.patternId ?? (await patternOfRequest(rt, feedback.srId));
  const pattern = patternId === null ? null : await rt.db.pattern.findUnique({ where: { id: patternId }, select: { occurredAt: true } });
  const recurredAt = pattern ? firstRecurrence(pattern.occurredAt, feedback.appliedAt, feedback.dueAt) : undefined;
  if (!recurredAt && feedback.dueAt > now) {
    if (patternId !== feedback.patternId) await rt.db.feedback.update({ where: { id: feedback.id }, data: { patternId } });
    return false;
  }
  // Without a pattern (no usable keywords) recurrence cannot be observed: checked, score unknown.
  const result = pattern ? effectivenessScore(feedback.appliedAt, feedback.dueAt, recurredAt) : null;
  await rt.db.$transaction(async (tx) => {
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
  });
  return true;
}

/** appliedCount = checked feedbacks with a score; failedCount = those that recurred; score = their mean. */
async function refreshArticleEffectiveness(tx: Prisma.TransactionClient, kbId: string): Promise<void> {
  const where = { kbId, checkedAt: { not: null }, effectivenessScore: { not: null } };
  const [stats, failed] = await Promise.all([
    tx.feedback.aggregate({ where, _count: { _all: true }, _avg: { effectivenessScore: true } }),
    tx.feedback.count({ where: { ...where, recurredWithinDays: { not: null } } }),
  ]);
  await recordArticleEffectiveness(tx, kbId, {
    appliedCount: stats._count._all,
    failedCount: failed,
    effectivenessScore: stats._avg.effectivenessScore === null ? null : Math.round(stats._avg.effectivenessScore * 1000) / 1000,
  });
}

/** The daily job: every unchecked feedback whose window has passed, in batches. */
export async function checkDueFeedback(rt: Runtime, now = rt.clock.now()): Promise<{ checked: number }> {
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const batch = await rt.db.feedback.findMany({
      where: { checkedAt: null, dueAt: { lte: now }, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: CHECK_BATCH,
    });
    for (const feedback of batch) {
      if (await checkFeedback(rt, feedback, now)) checked++;
    }
    if (batch.length < CHECK_BATCH) return { checked };
    afterId = batch[batch.length - 1]!.id;
  }
}
