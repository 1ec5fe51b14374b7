// Typos: an unknown word one slip (insertion, deletion, substitution, swap of neighbours) away from
// exactly one concept's form is that concept. Latin words of MIN_TYPO_LATIN letters or more,
// Hangul words of MIN_TYPO_HANGUL syllables or more compared by jamo; the first letter must be right.
import type { Concept } from './lexicon.js';
import { englishForms, koreanForms } from './lexicon-index.js';

/** True when a and b differ by exactly one insertion, deletion, substitution or swap of neighbours. */
function isOneEditApart<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return false;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const restA = endA - start + 1;
  const restB = endB - start + 1;
  if (restA <= 1 && restB <= 1) return true;
  // Two neighbours swapped: "emial" / "email".
  return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}

/** Korean syllables as jamo (initial, medial, final), so 허/호 or 캐/케 are one slip apart. */
function jamo(word: string): number[] {
  const out: number[] = [];
  for (const char of word) {
    const code = char.charCodeAt(0) - 0xac00;
    if (code < 0 || code > 11_171) {
      out.push(char.charCodeAt(0));
      continue;
    }
    out.push(0x1100 + Math.floor(code / 588), 0x1161 + Math.floor((code % 588) / 28));
    if (code % 28) out.push(0x11a7 + (code % 28));
  }
  return out;
}

/** Shortest word a typo is corrected in: shorter ones are too often another real word (match/patch). */
const MIN_TYPO_LATIN = 5;
const MIN_TYPO_HANGUL = 3;
const typoEnglishForms = [...englishForms.entries()].filter(([form]) => form.length >= MIN_TYPO_LATIN && /^[a-z]+$/.test(form));
const typoKoreanForms = [...koreanForms.entries()]
  .filter((entry): entry is [string, Concept] => entry[0].length >= MIN_TYPO_HANGUL && entry[1] !== null)
  .map(([form, concept]) => ({ form, concept, jamo: jamo(form) }));

/**
 * The concept an unknown word is a typo of: one edit from exactly one concept's forms, with the
 * first letter (syllable) right — typos rarely hit it, and it keeps "match" from becoming "patch".
 */
export function typoOf(word: string, hangul: boolean): Concept | undefined {
  let found: Concept | undefined;
  if (hangul) {
    if (word.length < MIN_TYPO_HANGUL) return undefined;
    const letters = jamo(word);
    for (const entry of typoKoreanForms) {
      if (entry.form[0] !== word[0] || !isOneEditApart(letters, entry.jamo)) continue;
      if (found && found !== entry.concept) return undefined;
      found = entry.concept;
    }
    return found;
  }
  if (word.length < MIN_TYPO_LATIN || !/^[a-z]+$/.test(word)) return undefined;
  for (const [form, concept] of typoEnglishForms) {
    if (form[0] !== word[0] || !isOneEditApart(word, form)) continue;
    if (found && found !== concept) return undefined;
    found = concept;
  }
  return found;
}
