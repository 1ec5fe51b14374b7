// Threshold calibration maths (pure: no database, no GraphQL).
//
// Calibration looks at the labelled outcomes since the threshold's last adjustment:
//   imbalance = (falsePositives − missed) / outcomes, in [−1, 1].
// It aims at the break-even point where false alarms and misses are equally many (precision =
// recall), which sits close to the best F1 a threshold can reach.
// - With fewer than `minOutcomes` outcomes nothing moves.
// - The imbalance must be more than chance: z = |FP − missed| / √(FP + missed) ≥ minSignificance
//   (1.5; a sign test on the errors). This replaced a fixed dead band (|imbalance| < 0.2 held
//   still), which let a drifting detector go untouched for weeks: outcomes accumulate since the last
//   adjustment, so a new excess of false alarms is diluted by the old balanced ones.
// - Moving back towards the base (against the way the threshold has gone) needs stronger evidence,
//   z ≥ minSignificanceBack (3): hysteresis, so noise near the balance point cannot ping-pong it.
// - The step is maxStep × min(1, stepGain × |imbalance|) (at most 10%): up when false positives
//   dominate, down when detections are missed. The result stays within [0.5 × base, 2 × base].
// Measured on simulated detectors (test/quality-calibration.test.ts): noisy, too sensitive, too
// deaf and drifting, F1 before/after and the outcomes needed to reach 90% of the best F1.

export const CALIBRATION_DEFAULTS = {
  maxStep: 0.1,
  lowerBound: 0.5,
  upperBound: 2,
  /** Below this |imbalance| the outcomes are considered balanced (0: only significance decides). */
  deadBand: 0,
  /** Below this z = |FP − missed| / √(FP + missed) the imbalance may be chance. */
  minSignificance: 1.5,
  /** z needed to move back towards the base (against the direction taken so far): hysteresis. */
  minSignificanceBack: 3,
  /** The step is maxStep × min(1, stepGain × |imbalance|). */
  stepGain: 1,
};

export interface OutcomeCounts {
  truePositive: number;
  falsePositive: number;
  missedCount: number;
}

export interface CalibrationInput {
  baseThreshold: number;
  adaptedThreshold: number;
  /** Outcomes since the last adjustment. */
  sinceLastAdjustment: OutcomeCounts;
  minOutcomes: number;
  maxStep?: number;
  lowerBound?: number;
  upperBound?: number;
  deadBand?: number;
  minSignificance?: number;
  minSignificanceBack?: number;
  stepGain?: number;
}

export interface CalibrationDecision {
  adjusted: boolean;
  newThreshold: number;
  reason: string;
}

/** Four decimals, rounded towards `anchor`. */
function roundTowards(value: number, anchor: number): number {
  // Float noise first (80 × 1.1 = 88.00000000000001), then the directional rounding.
  const scaled = Math.round(value * 1e9) / 1e5;
  return (value > anchor ? Math.floor(scaled) : Math.ceil(scaled)) / 10_000;
}

export function calibrate(input: CalibrationInput): CalibrationDecision {
  const { maxStep, lowerBound, upperBound, deadBand, minSignificance, minSignificanceBack, stepGain } = { ...CALIBRATION_DEFAULTS, ...stripUndefined(input) };
  const { truePositive: tp, falsePositive: fp, missedCount: missed } = input.sinceLastAdjustment;
  const outcomes = tp + fp + missed;
  const current = input.adaptedThreshold;
  const counts = `${tp} true positives, ${fp} false positives, ${missed} missed`;
  if (outcomes < input.minOutcomes) {
    return { adjusted: false, newThreshold: current, reason: `needs ${input.minOutcomes} outcomes since the last adjustment, has ${outcomes} (${counts})` };
  }
  const imbalance = (fp - missed) / outcomes;
  if (Math.abs(imbalance) < deadBand) {
    return { adjusted: false, newThreshold: current, reason: `outcomes are balanced (${counts})` };
  }
  const direction = imbalance > 0 ? 1 : -1;
  const z = fp + missed === 0 ? 0 : Math.abs(fp - missed) / Math.sqrt(fp + missed);
  const back = (current - input.baseThreshold) * direction < 0;
  const needed = back ? Math.max(minSignificance, minSignificanceBack) : minSignificance;
  if (z < needed) {
    return { adjusted: false, newThreshold: current, reason: `the imbalance may be chance (z ${z.toFixed(2)} < ${needed}; ${counts})` };
  }
  const step = maxStep * Math.min(1, stepGain * Math.abs(imbalance));
  const low = input.baseThreshold * lowerBound;
  const high = input.baseThreshold * upperBound;
  // Rounded towards the current value, so a step never exceeds maxStep.
  const stepped = roundTowards(current * (1 + direction * step), current);
  const target = Math.min(high, Math.max(low, stepped));
  const why = direction > 0 ? `false positives dominate (${counts})` : `detections were missed (${counts})`;
  if (target === current) {
    return { adjusted: false, newThreshold: current, reason: `${why}, but the threshold is at its bound (${direction > 0 ? upperBound : lowerBound}× base)` };
  }
  const pct = ((target - current) / current) * 100;
  return {
    adjusted: true,
    newThreshold: target,
    reason: `${why}: ${direction > 0 ? 'raised' : 'lowered'} ${Math.abs(pct).toFixed(1)}%`,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Outcomes recorded since a snapshot (the last adjustment's counts). */
export function countsSince(now: OutcomeCounts, snapshot: OutcomeCounts | null): OutcomeCounts {
  if (!snapshot) return now;
  return {
    truePositive: Math.max(0, now.truePositive - snapshot.truePositive),
    falsePositive: Math.max(0, now.falsePositive - snapshot.falsePositive),
    missedCount: Math.max(0, now.missedCount - snapshot.missedCount),
  };
}

/** TP / (TP + FP); null when nothing was detected. */
export function precisionOf(counts: OutcomeCounts): number | null {
  const detected = counts.truePositive + counts.falsePositive;
  return detected === 0 ? null : counts.truePositive / detected;
}

/** TP / (TP + missed); null when nothing happened. */
export function recallOf(counts: OutcomeCounts): number | null {
  const actual = counts.truePositive + counts.missedCount;
  return actual === 0 ? null : counts.truePositive / actual;
}

/** Adapted threshold relative to the base, in percent (one decimal). */
export function changePctOf(baseThreshold: number, adaptedThreshold: number): number {
  if (baseThreshold === 0) return 0;
  return Math.round(((adaptedThreshold - baseThreshold) / baseThreshold) * 1000) / 10;
}
