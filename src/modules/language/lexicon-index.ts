// Indexes over the lexicon, built once at load: surface form → concept for each language, the
// canonical words, the stopword sets, and the Korean suffixes longest first. Read by the Korean
// segmentation (korean.ts), typo correction (typos.ts) and extraction (keywords.ts).
import { CONCEPTS, ENGLISH_STOPWORDS, KOREAN_ENDINGS, KOREAN_PARTICLES, KOREAN_STOPWORDS, type Concept } from './lexicon.js';

/** A term found in the text: a lexicon concept, or a word of its own (an identifier, an unknown noun). */
export type Term = { concept: Concept; word?: undefined; tech?: undefined } | { concept?: undefined; word: string; tech: boolean };

/** Korean surface form → concept (null: a stopword, consumed and dropped). */
export const koreanForms = new Map<string, Concept | null>();
export const englishForms = new Map<string, Concept>();
export const conceptByCanonical = new Map<string, Concept>();
for (const concept of CONCEPTS) {
  conceptByCanonical.set(concept.canonical, concept);
  for (const form of concept.korean ?? []) koreanForms.set(form, concept);
  for (const form of concept.english ?? []) englishForms.set(form, concept);
}
for (const word of KOREAN_STOPWORDS) if (!koreanForms.has(word)) koreanForms.set(word, null);
export const longestKoreanForm = Math.max(...[...koreanForms.keys()].map((form) => form.length));
export const englishStopwords = new Set(ENGLISH_STOPWORDS);
export const koreanStopwords = new Set(KOREAN_STOPWORDS);
export const koreanSuffixes = [...new Set([...KOREAN_ENDINGS, ...KOREAN_PARTICLES])].sort((a, b) => b.length - a.length);
