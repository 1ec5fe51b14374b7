// Keyword extraction for classification and KB matching (pure: no database, no GraphQL).
// Korean: negations become one word ("안 됩니다" → 안됨 → fail), particles and endings are stripped
// ("비밀번호를" → 비밀번호, "접속하려면" → 접속), compounds are split on known words ("계정잠김" →
// account + lock). English: lower-cased, light plural/-ing/-ed stemming. Both meet on the lexicon's
// canonical words; stopwords are dropped; identifiers (ORA-12541, 502) are kept as technical terms.
import type { Category } from '../../generated/prisma/enums.js';
import { ENGLISH_STOPWORDS, KOREAN_STOPWORDS, KOREAN_SUFFIXES, TERMS, type Term } from './lexicon.js';

export interface Keyword {
  keyword: string;
  tech: boolean;
  generic: boolean;
  category?: Category;
  /** Seen in the title (the requester's own summary of the problem). */
  inTitle: boolean;
}

const formToTerm = new Map<string, Term>();
for (const term of TERMS) for (const form of term.forms) formToTerm.set(form, term);
const koreanForms = [...formToTerm.keys()].filter((form) => /^[가-힣]/.test(form));
const longestKoreanForm = Math.max(...koreanForms.map((form) => form.length));
const koreanStopwords = new Set(KOREAN_STOPWORDS);
const englishStopwords = new Set(ENGLISH_STOPWORDS);
const koreanSuffixes = [...new Set(KOREAN_SUFFIXES)].sort((a, b) => b.length - a.length);

/** Phrases rewritten before tokenising, so that spacing and negation do not split meaning. */
const REWRITES: Array<[RegExp, string]> = [
  [/(?<![가-힣])안\s*(?:되|돼|됨|됩|된|됐)[가-힣]*/g, ' 안됨 '],
  [/(?<![가-힣])(?:되|하)지\s*(?:않|못)[가-힣]*/g, ' 안됨 '],
  [/([가-힣]{2,})지\s*(?:않|못)[가-힣]*/g, '$1 안됨 '],
  [/(?<![가-힣])수\s*(?:가\s*)?없[가-힣]*/g, ' 불가 '],
  [/\bnot\s+(?:working|work|responding|loading|opening)\b/g, ' fail '],
  [/\b(?:does|do|did|is|are)n['’]t\s+(?:work|working|respond|load|open)\b/g, ' fail '],
  [/\btim(?:ed|es|e)?[\s-]+out\b/g, ' timeout '],
  [/\b(?:log|sign)(?:ged|ging)?[\s-]+(?:in|on)(?:to)?\b/g, ' login '],
  [/\bwi\s+fi\b/g, ' wifi '],
  [/\be\s+mail\b/g, ' email '],
  [/\bset\s+up\b/g, ' setup '],
];

const TOKEN = /[가-힣]+|[a-z0-9]+(?:[-_.][a-z0-9]+)*/g;
const DATE_OR_TIME = /^(?:\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}[-./:]\d{2}(?:[:]\d{2})?)$/;

/** Lower-cased, NFC, phrases rewritten: the text the classifier's regular expressions read too. */
export function normalizeText(text: string): string {
  let normalized = text.normalize('NFC').toLowerCase();
  for (const [pattern, replacement] of REWRITES) normalized = normalized.replace(pattern, replacement);
  return normalized;
}

/** A stem that still ends like a conjugated verb ("받았", "열어주세", "납"): not a keyword. */
const PREDICATE_LEFTOVER = /(?:았|었|였|했|됐|왔|났|겠|납|합|됩|습|주세|어주|아주|드려|드리|[았었였했왔났]어)$/;

/**
 * Strips particles and endings from the end, keeping a stem of at least two syllables; returns ''
 * for a word that is only an ending ("입니다", "에서") or a one-syllable word with a particle
 * ("9시부터" → 시).
 */
export function stripKoreanSuffixes(word: string): string {
  if (koreanSuffixes.includes(word)) return '';
  let current = word;
  for (let round = 0; round < 3; round++) {
    if (formToTerm.has(current) || koreanStopwords.has(current)) return current;
    const suffix = koreanSuffixes.find((s) => current.endsWith(s) && current.length - s.length >= 2);
    if (!suffix) {
      const short = koreanSuffixes.find((s) => s.length >= 2 && current.endsWith(s) && current.length - s.length === 1);
      return short ? '' : current;
    }
    current = current.slice(0, -suffix.length);
  }
  return current;
}

function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  if (word.length > 6 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

type Found = Pick<Keyword, 'keyword' | 'tech' | 'generic' | 'category'>;

function fromTerm(term: Term): Found {
  return { keyword: term.canonical, tech: !!term.tech, generic: !!term.generic, category: term.category };
}

function latinKeywords(token: string): Found[] {
  const known = formToTerm.get(token);
  if (known) return [fromTerm(known)];
  if (englishStopwords.has(token) || token.length < 2) return [];
  if (/\d/.test(token)) {
    // Error codes, ports and host names are kept; dates, times, small counts and years are not.
    if (DATE_OR_TIME.test(token) || /^\d{1,2}$/.test(token) || /^(?:19|20)\d\d$/.test(token) || /^\d+(?:st|nd|rd|th|f)$/.test(token)) return [];
    return [{ keyword: token, tech: true, generic: false }];
  }
  const stem = stemEnglish(token);
  const stemKnown = formToTerm.get(stem);
  if (stemKnown) return [fromTerm(stemKnown)];
  if (englishStopwords.has(stem)) return [];
  return [{ keyword: stem, tech: /[-_.]/.test(token), generic: false }];
}

/** Known words inside a compound, longest first from the left ("계정잠김" → 계정, 잠김). */
function splitCompound(stem: string): Term[] {
  const found: Term[] = [];
  let index = 0;
  while (index < stem.length) {
    let matched: string | undefined;
    for (let length = Math.min(longestKoreanForm, stem.length - index); length >= 2; length--) {
      const candidate = stem.slice(index, index + length);
      if (formToTerm.has(candidate)) {
        matched = candidate;
        break;
      }
    }
    if (matched) {
      found.push(formToTerm.get(matched)!);
      index += matched.length;
    } else {
      index++;
    }
  }
  return found;
}

function koreanKeywords(token: string): Found[] {
  if (koreanStopwords.has(token)) return [];
  const stem = stripKoreanSuffixes(token);
  if (stem.length < 2 || koreanStopwords.has(stem)) return [];
  const known = formToTerm.get(stem);
  if (known) return [fromTerm(known)];
  const parts = splitCompound(stem);
  if (parts.length > 0) return parts.map(fromTerm);
  if (PREDICATE_LEFTOVER.test(stem)) return [];
  return [{ keyword: stem, tech: false, generic: false }];
}

/** Every distinct keyword of a text, in order of first appearance. */
export function extractKeywords(text: string, inTitle = false): Keyword[] {
  const seen = new Map<string, Keyword>();
  for (const [token] of normalizeText(text).matchAll(TOKEN)) {
    const found = /^[가-힣]/.test(token) ? koreanKeywords(token) : latinKeywords(token);
    for (const keyword of found) if (!seen.has(keyword.keyword)) seen.set(keyword.keyword, { ...keyword, inTitle });
  }
  return [...seen.values()];
}

/** Keywords of a request: title words first and flagged, then the description's new ones. */
export function requestKeywords(title: string, description: string): Keyword[] {
  const fromTitle = extractKeywords(title, true);
  const known = new Set(fromTitle.map((k) => k.keyword));
  return [...fromTitle, ...extractKeywords(description).filter((k) => !known.has(k.keyword))];
}

/** The keywords stored on a KB article (KbArticle.keywords, GIN-indexed for candidate lookup). */
export function articleKeywords(title: string, body: string, tags: string[] = []): string[] {
  return [...new Set(extractKeywords(`${title}\n${body}\n${tags.join(' ')}`).map((k) => k.keyword))];
}
