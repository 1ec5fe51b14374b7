// How well a KB article answers an inquiry (pure).
//
// Confidence = the share of the inquiry's distinctive keywords that the article covers, weighted:
//   confidence = Σ weight(k) for k in request ∩ article  /  max(Σ weight(k) for k in request, EVIDENCE_FLOOR)
// - distinctive: stopwords and generic words ("fails", "오류", "안됩니다", "how to", "방법") are left
//   out, since every troubleshooting article or how-to would "cover" them;
// - weight: technical terms (vpn, oracle, outlook, error codes) ×2, words of the title ×2: they name
//   what the requester is asking about, incidental description words weigh less;
// - Korean particles and endings are stripped and both languages map to one vocabulary, so
//   "비밀번호 초기화는 어떻게 하나요?" and "How do I reset my password?" have the same keywords
//   (password, reset) and match the same article, in Korean or English;
// - EVIDENCE_FLOOR: a one-word inquiry ("VPN?") cannot reach 0.75 however well it is covered:
//   too little evidence to answer on the requester's behalf.
// So 0.75 means: three quarters of what the requester is asking about, by weight, is addressed by
// the article. An article that is merely on the same topic but misses the specific thing asked
// (e.g. a VPN article for "VPN 인증서 오류") stays below the threshold.
import { requestKeywords, textKeywords } from '../language/keywords.js';

export const AUTO_ANSWER_CONFIDENCE = 0.75;
export const EVIDENCE_FLOOR = 3;

export interface MatchTerm {
  keyword: string;
  weight: number;
}

export interface ArticleCandidate {
  id: string;
  keywords: string[];
}

export interface Match {
  articleId: string;
  confidence: number;
  matched: string[];
  missing: string[];
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

/**
 * The best article for the inquiry: highest confidence; on a tie the more focused article (fewer
 * keywords), so a catch-all page does not win over the article written for exactly this.
 */
export function bestMatch(terms: MatchTerm[], candidates: ArticleCandidate[]): Match | undefined {
  let best: (Match & { size: number }) | undefined;
  for (const candidate of candidates) {
    const match = { articleId: candidate.id, size: candidate.keywords.length, ...matchConfidence(terms, candidate.keywords) };
    if (!best || match.confidence > best.confidence || (match.confidence === best.confidence && match.size < best.size)) best = match;
  }
  if (!best) return undefined;
  const { size: _size, ...match } = best;
  return match;
}
