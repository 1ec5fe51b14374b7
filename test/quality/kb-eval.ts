// Auto-answer evaluation on a labelled KB (test/fixtures/kb-answers.json, see the README next to
// it): the decision the answer-inquiries cycle step makes, without the database — candidates are
// the published articles sharing a keyword with the inquiry (the GIN `&&` lookup), the best one by
// bestMatch, answered when its confidence reaches the gate.
import { readFileSync } from 'node:fs';
import { articleKeywords, bestMatch, inquiryTerms, matchConfidence, type Match } from '../../src/modules/itsm/kb-match.js';

export interface Article {
  id: string;
  lang: 'ko' | 'en';
  title: string;
  body: string;
  tags: string[];
}

export interface Inquiry {
  title: string;
  description: string;
  /** Articles that answer it (either is right); empty: none does, a human must. */
  answers: string[];
  lang: 'ko' | 'en' | 'mixed';
  /** tuning: the set the confidence was designed on; held-out: written before that, judged after. */
  part: 'tuning' | 'held-out';
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/kb-answers.json', import.meta.url), 'utf8')) as { articles: Article[]; inquiries: Inquiry[] };
export const articles = fixture.articles;
export const inquiries = fixture.inquiries;

const candidates = articles.map((article) => ({ id: article.id, title: article.title, keywords: articleKeywords(article.title, article.body, article.tags) }));

export interface Judged {
  inquiry: Inquiry;
  match: Match | undefined;
  /** The best article is one that answers the inquiry. */
  right: boolean;
}

export function judge(inquiry: Inquiry): Judged {
  const terms = inquiryTerms(inquiry.title, inquiry.description);
  const keywords = new Set(terms.map((term) => term.keyword));
  const match = bestMatch(terms, candidates.filter((candidate) => candidate.keywords.some((keyword) => keywords.has(keyword))));
  return { inquiry, match, right: !!match && inquiry.answers.includes(match.articleId) };
}

/** The decision before issue 14, for the before/after figures: the best article by coverage alone. */
export function judgeByCoverage(inquiry: Inquiry): Judged {
  const terms = inquiryTerms(inquiry.title, inquiry.description);
  const keywords = new Set(terms.map((term) => term.keyword));
  let best: (Match & { size: number }) | undefined;
  for (const candidate of candidates.filter((c) => c.keywords.some((keyword) => keywords.has(keyword)))) {
    const match = { articleId: candidate.id, size: candidate.keywords.length, ...matchConfidence(terms, candidate.keywords) };
    if (!best || match.confidence > best.confidence || (match.confidence === best.confidence && match.size < best.size)) best = match;
  }
  return { inquiry, match: best, right: !!best && inquiry.answers.includes(best.articleId) };
}

export const formatGate = (f: GateFigures) =>
  `gate ${f.gate.toFixed(2)}: answered ${f.answered}, right ${f.right}, answerable ${f.answerable}; precision ${f.precision.toFixed(3)}, ` +
  `coverage ${f.coverage.toFixed(3)} (answered correctly: ${f.correctCoverage.toFixed(3)})`;

/** Expected calibration error: the count-weighted gap between confidence and accuracy over the bins. */
export function calibrationError(bins: ReturnType<typeof reliability>): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  return bins.reduce((sum, bin) => sum + (bin.count ? (bin.count / total) * Math.abs(bin.accuracy! - bin.meanConfidence!) : 0), 0);
}

export interface GateFigures {
  gate: number;
  answered: number;
  right: number;
  answerable: number;
  /** right / answered (1 when nothing is answered). */
  precision: number;
  /** answered / answerable, as the issue defines it. */
  coverage: number;
  /** right / answerable: the share of answerable inquiries answered correctly. */
  correctCoverage: number;
  wrong: string[];
}

export function atGate(judged: Judged[], gate: number, confidence: (j: Judged) => number = (j) => j.match?.confidence ?? 0): GateFigures {
  const answered = judged.filter((j) => j.match && confidence(j) >= gate);
  const right = answered.filter((j) => j.right).length;
  const answerable = judged.filter((j) => j.inquiry.answers.length > 0).length;
  return {
    gate,
    answered: answered.length,
    right,
    answerable,
    precision: answered.length === 0 ? 1 : right / answered.length,
    coverage: answered.length / answerable,
    correctCoverage: right / answerable,
    wrong: answered
      .filter((j) => !j.right)
      .map((j) => `"${j.inquiry.title}" → ${j.match!.articleId} (${confidence(j).toFixed(3)}; matched ${j.match!.matched.join(', ')}) expected ${j.inquiry.answers.join('/') || 'none'}`),
  };
}

/** Reliability: in each confidence bin, how often the best article is right (the confidence's promise). */
export function reliability(judged: Judged[], edges: number[], confidence: (j: Judged) => number = (j) => j.match?.confidence ?? 0) {
  return edges.slice(0, -1).map((low, i) => {
    const high = edges[i + 1]!;
    const inBin = judged.filter((j) => j.match && confidence(j) >= low && (confidence(j) < high || (high === 1 && confidence(j) === 1)));
    const right = inBin.filter((j) => j.right).length;
    const mean = inBin.reduce((sum, j) => sum + confidence(j), 0) / (inBin.length || 1);
    return { low, high, count: inBin.length, right, accuracy: inBin.length ? right / inBin.length : null, meanConfidence: inBin.length ? mean : null };
  });
}
