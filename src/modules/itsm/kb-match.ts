// How well a KB article answers an inquiry (pure).
//
// Coverage = the share of the inquiry's distinctive keywords that the article covers, weighted:
//   coverage = Σ weight(k) for k in request ∩ article  /  max(Σ weight(k) for k in request, EVIDENCE_FLOOR)
// - distinctive: stopwords and generic words ("fails", "오류", "안됩니다", "how to", "방법") are left
//   out, since every troubleshooting article or how-to would "cover" them;
// - weight: technical terms (vpn, oracle, outlook, error codes) ×2, words of the title ×2: they name
//   what the requester is asking about, incidental description words weigh less;
// - Korean particles and endings are stripped and both languages map to one vocabulary, so
//   "비밀번호 초기화는 어떻게 하나요?" and "How do I reset my password?" have the same keywords
//   (password, reset) and match the same article, in Korean or English;
// - EVIDENCE_FLOOR: a one-word inquiry ("VPN?") cannot reach 0.75 however well it is covered:
//   too little evidence to answer on the requester's behalf.
// Coverage alone trusts long articles that mention everything ("Mobile phone replacement" is fully
// covered by the OTP re-registration article, which mentions changing phones). So the confidence
// also asks the other way round, and for agreement:
// - title anchor: the article's title says what it is for; the share of its distinctive title
//   keywords (technical ×2) that the inquiry names is titleCoverage, and below TITLE_ANCHOR the
//   confidence is scaled down in proportion (an inquiry naming none of it gets 0);
// - conflict: an inquiry about one alternative of an exclusive group (receive) and an article about
//   only another (send) — see EXCLUSIVE_GROUPS in the lexicon — gets 0.
//   score = conflict ? 0 : coverage × min(1, titleCoverage / TITLE_ANCHOR)
// - calibration: the score ranks well but is not a probability (raw 0.75–0.8 was right 4 times in
//   5, 0.5–0.6 once in 8). The confidence is the score mapped through CONFIDENCE_CALIBRATION, a
//   monotone piecewise-linear map fitted on the tuning part of the labelled KB
//   (test/fixtures/kb-answers.json) by isotonic regression (pool adjacent violators), each block's
//   rate smoothed as (right + ½) / (n + 1) (Jeffreys). So a confidence of 0.8 means "right about 80% of the
//   time" on that data; test/quality-auto-answer.test.ts prints the reliability table per part.
import { exclusiveConflict, requestKeywords, textKeywords } from '../language/keywords.js';

export const AUTO_ANSWER_CONFIDENCE = 0.75;
export const EVIDENCE_FLOOR = 3;
/** Share of the article title's keywords an inquiry must name for its coverage to count in full. */
export const TITLE_ANCHOR = 0.5;

export interface MatchTerm {
  keyword: string;
  weight: number;
}

export interface ArticleCandidate {
  id: string;
  keywords: string[];
  /** The article's title (its anchor); without it the title anchor is not applied. */
  title?: string;
}

export interface Match {
  articleId: string;
  confidence: number;
  matched: string[];
  missing: string[];
  /** Coverage with the title anchor and conflict applied, before calibration. */
  score?: number;
  /** The inquiry's weighted keywords the article covers (the score before anchor and conflict). */
  coverage?: number;
  /** The article title's weighted keywords the inquiry names. */
  titleCoverage?: number;
  /** Why the article answers another question (send vs receive), when it does. */
  conflict?: string;
}

/** The keywords stored on a KB article (KbArticle.keywords, GIN-indexed for candidate lookup). */
export function articleKeywords(title: string, body: string, tags: string[] = []): string[] {
  return textKeywords(`${title}\n${body}\n${tags.join(' ')}`);
}

/** The inquiry's distinctive keywords with their weights. */
export function inquiryTerms(title: string, description: string): MatchTerm[] {
  return requestKeywords(title, description)
    .filter((k) => !k.generic)
    .map((k) => ({ keyword: k.keyword, weight: (k.tech ? 2 : 1) * (k.inTitle ? 2 : 1) }));
}

export function matchConfidence(terms: MatchTerm[], articleKeywords: Iterable<string>): Omit<Match, 'articleId'> {
  const covered = new Set(articleKeywords);
  let total = 0;
  let hit = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const term of terms) {
    total += term.weight;
    if (covered.has(term.keyword)) {
      hit += term.weight;
      matched.push(term.keyword);
    } else {
      missing.push(term.keyword);
    }
  }
  const confidence = total === 0 ? 0 : hit / Math.max(total, EVIDENCE_FLOOR);
  return { confidence: Math.round(confidence * 1000) / 1000, matched, missing };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * [score, confidence] knots, score ascending: isotonic blocks of the tuning part (score range → right
 * / n): 0–0.445 → 0/23, 0.48–0.6 → 1/8, 0.667–0.727 → 3/4, 0.75–0.8 → 4/5, 0.818–1 → 53/53, each
 * smoothed (right + ½) / (n + 1); linear between blocks. No shared keyword (score 0) stays 0.
 */
export const CONFIDENCE_CALIBRATION: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [0.01, 0.021],
  [0.445, 0.021],
  [0.48, 0.167],
  [0.6, 0.167],
  [0.667, 0.7],
  [0.727, 0.7],
  [0.75, 0.75],
  [0.8, 0.75],
  [0.818, 0.991],
  [1, 0.991],
];

/** The calibrated confidence of a score (see CONFIDENCE_CALIBRATION). */
export function calibratedConfidence(score: number): number {
  const knots = CONFIDENCE_CALIBRATION;
  if (score <= knots[0]![0]) return knots[0]![1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    const [x0, y0] = knots[i - 1]!;
    if (score <= x1) return y0 + ((score - x0) / (x1 - x0)) * (y1 - y0);
  }
  return knots[knots.length - 1]![1];
}

/** The article title's distinctive keywords, weighted like the inquiry's (technical ×2). */
function titleTerms(title: string): MatchTerm[] {
  return requestKeywords(title)
    .filter((k) => !k.generic)
    .map((k) => ({ keyword: k.keyword, weight: k.tech ? 2 : 1 }));
}

/** The confidence that the article answers the inquiry (see the header): coverage, title anchor, conflict. */
export function articleMatch(terms: MatchTerm[], candidate: ArticleCandidate): Match {
  const { confidence: coverage, matched, missing } = matchConfidence(terms, candidate.keywords);
  const asked = new Set(terms.map((term) => term.keyword));
  let titleCoverage = 1;
  if (candidate.title !== undefined) {
    const anchor = titleTerms(candidate.title);
    const total = anchor.reduce((sum, term) => sum + term.weight, 0);
    if (total > 0) titleCoverage = anchor.filter((term) => asked.has(term.keyword)).reduce((sum, term) => sum + term.weight, 0) / total;
  }
  const conflict = exclusiveConflict(asked, new Set(candidate.keywords)) ?? undefined;
  const score = conflict ? 0 : coverage * Math.min(1, titleCoverage / TITLE_ANCHOR);
  return {
    articleId: candidate.id,
    confidence: round3(calibratedConfidence(score)),
    matched,
    missing,
    score: round3(score),
    coverage,
    titleCoverage: round3(titleCoverage),
    ...(conflict ? { conflict } : {}),
  };
}

/**
 * The best article for the inquiry: highest confidence; on a tie the more focused article (fewer
 * keywords), so a catch-all page does not win over the article written for exactly this.
 */
export function bestMatch(terms: MatchTerm[], candidates: ArticleCandidate[]): Match | undefined {
  let best: (Match & { size: number }) | undefined;
  for (const candidate of candidates) {
    const match = { ...articleMatch(terms, candidate), size: candidate.keywords.length };
    if (!best || match.confidence > best.confidence || (match.confidence === best.confidence && match.size < best.size)) best = match;
  }
  if (!best) return undefined;
  const { size: _size, ...match } = best;
  return match;
}
