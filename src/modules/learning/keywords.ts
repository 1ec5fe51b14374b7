// Keyword extraction for recurrence detection (pure: no database, no GraphQL).
// Korean: negations become one word ("안 됩니다", "되지 않아요" → fail), spacing variants are
// joined or split against the lexicon ("비밀 번호" → 비밀번호, "메일서버" → 메일 + 서버), particles
// and endings are stripped ("서버에" → 서버, "접속하려고" → 접속), stopwords dropped.
// English: lower-cased, light plural/-ing/-ed stemming, stopwords dropped. Both languages meet on
// the canonical words of the lexicon. Identifiers (ORA-12541, 502, 10.0.0.1), acronyms (VPN) and
// products (nginx) are kept and flagged as technical keywords.
import {
  CONCEPTS,
  ENGLISH_STOPWORDS,
  KOREAN_ENDINGS,
  KOREAN_PARTICLES,
  KOREAN_STOPWORDS,
} from './lexicon.js';

/** Keywords kept per request: the set matched against patterns. */
export const MAX_KEYWORDS = 8;
/** Keywords in a signature: the core (title) ones, sorted, so word order does not matter. */
export const SIGNATURE_SIZE = 5;

export interface ExtractedKeywords {
  /** Most important first (title words before description words, technical terms first). */
  keywords: string[];
  /** The subset that are identifiers, acronyms, error codes or named products. */
  techKeywords: string[];
  /**
   * The core keywords (from the title, at most SIGNATURE_SIZE), sorted and joined by a space: equal
   * for reworded requests about one thing. Other keywords are context and weigh half in similarity.
   */
  signature: string;
}

// ── lexicon indexes ──

/** Korean surface form → canonical keyword (null: a stopword, consumed and dropped). */
const koreanForms = new Map<string, string | null>();
const englishForms = new Map<string, string>();
const techCanonicals = new Set<string>();
const conceptWeights = new Map<string, number>();
for (const concept of CONCEPTS) {
  for (const form of concept.korean ?? []) koreanForms.set(form, concept.canonical);
  for (const form of concept.english ?? []) englishForms.set(form, concept.canonical);
  if (concept.tech) techCanonicals.add(concept.canonical);
  if (concept.weight) conceptWeights.set(concept.canonical, concept.weight);
}
for (const word of KOREAN_STOPWORDS) if (!koreanForms.has(word)) koreanForms.set(word, null);
const longestKoreanForm = Math.max(...[...koreanForms.keys()].map((form) => form.length));
const englishStopwords = new Set(ENGLISH_STOPWORDS);
const koreanStopwords = new Set(KOREAN_STOPWORDS);
const koreanSuffixes = [...new Set([...KOREAN_ENDINGS, ...KOREAN_PARTICLES])].sort((a, b) => b.length - a.length);
/** A chunk after a known stem that starts like this is a predicate ending (접속+하려고, 설치+된). */
const PREDICATE_START = /^[하되해돼했됐합됩할될한된함됨시드]/;

// ── text rewriting before tokenising ──

const REWRITES: Array<[RegExp, string]> = [
  // Korean negation, in its spaced and unspaced forms → one "failure" word.
  [/안\s*(?:되|돼|됨|됩|된|됐|됬)[가-힣]*/g, ' 실패 '],
  [/([가-힣])지\s*(?:않|못)[가-힣]*/g, '$1 실패 '],
  [/(?:할|될|볼|쓸|열|갈)?\s*수\s*(?:가\s*)?없[가-힣]*/g, ' 실패 '],
  [/(^|\s)(?:안|못)\s+(?=[가-힣])/g, '$1 실패 '],
  [/(^|\s)안(?=나오|나와|나옴|나옵|켜|열|보이|보여|들어|떠|뜨)/g, '$1 실패 '],
  [/못\s*(?=받|보내|열|들어)/g, ' 실패 '],
  // English negation and fixed phrases.
  [/\b(?:ca|could|does|do|did|is|are|was|were|wo|would|has|have)n['’]t\b/gi, ' fail '],
  [/\b(?:can|could|does|do|did|is|are|was|were|would|will|has|have)\s+not\b/gi, ' fail '],
  [/\bnot\s+(?:able|working|work|responding|loading|opening)\b/gi, ' fail '],
  [/\btim(?:ed|es|e)?[\s-]+out\b/gi, ' timeout '],
  [/\b(?:log|sign)(?:ged|ging)?[\s-]+in\b/gi, ' login '],
  [/\b(?:log|sign)(?:ged|ging)?[\s-]+(?:out|off)\b/gi, ' logout '],
  [/\bblue\s+screen\b/gi, ' bsod '],
  [/\bwi\s+fi\b/gi, ' wifi '],
  [/\be\s+mail\b/gi, ' email '],
  [/\bset\s+up\b/gi, ' setup '],
  // An HTTP status's reason phrase repeats its code: "502 Bad Gateway" says 502.
  [/\b(50[0-4])\s+(?:bad\s+gateway|gateway\s+time-?out|service\s+unavailable|internal\s+server\s+error|not\s+implemented)\b/gi, ' $1 '],
  [/\bbad\s+gateway\b/gi, ' 502 '],
  [/\bgateway\s+time-?out\b/gi, ' 504 '],
  [/\bservice\s+unavailable\b/gi, ' 503 '],
  [/\b(?:run|runs|running|ran)\s+out\s+of\b/gi, ' full '],
  [/\bhttps?:\/\/([^\s/]+)\S*/gi, ' $1 '],
];

const TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*|[0-9]+[A-Za-z0-9]*(?:[-.:/][0-9A-Za-z]+)*|[가-힣]+/g;

interface Token {
  text: string;
  hangul: boolean;
  title: boolean;
}

function tokenize(text: string, title: boolean): Token[] {
  let rewritten = text.normalize('NFC');
  for (const [pattern, replacement] of REWRITES) rewritten = rewritten.replace(pattern, replacement);
  return [...rewritten.matchAll(TOKEN)].map((match) => ({
    text: match[0],
    hangul: /^[가-힣]/.test(match[0]),
    title,
  }));
}

// ── Korean ──

function longestKoreanFormAt(word: string, start: number): string | undefined {
  const limit = Math.min(longestKoreanForm, word.length - start);
  for (let length = limit; length >= 1; length--) {
    // One-syllable forms (웹, 앱, 램) only at the start of a word: inside one they are noise (연락 ≠ 락).
    if (length === 1 && start > 0) break;
    const candidate = word.slice(start, start + length);
    if (koreanForms.has(candidate)) return candidate;
  }
  return undefined;
}

/** Strips particles and endings from the end: "데이터베이스에서는" → "데이터베이스". */
export function stripKoreanSuffixes(word: string): string {
  let current = word;
  for (let round = 0; round < 3; round++) {
    if (koreanForms.has(current)) return current;
    const suffix = koreanSuffixes.find((s) => current.endsWith(s) && current.length - s.length >= 2);
    if (!suffix) {
      // A word that is only a particle or an ending (e.g. "에서" after "nginx") strips to nothing.
      if (koreanSuffixes.includes(current)) return '';
      return current;
    }
    current = current.slice(0, -suffix.length);
  }
  return current;
}

function isOnlySuffixes(chunk: string): boolean {
  return chunk === '' || stripKoreanSuffixes(chunk) === '' || koreanSuffixes.includes(chunk);
}

/** Splits a Korean word into lexicon words and leftover stems; returns canonical keywords. */
function segmentKorean(word: string): string[] {
  const out: string[] = [];
  let chunkStart = 0;
  let afterKnown = false;
  const flush = (chunk: string) => {
    if (!chunk) return;
    if (afterKnown && (PREDICATE_START.test(chunk) || isOnlySuffixes(chunk))) return;
    // A two-syllable word ending in 요 is a bare predicate (와요, 줘요, 봐요), not a noun.
    if (chunk.length === 2 && chunk.endsWith('요')) return;
    const stem = stripKoreanSuffixes(chunk);
    if (stem.length < 2 || koreanStopwords.has(stem)) return;
    const known = koreanForms.get(stem);
    if (known === null) return;
    out.push(known ?? stem);
  };
  let index = 0;
  while (index < word.length) {
    const form = longestKoreanFormAt(word, index);
    if (!form) {
      index++;
      continue;
    }
    flush(word.slice(chunkStart, index));
    const canonical = koreanForms.get(form);
    if (canonical) out.push(canonical);
    index += form.length;
    chunkStart = index;
    afterKnown = true;
  }
  flush(word.slice(chunkStart));
  return out;
}

/** Joins spacing variants: "비밀 번호를" → "비밀번호를", "로그 인이" → "로그인이" (not "로그 인증"). */
function joinSpacedKorean(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const current = tokens[i]!;
    const next = tokens[i + 1];
    if (current.hangul && next?.hangul && next.title === current.title) {
      const joined = current.text + next.text;
      const form = longestKoreanFormAt(joined, 0);
      if (form && form.length > current.text.length) {
        const rest = joined.slice(form.length);
        if (isOnlySuffixes(rest) || longestKoreanFormAt(rest, 0)) {
          out.push({ ...current, text: joined });
          i++;
          continue;
        }
      }
    }
    out.push(current);
  }
  return out;
}

// ── English and identifiers ──

function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

const DATE_OR_TIME = /^(?:\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}[:]\d{2}(?::\d{2})?|\d{1,2}[-./]\d{1,2})$/;

interface Term {
  keyword: string;
  tech: boolean;
}

function latinTerm(raw: string): Term | undefined {
  const lower = raw.toLowerCase();
  const known = englishForms.get(lower);
  if (known) return { keyword: known, tech: techCanonicals.has(known) };
  if (/^[0-9]/.test(raw)) {
    // Error and status codes, ports, addresses are kept; dates, times, ordinals, small counts and years are not.
    if (DATE_OR_TIME.test(raw) || /^\d+(?:st|nd|rd|th)$/i.test(raw)) return undefined;
    if (/^\d+$/.test(raw) && (raw.length < 3 || /^(?:19|20)\d\d$/.test(raw))) return undefined;
    return { keyword: lower, tech: true };
  }
  if (/[0-9]/.test(raw) || /[-_.]/.test(raw)) return { keyword: lower, tech: true };
  const acronym = raw.length >= 2 && raw === raw.toUpperCase();
  if (acronym && !englishStopwords.has(lower)) return { keyword: lower, tech: true };
  if (englishStopwords.has(lower)) return undefined;
  const stem = stemEnglish(lower);
  const stemKnown = englishForms.get(stem);
  if (stemKnown) return { keyword: stemKnown, tech: techCanonicals.has(stemKnown) };
  if (englishStopwords.has(stem) || stem.length < 2) return undefined;
  return { keyword: stem, tech: false };
}

// ── extraction ──

/** Weight of a keyword in similarity: technical terms, symptoms and environments tell problems apart best. */
export function keywordWeight(keyword: string, tech: boolean): number {
  return conceptWeights.get(keyword) ?? (tech ? 1.5 : 1);
}

/** Canonical form of one word, as extraction would produce it (used to query by keyword). */
export function normalizeKeyword(word: string): string[] {
  return extractKeywords(word, '').keywords;
}

export function extractKeywords(title: string, description: string): ExtractedKeywords {
  const tokens = joinSpacedKorean([...tokenize(title, true), ...tokenize(description, false)]);
  const seen = new Map<string, { tech: boolean; title: boolean; count: number; position: number }>();
  let position = 0;
  const add = (term: Term, fromTitle: boolean) => {
    const entry = seen.get(term.keyword);
    if (entry) {
      entry.count++;
      entry.title ||= fromTitle;
      entry.tech ||= term.tech;
    } else {
      seen.set(term.keyword, { tech: term.tech, title: fromTitle, count: 1, position: position++ });
    }
  };
  for (const token of tokens) {
    if (token.hangul) {
      for (const keyword of segmentKorean(token.text)) add({ keyword, tech: techCanonicals.has(keyword) }, token.title);
    } else {
      const term = latinTerm(token.text);
      if (term) add(term, token.title);
    }
  }
  // "연결 끊김" / "connection drops" is one symptom: disconnect already says connect.
  if (seen.has('disconnect')) seen.delete('connect');
  // Title words first (they say what the request is about), then by weight, frequency and position.
  const ranked = [...seen.entries()]
    .map(([keyword, entry]) => ({
      keyword,
      tech: entry.tech,
      title: entry.title,
      position: entry.position,
      score: keywordWeight(keyword, entry.tech) + 0.25 * Math.min(entry.count - 1, 4),
    }))
    .sort((a, b) => Number(b.title) - Number(a.title) || b.score - a.score || a.position - b.position)
    .slice(0, MAX_KEYWORDS);
  const keywords = ranked.map((r) => r.keyword);
  // The core: title keywords (or, without any, the description's best), at most SIGNATURE_SIZE.
  const titled = ranked.filter((r) => r.title).map((r) => r.keyword);
  const core = (titled.length > 0 ? titled : keywords).slice(0, SIGNATURE_SIZE);
  return {
    keywords,
    techKeywords: ranked.filter((r) => r.tech).map((r) => r.keyword),
    signature: [...core].sort().join(' '),
  };
}
