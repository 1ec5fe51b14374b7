// Recurrence decision quality on the labelled bilingual pairs (test/fixtures/recurrence-pairs.json;
// how they were made: test/fixtures/README.md). The development part (v1 + v2: the lexicon, the
// rules and the threshold were chosen on it, looking at its mistakes) is reported with every mistake;
// the held-out part (v3, written before the matcher changes of its round) as figures only.
// 1. The decision detectRecurrence makes, without the database (test/quality/recurrence-eval.ts):
//    printed for both parts, and for the matching rules switched off one at a time (ablation).
// 2. The same pairs replayed through the public detectRecurrence mutation (keyword extraction, the
//    index lookup, stored pattern keywords, the window; b filed by another institution or as another
//    type where the pair says so): every pair must get the decision of 1, so 1 measures the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { graphql } from './generated/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { decide, developmentPairs, formatScores, heldOutPairs, HELD_OUT_ORIGIN, pairs, score, type Outcome } from './quality/recurrence-eval.js';

const RecurrenceQualityDetect = graphql(`
  mutation RecurrenceQualityDetect($input: RecurrenceInput!) {
    detectRecurrence(input: $input) { isRecurrence similarity matchedSignature signature }
  }
`);

const threshold = loadConfig({}).learning.similarityThreshold;
/** The issue's target on held-out pairs. */
const TARGET = 0.95;
/**
 * NOT the target: what the held-out part (v3) honestly reaches (0.914 / 0.860, see the README's
 * table), asserted so that a regression fails. Raising it needs a better matcher chosen on the
 * development part, never a change made by looking at v3.
 */
const HELD_OUT_FLOOR = { precision: 0.91, recall: 0.85 };
const DEVELOPMENT_FLOOR = { precision: 0.98, recall: 0.99 };

describe('the labelled recurrence pairs', () => {
  it('has at least 300 pairs: both labels, Korean, English and mixed, other institutions and types, a held-out part of its own', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(new Set(pairs.map((p) => p.recurring))).toEqual(new Set([true, false]));
    expect(new Set(pairs.map((p) => p.lang))).toEqual(new Set(['ko', 'en', 'mixed']));
    expect(new Set(pairs.map((p) => p.scope).filter(Boolean))).toEqual(new Set(['other-institution', 'other-type']));
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    expect(heldOutPairs.length).toBeGreaterThanOrEqual(120);
    expect(new Set(heldOutPairs.map((p) => p.lang))).toEqual(new Set(['ko', 'en', 'mixed']));
    expect(new Set(heldOutPairs.map((p) => p.scope).filter(Boolean))).toEqual(new Set(['other-institution', 'other-type']));
    console.log(
      `recurrence pairs: ${pairs.length} (${pairs.filter((p) => p.recurring).length} recurring); ` +
        `development (v1 + v2) ${developmentPairs.length}, held-out (${HELD_OUT_ORIGIN}) ${heldOutPairs.length} ` +
        `(${heldOutPairs.filter((p) => p.recurring).length} recurring; ko ${heldOutPairs.filter((p) => p.lang === 'ko').length}, ` +
        `en ${heldOutPairs.filter((p) => p.lang === 'en').length}, mixed ${heldOutPairs.filter((p) => p.lang === 'mixed').length})`,
    );
  });
});

describe('recurrence decision on the labelled pairs', () => {
  it(`development part: precision ≥ ${DEVELOPMENT_FLOOR.precision}, recall ≥ ${DEVELOPMENT_FLOOR.recall}; ablation of each rule printed`, () => {
    const scores = score(developmentPairs.map((pair) => decide(pair, threshold)));
    console.log(formatScores(`recurrence, development part (threshold ${threshold})`, scores));
    const ablation = [
      ['without exclusive-keyword conflicts', { exclusiveGroups: false }],
      ['without sibling-identifier conflicts', { identifiers: false }],
      ['without either conflict rule', { exclusiveGroups: false, identifiers: false }],
      ['weighted Jaccard alone (before issue 14)', { measure: 'jaccard' }],
    ] as const;
    for (const [name, options] of ablation) {
      const development = score(developmentPairs.map((pair) => decide(pair, threshold, options)));
      const heldOut = score(heldOutPairs.map((pair) => decide(pair, threshold, options)));
      console.log(`  ${name}: development P ${development.precision.toFixed(3)} R ${development.recall.toFixed(3)}; held-out P ${heldOut.precision.toFixed(3)} R ${heldOut.recall.toFixed(3)}`);
    }
    expect(scores.precision).toBeGreaterThanOrEqual(DEVELOPMENT_FLOOR.precision);
    expect(scores.recall).toBeGreaterThanOrEqual(DEVELOPMENT_FLOOR.recall);
  });

  // Figures only: v3's individual mistakes are not printed, so that it stays unseen for the next round.
  it(`held-out part: figures against the ${TARGET} target; fails below the floor it honestly reaches`, () => {
    const scores = score(heldOutPairs.map((pair) => decide(pair, threshold)));
    const met = scores.precision >= TARGET && scores.recall >= TARGET;
    const byLanguage = (['ko', 'en', 'mixed'] as const).map((lang) => {
      const part = score(heldOutPairs.filter((pair) => pair.lang === lang).map((pair) => decide(pair, threshold)));
      return `${lang} ${part.pairs}: P ${part.precision.toFixed(3)} R ${part.recall.toFixed(3)}`;
    });
    console.log(
      `${formatScores(`recurrence, HELD-OUT part (threshold ${threshold})`, scores, false)}\n  ${byLanguage.join('; ')}\n` +
        `  target ${TARGET}/${TARGET}: ${met ? 'met' : `NOT MET (asserted floor ${HELD_OUT_FLOOR.precision}/${HELD_OUT_FLOOR.recall})`}`,
    );
    expect(scores.precision).toBeGreaterThanOrEqual(HELD_OUT_FLOOR.precision);
    expect(scores.recall).toBeGreaterThanOrEqual(HELD_OUT_FLOOR.recall);
  });
});

describe('recurrence detection end to end on the labelled pairs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('detectRecurrence decides every pair as the evaluation does', async () => {
    const engineer = await server.as('erin', 'ENGINEER');
    const detect = async (srId: string, text: { title: string; description: string }, srType: 'INCIDENT' | 'SERVICE', instId: number) =>
      (await engineer.data(RecurrenceQualityDetect, { input: { srId, title: text.title, description: text.description, srType, instId } })).detectRecurrence;
    const outcomes: Array<Outcome & { expected: boolean }> = [];
    const BATCH = 8;
    for (let start = 0; start < pairs.length; start += BATCH) {
      const batch = pairs.slice(start, start + BATCH).map(async (pair, offset) => {
        const index = start + offset;
        // Another system's ids; one institution per pair, so pairs never see each other's patterns.
        const instId = 10_000 + index * 2;
        const first = await detect(`EXT-Q${index}a`, pair.a, 'INCIDENT', instId);
        const second = await detect(
          `EXT-Q${index}b`,
          pair.b,
          pair.scope === 'other-type' ? 'SERVICE' : 'INCIDENT',
          pair.scope === 'other-institution' ? instId + 1 : instId,
        );
        // The first request of a pair is never a recurrence (fresh institution): a check on the isolation.
        expect(first.isRecurrence).toBe(false);
        return { pair, match: second.isRecurrence, expected: decide(pair, threshold).match, detail: `(${second.similarity}) ${first.signature} vs ${second.signature}` };
      });
      outcomes.push(...(await Promise.all(batch)));
    }
    const development = score(outcomes.filter((o) => developmentPairs.includes(o.pair)));
    const heldOut = score(outcomes.filter((o) => heldOutPairs.includes(o.pair)));
    console.log(`${formatScores('recurrence through detectRecurrence, development part', development, false)}\n${formatScores('recurrence through detectRecurrence, HELD-OUT part', heldOut, false)}`);
    const disagreements = outcomes.filter((o) => o.match !== o.expected).map((o) => `[${o.pair.id}] "${o.pair.a.title}" vs "${o.pair.b.title}": service ${o.match}, evaluation ${o.expected} ${o.detail}`);
    expect(disagreements).toEqual([]);
    expect(outcomes.length).toBe(pairs.length);
  }, 300_000);
});
