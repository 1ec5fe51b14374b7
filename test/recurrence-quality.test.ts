// Recurrence decision quality on a labelled bilingual fixture (test/fixtures/recurrence-pairs.json):
// pairs of requests that are (or are not) the same recurring problem, in Korean, English and both,
// with spacing, particle and ending variations and hard negatives (shared words, other problem).
// The decision is the one detectRecurrence makes: same signature, or similarity ≥ the default
// threshold. Prints precision and recall; fails below 0.85 for either.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { extractKeywords } from '../src/modules/language/keywords.js';
import { isRecurrenceMatch } from '../src/modules/learning/similarity.js';

interface Pair {
  a: { title: string; description: string };
  b: { title: string; description: string };
  recurring: boolean;
  lang: string;
  note: string;
}

const pairs = JSON.parse(readFileSync(new URL('./fixtures/recurrence-pairs.json', import.meta.url), 'utf8')) as Pair[];
const threshold = loadConfig({}).learning.similarityThreshold;

describe('recurrence decision on the labelled fixture', () => {
  it('has at least 60 pairs, both labels, Korean, English and mixed', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(60);
    expect(new Set(pairs.map((p) => p.recurring))).toEqual(new Set([true, false]));
    expect(new Set(pairs.map((p) => p.lang))).toEqual(new Set(['ko', 'en', 'mixed']));
  });

  it('reaches precision and recall of at least 0.85', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const mistakes: string[] = [];
    for (const pair of pairs) {
      const a = extractKeywords(pair.a.title, pair.a.description);
      const b = extractKeywords(pair.b.title, pair.b.description);
      const { match, similarity } = isRecurrenceMatch(b, a, threshold);
      if (match && pair.recurring) tp++;
      else if (match) fp++;
      else if (pair.recurring) fn++;
      else tn++;
      if (match !== pair.recurring) {
        mistakes.push(`${pair.recurring ? 'missed' : 'false match'} (${similarity.toFixed(2)}, ${pair.note}): "${pair.a.title}" [${a.keywords}] vs "${pair.b.title}" [${b.keywords}]`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `recurrence fixture: ${pairs.length} pairs, threshold ${threshold}: TP ${tp} FP ${fp} FN ${fn} TN ${tn}; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}${mistakes.length ? `\n  ${mistakes.join('\n  ')}` : ''}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });
});
