// Step 2: answer open INQUIRY requests from PUBLISHED KB articles when the match confidence is at
// least AUTO_ANSWER_CONFIDENCE (see itsm/kb-match.ts for what the confidence means). Work: type
// INQUIRY, status NEW/ASSIGNED, answerCheckedAt null (index type, status, answerCheckedAt). Every
// inquiry looked at gets answerCheckedAt, answered or not, so one that matches nothing is left for
// a human and not rescanned every cycle. Candidates come from the GIN index on KbArticle.keywords,
// ranked in SQL by the keywords they share before the candidate limit (itsm/kb.service.ts).
import { answerCandidates } from '../itsm/kb.service.js';
import { AUTO_ANSWER_CONFIDENCE, bestMatch, inquiryTerms } from '../itsm/kb-match.js';
import { answerInquiry, listUncheckedInquiries, markInquiryChecked, type CreatedCursor, type Inquiry } from '../itsm/work-items.service.js';
import { recordSolutionFeedbackFor } from '../learning/feedback.service.js';
import { actOnce, CYCLE_ACTOR, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

/** The answer quotes the article; the full text stays on the article. */
const MAX_ANSWER_CHARS = 4000;

async function answerOne(context: StepContext, inquiry: Inquiry, tally: StepTally) {
  const { rt } = context;
  const terms = inquiryTerms(inquiry.title, inquiry.description);
  const candidates = await answerCandidates(rt, terms);
  const match = bestMatch(terms, candidates);

  if (!match || match.confidence < AUTO_ANSWER_CONFIDENCE) {
    await markInquiryChecked(rt, inquiry.id, rt.clock.now());
    tally.leftForHuman++;
    rt.logger.debug({ srId: inquiry.id, best: match ?? null }, 'inquiry left for a human: no article answers it well enough');
    return;
  }

  const article = candidates.find((candidate) => candidate.id === match.articleId)!;
  const answer = `[${article.id}] ${article.title}\n\n${article.body}`.slice(0, MAX_ANSWER_CHARS);
  // Measure the answer's effectiveness by recurrence (learning loop), once the answer committed: the
  // learning service takes no transaction; a crash right after the commit loses this one record, never duplicates it.
  const recordFeedback = () =>
    recordSolutionFeedbackFor(rt, { srId: inquiry.id, kbId: article.id }, CYCLE_ACTOR).catch((error) =>
      rt.logger.error({ err: error, srId: inquiry.id, kbId: article.id }, 'could not record solution feedback for an automatic answer'),
    );
  await actOnce(context, tally, async (tx, now) => {
    if (!(await answerInquiry(tx, { id: inquiry.id, answer, kbId: article.id }, now))) return null;
    return {
      actionType: 'ANSWER_INQUIRY',
      description: `Answered ${inquiry.id} "${inquiry.title}" with ${article.id} "${article.title}": confidence ${match.confidence} ≥ ${AUTO_ANSWER_CONFIDENCE} (matched ${match.matched.join(', ')}${match.missing.length ? `; not covered ${match.missing.join(', ')}` : ''})`,
      target: inquiry.id,
      result: { kbId: article.id, confidence: match.confidence, matched: match.matched, missing: match.missing },
      sourceKey: `answer:${inquiry.id}`,
    };
  }, { done: recordFeedback });
}

export const answerInquiriesStep: CycleStep = {
  name: 'answerInquiries',
  async run(context, tally) {
    await forEachWorkItem(
      context,
      tally,
      (after: CreatedCursor | undefined, take: number) => listUncheckedInquiries(context.rt, after, take),
      (inquiry) => inquiry,
      (inquiry) => answerOne(context, inquiry, tally),
    );
  },
};
