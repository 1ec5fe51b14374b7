// What recurrence detection takes and answers, shared by detection (recurrence.service.ts) and
// occurrence counting / escalation (escalation.service.ts).
import type { Pattern } from '../../generated/prisma/client.js';
import type { RequestType } from '../../generated/prisma/enums.js';
import type { KeywordSet } from './similarity.js';

export interface RecurrenceInput {
  srId: string;
  title: string;
  description: string;
  srType: RequestType;
  instId: number | null;
}

export interface RecurrenceResult {
  /** The pattern this request belongs to; null when the text has no usable keywords. */
  pattern: Pattern | null;
  /** True when the pattern had been seen before within the window (this request excluded). */
  isRecurrence: boolean;
  /** Similarity to the matched pattern (1 for the exact signature, 0 for a new pattern). */
  similarity: number;
  /** True when this request made the pattern reach the escalation count. */
  escalatedNow: boolean;
  /** This request's keywords and signature. */
  keywords: string[];
  techKeywords: string[];
  signature: string;
  /** Signature of the pattern that matched (null for a new pattern). */
  matchedSignature: string | null;
  /** Occurrences of the pattern within the window, including this one. */
  occurrencesInWindow: number;
  /** Occurrences within the window that escalate (N). */
  escalationThreshold: number;
  windowDays: number;
  similarityThreshold: number;
}

/** What a result reports whatever the outcome: this request's keywords and the settings used. */
export type RecurrenceBase = Pick<RecurrenceResult, 'keywords' | 'techKeywords' | 'signature' | 'escalationThreshold' | 'windowDays' | 'similarityThreshold'>;

export interface RecurrenceSettings {
  windowDays: number;
  escalationThreshold: number;
  similarityThreshold: number;
}

/** A pattern as the matcher sees it. */
export interface Candidate {
  id: number;
  keywords: string[];
  techKeywords: string[];
  keywordSignature: string;
  patternKey: string;
}

export function asKeywordSet(pattern: { keywords: string[]; techKeywords: string[]; keywordSignature: string }): KeywordSet {
  return { keywords: pattern.keywords, techKeywords: pattern.techKeywords, signature: pattern.keywordSignature };
}
