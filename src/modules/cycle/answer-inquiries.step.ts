// Step 2: answer open INQUIRY requests from PUBLISHED KB articles when the match confidence is at
// least AUTO_ANSWER_CONFIDENCE (see itsm/kb-match.ts for what the confidence means). Work: type
// INQUIRY, status NEW/ASSIGNED, answerCheckedAt null (index type, status, answerCheckedAt). Every
// inquiry looked at gets answerCheckedAt, answered or not, so one that matches nothing is left for
// a human and not rescanned every cycle. A page of inquiries costs a few statements whatever its
// size: the candidates of all its inquiries (GIN index on KbArticle.keywords, ranked in SQL by the
// keywords they share before the candidate limit, itsm/kb.service.ts), the chosen articles'
// bodies, the answers (one conditional update), those left for a human, and the feedback records.
import { answerCandidatesForEach, articleBodies, type AnswerCandidate } from '../itsm/kb.service.js';
import { AUTO_ANSWER_CONFIDENCE, bestMatch, inquiryTerms, type Match } from '../itsm/kb-match.js';
import { answerInquiries, listUncheckedInquiries, markInquiriesChecked, type CreatedCursor, type Inquiry } from '../itsm/work-items.service.js';
import { recordAnswerFeedbacks } from '../learning/feedback.service.js';
import { actInBatch, CYCLE_ACTOR, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

/** The answer quotes the article; the full text stays on the article. */
const MAX_ANSWER_CHARS = 4000;

interface Judged {
  match: Match;
  article: AnswerCandidate & { body: string };
}

/** One page's judgements and what follows its commit. */
class AnswerPage {
  private judged = new Map<string, Judged | null>();
  private leftForHuman: string[] = [];
  private answered: Array<{ srId: string; kbId: string }> = [];

  constructor(private readonly context: StepContext, private readonly tally: StepTally) {}

  /** Candidates for every inquiry of the page in one statement, then the chosen articles' bodies. */
  async prepare(page: Inquiry[]): Promise<void> {
    const { rt } = this.context;
    const terms = page.map((inquiry) => inquiryTerms(inquiry.title, inquiry.description));
    const candidates = await answerCandidatesForEach(rt, terms);
    // Below the gate an inquiry is left for a human.
    const matches = page.map((_inquiry, index) => bestMatch(terms[index]!, candidates[index]!)).map((match) => (match && match.confidence >= AUTO_ANSWER_CONFIDENCE ? match : undefined));
    const bodies = await articleBodies(rt, [...new Set(matches.flatMap((match) => (match ? [match.articleId] : [])))]);
    this.judged = new Map(page.map((inquiry, index) => {
      const match = matches[index];
      const article = match && candidates[index]!.find((candidate) => candidate.id === match.articleId);
      const body = article && bodies.get(article.id);
      return [inquiry.id, match && article && body !== undefined ? { match, article: { ...article, body } } : null];
    }));
    this.leftForHuman = [];
    this.answered = [];
  }

  async act(inquiry: Inquiry): Promise<void> {
    const judged = this.judged.get(inquiry.id);
    if (!judged) {
      this.leftForHuman.push(inquiry.id);
      this.tally.leftForHuman++;
      return;
    }
    const { match, article } = judged;
    const answer = `[${article.id}] ${article.title}\n\n${article.body}`.slice(0, MAX_ANSWER_CHARS);
    await actInBatch(this.context, this.tally, answerInquiries, { id: inquiry.id, answer, kbId: article.id }, () => ({
      actionType: 'ANSWER_INQUIRY',
      description: `Answered ${inquiry.id} "${inquiry.title}" with ${article.id} "${article.title}": confidence ${match.confidence} ≥ ${AUTO_ANSWER_CONFIDENCE} (matched ${match.matched.join(', ')}${match.missing.length ? `; not covered ${match.missing.join(', ')}` : ''})`,
      target: inquiry.id,
      result: { kbId: article.id, confidence: match.confidence, matched: match.matched, missing: match.missing },
      sourceKey: `answer:${inquiry.id}`,
    }), { done: () => this.answered.push({ srId: inquiry.id, kbId: article.id }) });
  }

  /**
   * After the answers committed: those left for a human are marked looked at, and each answer is
   * measured by recurrence (learning loop). The learning service takes no transaction: a crash
   * right after the commit loses these records, never duplicates them.
   */
  async committed(): Promise<void> {
    const { rt } = this.context;
    await markInquiriesChecked(rt, this.leftForHuman, rt.clock.now());
    rt.logger.debug({ srIds: this.leftForHuman }, 'inquiries left for a human: no article answers them well enough');
    await recordAnswerFeedbacks(rt, this.answered, CYCLE_ACTOR).catch((error) =>
      rt.logger.error({ err: error, answers: this.answered }, 'could not record solution feedback for automatic answers'),
    );
  }
}

export const answerInquiriesStep: CycleStep = {
  name: 'answerInquiries',
  async run(context, tally) {
    const page = new AnswerPage(context, tally);
    await forEachWorkItem(
      context,
      tally,
      (after: CreatedCursor | undefined, take: number) => listUncheckedInquiries(context.rt, after, take),
      (inquiry) => inquiry,
      (inquiry) => page.act(inquiry),
      { prepare: (inquiries) => page.prepare(inquiries), committed: () => page.committed() },
    );
  },
};
