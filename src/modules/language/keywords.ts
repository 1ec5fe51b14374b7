// Keyword extraction from Korean and English request text (pure: no database, no GraphQL).
// Korean: negations become one word ("안 됩니다", "되지 않아요", "할 수 없습니다" → fail), spacing
// variants are joined or split against the lexicon ("비밀 번호" → 비밀번호, "메일서버" → 메일 + 서버),
// particles and endings are stripped ("서버에" → 서버, "접속하려고" → 접속), stopwords dropped.
// English: light plural/-ing/-ed stemming, stopwords dropped. Both languages meet on the canonical
// words of the lexicon. Identifiers (ORA-12541, 502, 10.0.0.1), acronyms (VPN) and products (nginx)
// are kept and flagged as technical. Readers: classification and KB matching (requestKeywords,
// normalizeText), recurrence (extractKeywords: the ranked set and its signature).
// The lexicon's indexes are in lexicon-index.ts, typo correction in typos.ts, Korean segmentation in
// korean.ts; this file rewrites and tokenises the text, reads English and identifiers, and extracts.
import { EXCLUSIVE_GROUPS, type ConceptCategory } from './lexicon.js';
import { conceptByCanonical, englishForms, englishStopwords, type Term } from './lexicon-index.js';
import { joinSpacedKorean, segmentKorean, type Token } from './korean.js';
import { typoOf } from './typos.js';

export { stripKoreanSuffixes } from './korean.js';

export interface Keyword {
  keyword: string;
  /** An identifier, acronym, error code or named product. */
  tech: boolean;
  /** Said by nearly every report or question ("fail", "howto"): tells nothing about the subject. */
  generic: boolean;
  category?: ConceptCategory;
  /** Seen in the title (the requester's own summary of the problem). */
  inTitle: boolean;
  /** How many times the text says it. */
  count: number;
}

/** Keywords kept per request in the ranked set: the set matched against patterns. */
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
   * for reworded requests about one thing. Other keywords are context.
   */
  signature: string;
}

// ── text rewriting before tokenising ──

const REWRITES: Array<[RegExp, string]> = [
  // Korean negation, in its spaced and unspaced forms → one "failure" word.
  [/안\s*(?:되|돼|됨|됩|된|됐|됬)[가-힣]*/g, ' 실패 '],
  [/([가-힣])지\s*(?:않|못)[가-힣]*/g, '$1 실패 '],
  [/(?:할|될|볼|쓸|열|갈)?\s*수\s*(?:가\s*)?없[가-힣]*/g, ' 실패 '],
  [/(^|\s)(?:안|못)\s+(?=[가-힣])/g, '$1 실패 '],
  [/(^|\s)안(?=나오|나와|나옴|나옵|켜|열|보이|보여|들어|떠|뜨)/g, '$1 실패 '],
  [/못\s*(?=받|보내|열|들어)/g, ' 실패 '],
  // "응답 없음" is a hang; a missing signal, sound, power or connection is a failure of that thing.
  [/응답\s*(?:이|가)?\s*없[가-힣]*/g, ' 응답없음 '],
  // "2단계 인증" / "2차 인증": the digit would be split from the word.
  [/(?:2|두)\s*(?:단계|차)\s*인증/g, ' 이중인증 '],
  [/(신호|소리|반응|전원|화면|권한|인터넷|네트워크|연결)\s*(?:이|가)?\s*없[가-힣]*/g, '$1 실패 '],
  // English negation and fixed phrases.
  [/\b(?:ca|could|does|do|did|is|are|was|were|wo|would|has|have)n['’]t\b/gi, ' fail '],
  [/\b(?:can|could|does|do|did|is|are|was|were|would|will|has|have)\s+not\b/gi, ' fail '],
  [/\b(?:not|stop(?:s|ped)?)\s+(?:able|working|work|responding|loading|opening)\b/gi, ' fail '],
  // A computer that starts is booting (an application that starts is opening).
  [/\b(pc|computer|laptop|desktop|notebook|workstation|machine)\s+(?:start|starts|started|starting)\b/gi, ' $1 boot '],
  [/\bno\s+response\b/gi, ' unresponsive '],
  [/\bno\s+(?=(?:sound|audio|signal|internet|network|connection|connectivity|power|video|picture|display|access)\b)/gi, ' fail '],
  [/\btak(?:es|ing|e)\s+(?:ages|forever|too\s+long|very\s+long|a\s+long\s+time)\b/gi, ' slow '],
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
  // A VLAN or a port is named by its number, however small: "VLAN 20" is the identifier vlan-20.
  [/\b(vlan|port)\s*#?\s*(\d{1,5})\b/gi, ' $1-$2 '],
];

function rewrite(text: string): string {
  let rewritten = text.normalize('NFC');
  for (const [pattern, replacement] of REWRITES) rewritten = rewritten.replace(pattern, replacement);
  return rewritten;
}

/** NFC, phrases and negations rewritten, lower-cased: the text that regular-expression rules read. */
export function normalizeText(text: string): string {
  return rewrite(text).toLowerCase();
}

const TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*|[0-9]+[A-Za-z0-9]*(?:[-.:/][0-9A-Za-z]+)*|[가-힣]+/g;


function tokenize(text: string, title: boolean): Token[] {
  return [...rewrite(text).matchAll(TOKEN)].map((match) => ({ text: match[0], hangul: /^[가-힣]/.test(match[0]), title }));
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

function latinTerm(raw: string): Term | undefined {
  const lower = raw.toLowerCase();
  const known = englishForms.get(lower);
  if (known) return { concept: known };
  if (/^[0-9]/.test(raw)) {
    // Error and status codes, ports, addresses are kept; dates, times, ordinals, small counts and years are not.
    if (DATE_OR_TIME.test(raw) || /^\d+(?:st|nd|rd|th)$/i.test(raw)) return undefined;
    if (/^\d+$/.test(raw) && (raw.length < 3 || /^(?:19|20)\d\d$/.test(raw))) return undefined;
    return { word: lower, tech: true };
  }
  // A name with a digit, a separator or an inner capital (NullPointerException, CrashLoopBackOff).
  if (/[0-9]/.test(raw) || /[-_.]/.test(raw) || /[a-z][A-Z]|[A-Z]{2}[a-z]{2}/.test(raw)) return { word: lower, tech: true };
  const acronym = raw.length >= 2 && raw === raw.toUpperCase();
  if (acronym && !englishStopwords.has(lower)) return { word: lower, tech: true };
  if (englishStopwords.has(lower)) return undefined;
  const stem = stemEnglish(lower);
  const stemKnown = englishForms.get(stem);
  if (stemKnown) return { concept: stemKnown };
  if (englishStopwords.has(stem) || stem.length < 2) return undefined;
  const typo = typoOf(lower, false) ?? typoOf(stem, false);
  return typo ? { concept: typo } : { word: stem, tech: false };
}

// ── extraction ──

/** True for a canonical word of the lexicon; false for a word of its own (identifier, unknown noun). */
export function isLexiconKeyword(keyword: string): boolean {
  return conceptByCanonical.has(keyword);
}

/**
 * Why two keyword sets are about different things (EXCLUSIVE_GROUPS: "send vs receive"), or null:
 * each names an alternative of a group and none names the other's.
 */
export function exclusiveConflict(left: ReadonlySet<string>, right: ReadonlySet<string>): string | null {
  for (const group of EXCLUSIVE_GROUPS) {
    const mine = group.filter((side) => side.some((keyword) => left.has(keyword)));
    const theirs = group.filter((side) => side.some((keyword) => right.has(keyword)));
    if (mine.length > 0 && theirs.length > 0 && !mine.some((side) => theirs.includes(side))) {
      const named = (sides: (readonly string[])[], set: ReadonlySet<string>) => sides.map((side) => side.find((keyword) => set.has(keyword))).join('+');
      return `${named(mine, left)} vs ${named(theirs, right)}`;
    }
  }
  return null;
}

/** A name of its own (web-01, ORA-12541, 0x80070005, 10.0.0.15): a letter or an address, with a digit or a separator. */
const OWN_NAME = /^(?=.*[a-z])(?=.*[-_.\d]).+$|^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Weight of a keyword in similarity: technical terms, symptoms and environments tell problems apart
 * best, and two requests naming the same host, code or address most of all.
 */
export function keywordWeight(keyword: string, tech: boolean): number {
  const concept = conceptByCanonical.get(keyword);
  if (concept) return concept.weight ?? (tech ? 1.5 : 1);
  if (tech && OWN_NAME.test(keyword)) return 2;
  return tech ? 1.5 : 1;
}

/**
 * Every distinct keyword of a request, in order of first appearance (the title's first), with what
 * the lexicon knows about it. The description is optional: a single text is a title-less request.
 */
export function requestKeywords(title: string, description = ''): Keyword[] {
  const tokens = joinSpacedKorean([...tokenize(title, true), ...tokenize(description, false)]);
  const seen = new Map<string, Keyword>();
  const add = (term: Term, inTitle: boolean) => {
    const keyword = term.concept?.canonical ?? term.word!;
    const tech = term.concept ? !!term.concept.tech : term.tech!;
    const entry = seen.get(keyword);
    if (entry) {
      entry.count++;
      entry.inTitle ||= inTitle;
      entry.tech ||= tech;
      return;
    }
    const concept = term.concept;
    seen.set(keyword, { keyword, tech, generic: !!concept?.generic, category: concept?.category, inTitle, count: 1 });
  };
  for (const token of tokens) {
    if (token.hangul) {
      for (const term of segmentKorean(token.text)) add(term, token.title);
    } else {
      const term = latinTerm(token.text);
      if (term) add(term, token.title);
    }
  }
  return [...seen.values()];
}

/** The distinct keywords of one text (no title): what a KB article or a search is about. */
export function textKeywords(text: string): string[] {
  return requestKeywords('', text).map((k) => k.keyword);
}

/**
 * The ranked keyword set of a request: at most MAX_KEYWORDS, title words first, then by weight,
 * frequency and position; its signature is the title's (or, without any, the best) keywords.
 */
export function extractKeywords(title: string, description: string): ExtractedKeywords {
  const found = requestKeywords(title, description);
  const present = new Set(found.map((k) => k.keyword));
  const ranked = found
    // "연결 끊김" / "connection drops" is one symptom: disconnect already says connect.
    .filter((k) => !(k.keyword === 'connect' && present.has('disconnect')))
    .map((k, position) => ({ ...k, position, score: keywordWeight(k.keyword, k.tech) + 0.25 * Math.min(k.count - 1, 4) }))
    .sort((a, b) => Number(b.inTitle) - Number(a.inTitle) || b.score - a.score || a.position - b.position)
    .slice(0, MAX_KEYWORDS);
  const keywords = ranked.map((r) => r.keyword);
  const titled = ranked.filter((r) => r.inTitle).map((r) => r.keyword);
  const core = (titled.length > 0 ? titled : keywords).slice(0, SIGNATURE_SIZE);
  return {
    keywords,
    techKeywords: ranked.filter((r) => r.tech).map((r) => r.keyword),
    signature: [...core].sort().join(' '),
  };
}
