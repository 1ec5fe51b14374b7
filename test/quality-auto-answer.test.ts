// Auto-answer quality on a labelled KB (test/fixtures/kb-answers.json; how it was made:
// test/fixtures/README.md): 24 published articles (Korean and English) and 125 inquiries, each
// labelled with the article(s) that answer it or none. The decision is the cycle's (candidates
// sharing a keyword, bestMatch, answered at AUTO_ANSWER_CONFIDENCE), replicated in
// test/quality/kb-eval.ts. Prints precision (right / answered) and coverage (answered / answerable)
// at the gate, a precision–coverage curve over the gate and the reliability of the confidence,
// before (coverage alone, as before issue 14) and after, for the tuning and the held-out part.
import { describe, expect, it } from 'vitest';
import { AUTO_ANSWER_CONFIDENCE } from '../src/modules/itsm/kb-match.js';
import { articles, atGate, calibrationError, formatGate, inquiries, judge, judgeByCoverage, reliability, type Inquiry } from './quality/kb-eval.js';

const parts: Array<[string, Inquiry[]]> = [
  ['tuning', inquiries.filter((q) => q.part === 'tuning')],
  ['held-out', inquiries.filter((q) => q.part === 'held-out')],
  ['all', inquiries],
];
const GATES = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const BINS = [0, 0.25, 0.5, 0.75, 0.9, 1.0001];

describe('auto-answer quality on the labelled KB', () => {
  it('has at least 20 published articles and 80 inquiries, Korean and English, answerable and not', () => {
    expect(articles.length).toBeGreaterThanOrEqual(20);
    expect(new Set(articles.map((a) => a.lang))).toEqual(new Set(['ko', 'en']));
    expect(inquiries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(inquiries.map((q) => q.lang))).toEqual(new Set(['ko', 'en', 'mixed']));
    expect(inquiries.filter((q) => q.answers.length === 0).length).toBeGreaterThanOrEqual(20);
    for (const q of inquiries) for (const id of q.answers) expect(articles.map((a) => a.id)).toContain(id);
  });

  it(`precision at the ${AUTO_ANSWER_CONFIDENCE} gate is at least 0.95; curve and reliability printed`, () => {
    const lines: string[] = [`auto-answer: ${articles.length} articles, ${inquiries.length} inquiries (${inquiries.filter((q) => q.answers.length).length} answerable)`];
    let after = atGate([], AUTO_ANSWER_CONFIDENCE);
    let tuning = after;
    for (const [name, set] of parts) {
      const before = set.map(judgeByCoverage);
      const now = set.map(judge);
      lines.push(`  ${name} (${set.length} inquiries):`);
      lines.push(`    before (coverage alone)  ${formatGate(atGate(before, AUTO_ANSWER_CONFIDENCE))}`);
      lines.push(`    after (anchor, conflict, calibrated) ${formatGate(atGate(now, AUTO_ANSWER_CONFIDENCE))}`);
      for (const wrong of atGate(now, AUTO_ANSWER_CONFIDENCE).wrong) lines.push(`      wrong: ${wrong}`);
      if (name !== 'all') {
        lines.push(`    precision–coverage over the gate (after): ${GATES.map((g) => { const f = atGate(now, g); return `${g.toFixed(2)}: ${f.precision.toFixed(2)}/${f.coverage.toFixed(2)}`; }).join('  ')}`);
        const binsBefore = reliability(before, BINS);
        const binsAfter = reliability(now, BINS);
        const show = (bins: typeof binsAfter) => bins.map((b) => `[${b.low}–${Math.min(1, b.high)}) ${b.count ? `${b.right}/${b.count} right, mean ${b.meanConfidence!.toFixed(2)}` : 'none'}`).join('; ');
        lines.push(`    reliability before: ${show(binsBefore)}; calibration error ${calibrationError(binsBefore).toFixed(3)}`);
        lines.push(`    reliability after:  ${show(binsAfter)}; calibration error ${calibrationError(binsAfter).toFixed(3)}`);
      }
      if (name === 'all') after = atGate(now, AUTO_ANSWER_CONFIDENCE);
      if (name === 'tuning') tuning = atGate(now, AUTO_ANSWER_CONFIDENCE);
    }
    console.log(lines.join('\n'));
    expect(after.precision).toBeGreaterThanOrEqual(0.95);
    expect(tuning.precision).toBeGreaterThanOrEqual(0.95);
    expect(after.coverage).toBeGreaterThanOrEqual(0.85);
  });
});
