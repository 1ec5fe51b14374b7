// Korean segmentation: spacing variants joined against the lexicon ("비밀 번호" → 비밀번호), compounds
// split ("메일서버" → 메일 + 서버), particles and endings stripped ("서버에" → 서버), and leftovers that
// are predicates (접속+하려고, "렸습", 찼어) dropped. Unknown stems go through typo correction.
import { koreanForms, koreanStopwords, koreanSuffixes, longestKoreanForm, type Term } from './lexicon-index.js';
import { typoOf } from './typos.js';

/** A word of the text as tokenised (keywords.ts), with where it was seen. */
export interface Token {
  text: string;
  hangul: boolean;
  title: boolean;
}

/** A chunk after a known stem that starts like this is a predicate ending (접속+하려고, 설치+된). */
const PREDICATE_START = /^[하되해돼했됐합됩할될한된함됨시드]/;
/** A stem that still ends like a conjugated verb ("받았", "열어주세", "렸습"): not a keyword. */
const PREDICATE_LEFTOVER = /(?:았|었|였|했|됐|왔|났|겠|납|합|됩|습|렸|주세|어주|아주|드려|드리|[았었였했왔났렸]어)$/;

/** A stem with a syllable ending in ㅆ (찼, 바꿨, 있는, 해봤지): a verb form (있다, past tense), never a noun. */
function isPastTense(stem: string): boolean {
  for (const char of stem) {
    const code = char.charCodeAt(0) - 0xac00;
    if (code >= 0 && code <= 11_171 && code % 28 === 20) return true;
  }
  return false;
}

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

/** Strips particles and endings from the end: "데이터베이스에서는" → "데이터베이스"; "입니다" → "". */
export function stripKoreanSuffixes(word: string): string {
  let current = word;
  for (let round = 0; round < 3; round++) {
    if (koreanForms.has(current)) return current;
    const suffix = koreanSuffixes.find((s) => current.endsWith(s) && current.length - s.length >= 2);
    if (!suffix) {
      // A word that is only a particle or an ending (e.g. "에서" after "nginx") strips to nothing, and
      // so does one syllable before a longer particle ("층에서", "9시부터" → 시): too short to tell anything.
      if (koreanSuffixes.includes(current)) return '';
      const short = koreanSuffixes.find((s) => s.length >= 2 && current.endsWith(s) && current.length - s.length === 1);
      return short ? '' : current;
    }
    current = current.slice(0, -suffix.length);
  }
  return current;
}

function isOnlySuffixes(chunk: string): boolean {
  return chunk === '' || stripKoreanSuffixes(chunk) === '' || koreanSuffixes.includes(chunk);
}


/** Splits a Korean word into lexicon words and leftover stems. */
export function segmentKorean(word: string): Term[] {
  const out: Term[] = [];
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
    if (known === null || (!known && (PREDICATE_LEFTOVER.test(stem) || isPastTense(stem)))) return;
    const concept = known ?? typoOf(stem, true);
    out.push(concept ? { concept } : { word: stem, tech: false });
  };
  let index = 0;
  while (index < word.length) {
    const form = longestKoreanFormAt(word, index);
    if (!form) {
      index++;
      continue;
    }
    flush(word.slice(chunkStart, index));
    const concept = koreanForms.get(form);
    if (concept) out.push({ concept });
    index += form.length;
    chunkStart = index;
    afterKnown = true;
  }
  flush(word.slice(chunkStart));
  return out;
}

/** Joins spacing variants: "비밀 번호를" → "비밀번호를", "로그 인이" → "로그인이" (not "로그 인증"). */
export function joinSpacedKorean(tokens: Token[]): Token[] {
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
