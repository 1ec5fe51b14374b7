// Similarity of a request and a pattern (pure): weighted Jaccard (Ruzicka) over their keywords.
// A keyword weighs keywordWeight() (technical terms, symptoms, environments 1.5; others 1), halved
// when it is context rather than core (core = the signature's keywords, i.e. the title's), so the
// incidental words of long descriptions cannot outvote what the request is about.
// 1 means the same keywords; a recurrence needs at least the configured threshold (default 0.55).
import { keywordWeight } from '../language/keywords.js';

export interface KeywordSet {
  keywords: readonly string[];
  techKeywords: readonly string[];
  /** Core keywords, sorted and space-separated. */
  signature: string;
}

/** Weight of context (non-core) keywords relative to core ones. */
export const CONTEXT_WEIGHT = 0.5;

/** Each keyword's weight in a set: keywordWeight, halved for context (non-core) keywords. */
export function weights(set: KeywordSet, tech: Set<string> = new Set(set.techKeywords)): Map<string, number> {
  const core = new Set(set.signature.split(' ').filter(Boolean));
  const result = new Map<string, number>();
  for (const keyword of new Set([...set.keywords, ...core])) {
    result.set(keyword, keywordWeight(keyword, tech.has(keyword)) * (core.has(keyword) ? 1 : CONTEXT_WEIGHT));
  }
  return result;
}

export function keywordSimilarity(a: KeywordSet, b: KeywordSet): number {
  if (a.keywords.length === 0 || b.keywords.length === 0) return 0;
  const tech = new Set([...a.techKeywords, ...b.techKeywords]);
  const left = weights(a, tech);
  const right = weights(b, tech);
  let shared = 0;
  let union = 0;
  for (const keyword of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(keyword) ?? 0;
    const r = right.get(keyword) ?? 0;
    shared += Math.min(l, r);
    union += Math.max(l, r);
  }
  return union === 0 ? 0 : shared / union;
}

/** Rounded for display (3 decimals). */
export function roundSimilarity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The recurrence decision between a request and a pattern: same signature, or similar enough. */
export function isRecurrenceMatch(request: KeywordSet, pattern: KeywordSet, threshold: number): { match: boolean; similarity: number } {
  if (request.keywords.length === 0 || pattern.keywords.length === 0) return { match: false, similarity: 0 };
  if (request.signature === pattern.signature) return { match: true, similarity: 1 };
  const similarity = keywordSimilarity(request, pattern);
  return { match: similarity >= threshold, similarity };
}

/**
 * Generic keywords, most generic first: left out of the index probe when that cannot lose a match.
 * Everything else (identifiers, products, specific nouns) is always probed.
 */
const GENERIC_KEYWORDS = [
  'fail', 'server', 'connect', 'app', 'web', 'change', 'update', 'config', 'open', 'file', 'network', 'pc', 'login',
  'account', 'password', 'mail', 'screen', 'slow', 'install', 'print', 'howto', 'create', 'grant', 'permission',
  'prod', 'dev', 'stg', 'usage', 'high', 'send', 'receive', 'reset', 'restart', 'db',
];
const genericRank = new Map(GENERIC_KEYWORDS.map((keyword, index) => [keyword, index]));

/**
 * The keywords to look candidates up with (`keywords && probe`). Generic keywords are left out, most
 * generic first, while their total weight stays under threshold × the request's weight: a pattern
 * sharing only left-out keywords has shared ≤ their weight < threshold × union, so it cannot match.
 * Lossless, and it keeps "fail" or "server" from pulling in half the table.
 */
export function probeKeywords(request: KeywordSet, threshold: number): string[] {
  const weighted = weights(request);
  const total = [...weighted.values()].reduce((sum, weight) => sum + weight, 0);
  const budget = threshold * total;
  const generic = [...weighted.keys()].filter((keyword) => genericRank.has(keyword)).sort((a, b) => genericRank.get(a)! - genericRank.get(b)!);
  const leftOut = new Set<string>();
  let leftOutWeight = 0;
  for (const keyword of generic) {
    const weight = weighted.get(keyword)!;
    if (leftOutWeight + weight >= budget) break;
    leftOut.add(keyword);
    leftOutWeight += weight;
  }
  return [...weighted.keys()].filter((keyword) => !leftOut.has(keyword));
}
