// Similarity of two keyword sets (pure): weighted Jaccard, where technical terms weigh more.
// 1 means the same keywords; a recurrence needs at least the configured threshold (default 0.6).
import { keywordWeight } from './keywords.js';

export interface KeywordSet {
  keywords: readonly string[];
  techKeywords: readonly string[];
}

export function keywordSimilarity(a: KeywordSet, b: KeywordSet): number {
  if (a.keywords.length === 0 || b.keywords.length === 0) return 0;
  const tech = new Set([...a.techKeywords, ...b.techKeywords]);
  const left = new Set(a.keywords);
  const right = new Set(b.keywords);
  let shared = 0;
  let union = 0;
  for (const keyword of new Set([...left, ...right])) {
    const weight = keywordWeight(tech.has(keyword));
    union += weight;
    if (left.has(keyword) && right.has(keyword)) shared += weight;
  }
  return union === 0 ? 0 : shared / union;
}

/** Rounded for display (3 decimals). */
export function roundSimilarity(value: number): number {
  return Math.round(value * 1000) / 1000;
}
