// Step 2: answer open INQUIRY requests from PUBLISHED KB articles when the match confidence is at
// least AUTO_ANSWER_CONFIDENCE (see kb-match.ts for what the confidence means). Work: type INQUIRY,
// status NEW/ASSIGNED, answerCheckedAt null (index type, status, answerCheckedAt). Every inquiry
// looked at gets answerCheckedAt, answered or not, so one that matches nothing is left for a human
// and not rescanned every cycle. Candidates come from the GIN index on KbArticle.keywords, ranked in
// SQL by the keywords they share before the candidate limit.
import { db } from '../../../db/client.js';
import { Prisma } from '../../../generated/prisma/client.js';
import { logger } from '../../../logger.js';
import { recordAutoDone } from '../../approvals/actions.service.js';
import { recordSolutionFeedbackFor } from '../../learning/feedback.service.js';
import { AUTO_ANSWER_CONFIDENCE, bestMatch, inquiryTerms, type MatchTerm } from '../kb-match.js';
import { after, BATCH_SIZE, CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally, yieldToEventLoop } from './step.js';

/**
 * An article that was applied at least MIN_APPLIED_FOR_VERDICT times and whose measured
 * effectiveness (recurrence after it was applied, from the learning loop) stayed under
 * LOW_EFFECTIVENESS keeps failing people: it is no longer sent automatically (a human still can).
 * Fewer applications than that are too little evidence to judge an article either way.
 */
export const MIN_APPLIED_FOR_VERDICT = 3;
export const LOW_EFFECTIVENESS = 0.4;

/** Written out so a NULL score (not measured yet) counts as "not proven bad". */
const NOT_PROVEN_INEFFECTIVE = Prisma.sql`("appliedCount" < ${MIN_APPLIED_FOR_VERDICT} OR "effectivenessScore" IS NULL OR "effectivenessScore" >= ${LOW_EFFECTIVENESS})`;

/** Candidate articles compared per inquiry (the best ranked of those sharing a keyword). */
const CANDIDATE_LIMIT = 50;

type Candidate = { id: string; title: string; body: string; keywords: string[] };

/**
 * Published articles sharing at least one keyword (GIN index, `&&`), best first: by the summed
 * weight of the inquiry's keywords they cover (the numerator of the match confidence, whose
 * denominator is the same for every article), then fewer keywords (bestMatch's tie rule). So the
 * limit never drops an article that would score higher than one it keeps.
 */
async function candidateArticles(terms: MatchTerm[]): Promise<Candidate[]> {
  if (terms.length === 0) return [];
  const keywords = terms.map((term) => term.keyword);
  const weights = terms.map((term) => term.weight);
  return db().$queryRaw<Candidate[]>`
    SELECT id, title, body, keywords
    FROM "KbArticle"
    WHERE status = 'PUBLISHED'::"KbStatus" AND keywords && ${keywords}::text[] AND ${NOT_PROVEN_INEFFECTIVE}
    ORDER BY (
      SELECT coalesce(sum(t.weight), 0) FROM unnest(${keywords}::text[], ${weights}::float8[]) AS t(keyword, weight)
      WHERE t.keyword = ANY(keywords)
    ) DESC, cardinality(keywords) ASC, id ASC
    LIMIT ${CANDIDATE_LIMIT}`;
}
/** The answer quotes the article; the full text stays on the article. */
const MAX_ANSWER_CHARS = 4000;

const OPEN_FOR_ANSWER = ['NEW', 'ASSIGNED'] as const;

interface Inquiry {
  id: string;
  title: string;
  description: string;
  createdAt: Date;
}

async function answerOne(context: StepContext, inquiry: Inquiry, tally: StepTally) {
  const terms = inquiryTerms(inquiry.title, inquiry.description);
  const candidates = await candidateArticles(terms);
  const match = bestMatch(terms, candidates);
  const now = new Date();
  const stillOpen = { id: inquiry.id, type: 'INQUIRY' as const, status: { in: [...OPEN_FOR_ANSWER] }, answerCheckedAt: null };

  if (!match || match.confidence < AUTO_ANSWER_CONFIDENCE) {
    await db().serviceRequest.updateMany({ where: stillOpen, data: { answerCheckedAt: now } });
    tally.leftForHuman++;
    logger.debug({ srId: inquiry.id, best: match ?? null }, 'inquiry left for a human: no article answers it well enough');
    return;
  }

  const article = candidates.find((candidate) => candidate.id === match.articleId)!;
  const answer = `[${article.id}] ${article.title}\n\n${article.body}`.slice(0, MAX_ANSWER_CHARS);
  const answered = await db().$transaction(async (tx) => {
    const { count } = await tx.serviceRequest.updateMany({
      where: stillOpen,
      data: { status: 'RESOLVED', resolution: answer, resolvedAt: now, answeredByKbId: article.id, answeredAt: now, answerCheckedAt: now },
    });
    if (count === 0) return false;
    await recordAutoDone(tx, {
      actionType: 'ANSWER_INQUIRY',
      description: `Answered ${inquiry.id} "${inquiry.title}" with ${article.id} "${article.title}": confidence ${match.confidence} ≥ ${AUTO_ANSWER_CONFIDENCE} (matched ${match.matched.join(', ')}${match.missing.length ? `; not covered ${match.missing.join(', ')}` : ''})`,
      target: inquiry.id,
      result: { kbId: article.id, confidence: match.confidence, matched: match.matched, missing: match.missing },
      sourceKey: `answer:${inquiry.id}`,
      cycleRunId: context.runId,
      actor: CYCLE_ACTOR,
    });
    return true;
  });
  if (!answered) return;
  tally.processed++;
  // Measure the answer's effectiveness by recurrence (learning loop). Outside the transaction: the
  // learning service takes no transaction; a crash right here loses this one record, never duplicates it.
  await recordSolutionFeedbackFor({ srId: inquiry.id, kbId: article.id }, CYCLE_ACTOR).catch((error) =>
    logger.error({ err: error, srId: inquiry.id, kbId: article.id }, 'could not record solution feedback for an automatic answer'),
  );
}

export const answerInquiriesStep: CycleStep = {
  name: 'answerInquiries',
  async run(context, tally) {
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await db().serviceRequest.findMany({
        where: { type: 'INQUIRY', status: { in: [...OPEN_FOR_ANSWER] }, answerCheckedAt: null, ...after(cursor) },
        select: { id: true, title: true, description: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH_SIZE,
      });
      for (const inquiry of batch) {
        await answerOne(context, inquiry, tally);
        await yieldToEventLoop();
      }
      if (batch.length < BATCH_SIZE) break;
      cursor = batch[batch.length - 1];
    }
  },
};
