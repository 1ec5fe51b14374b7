// Calibration quality, simulated: a detector's metric values come from known distributions for
// normal and incident periods; each value is judged against the adapted threshold as reportMetric
// does (severityOf ≥ threshold → anomaly), labelled as the operators would (an anomaly in an
// incident: true positive; in a normal period: false positive; an incident without one: missed),
// and once a day the threshold is calibrated as calibrateThreshold does (calibrate() over the
// outcomes since the last adjustment, CALIBRATION_MIN_OUTCOMES). F1 of a threshold is computed
// exactly from the distributions, so "best achievable" is a grid search, not another sample.
import { calibrate, countsSince, type OutcomeCounts } from '../../src/modules/learning/calibration.js';
import { severityOf } from '../../src/modules/learning/severity.js';

export interface Scenario {
  name: string;
  baseThreshold: number;
  /** Share of periods that are incidents. */
  incidentRate: number;
  /** Normal and incident value distributions on day `day` (mean, standard deviation). */
  normal: (day: number) => { mean: number; sd: number };
  incident: (day: number) => { mean: number; sd: number };
  days: number;
  reportsPerDay: number;
}

export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function phi(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Expected F1 of a threshold on day `day`'s distributions. */
export function expectedF1(scenario: Scenario, threshold: number, day: number): number {
  const n = scenario.normal(day);
  const i = scenario.incident(day);
  const p = scenario.incidentRate;
  const tp = p * (1 - phi((threshold - i.mean) / i.sd));
  const fn = p - tp;
  const fp = (1 - p) * (1 - phi((threshold - n.mean) / n.sd));
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** The best F1 any threshold reaches on day `day` (and where), within [low, high]. */
export function bestF1(scenario: Scenario, day: number, low: number, high: number): { f1: number; threshold: number } {
  let best = { f1: 0, threshold: low };
  for (let k = 0; k <= 2000; k++) {
    const threshold = low + ((high - low) * k) / 2000;
    const f1 = expectedF1(scenario, threshold, day);
    if (f1 > best.f1) best = { f1, threshold };
  }
  return best;
}

export interface Run {
  /** Adapted threshold after each day. */
  thresholds: number[];
  /** Labelled outcomes recorded up to the end of each day. */
  outcomesByDay: number[];
  adjustments: Array<{ day: number; from: number; to: number }>;
  /** Direction changes between consecutive adjustments (up then down, or down then up). */
  reversals: number;
}

export interface SimulationOptions {
  /** Calibration options (calibrate()'s defaults otherwise). */
  calibration?: { deadBand?: number; minSignificance?: number; minSignificanceBack?: number; maxStep?: number; stepGain?: number };
  /**
   * Not what the service does today: calibrate over the outcomes of the last `windowDays` days only
   * (since the last adjustment or that, whichever is later) — the service change this measures.
   */
  windowDays?: number;
}

export function simulate(scenario: Scenario, seed: number, minOutcomes: number, options: SimulationOptions = {}): Run {
  const random = mulberry32(seed);
  let adapted = scenario.baseThreshold;
  const counts: OutcomeCounts = { truePositive: 0, falsePositive: 0, missedCount: 0 };
  let snapshot: OutcomeCounts | null = null;
  let snapshotDay = -1;
  const daily: OutcomeCounts[] = [];
  const run: Run = { thresholds: [], outcomesByDay: [], adjustments: [], reversals: 0 };
  for (let day = 0; day < scenario.days; day++) {
    for (let r = 0; r < scenario.reportsPerDay; r++) {
      const incident = random() < scenario.incidentRate;
      const { mean, sd } = incident ? scenario.incident(day) : scenario.normal(day);
      const value = Math.max(0, mean + sd * gaussian(random));
      const anomaly = severityOf(value, adapted) !== null;
      if (anomaly && incident) counts.truePositive++;
      else if (anomaly) counts.falsePositive++;
      else if (incident) counts.missedCount++;
    }
    daily.push({ ...counts });
    let since = countsSince(counts, snapshot);
    if (options.windowDays !== undefined && day - options.windowDays > snapshotDay) since = countsSince(counts, daily[day - options.windowDays]!);
    const decision = calibrate({ baseThreshold: scenario.baseThreshold, adaptedThreshold: adapted, sinceLastAdjustment: since, minOutcomes, ...options.calibration });
    if (decision.adjusted) {
      const last = run.adjustments.at(-1);
      if (last && Math.sign(decision.newThreshold - adapted) !== Math.sign(last.to - last.from)) run.reversals++;
      run.adjustments.push({ day, from: adapted, to: decision.newThreshold });
      adapted = decision.newThreshold;
      snapshot = { ...counts };
      snapshotDay = day;
    }
    run.thresholds.push(adapted);
    run.outcomesByDay.push(counts.truePositive + counts.falsePositive + counts.missedCount);
  }
  return run;
}

/** The four scenarios of issue 14. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'noisy detector (overlapping distributions)',
    baseThreshold: 60,
    incidentRate: 0.1,
    normal: () => ({ mean: 50, sd: 10 }),
    incident: () => ({ mean: 80, sd: 10 }),
    days: 60,
    reportsPerDay: 100,
  },
  {
    name: 'too sensitive (base far below the incidents)',
    baseThreshold: 52,
    incidentRate: 0.05,
    normal: () => ({ mean: 45, sd: 5 }),
    incident: () => ({ mean: 75, sd: 6 }),
    days: 60,
    reportsPerDay: 100,
  },
  {
    name: 'too deaf (base above most incidents)',
    baseThreshold: 110,
    incidentRate: 0.1,
    normal: () => ({ mean: 50, sd: 6 }),
    incident: () => ({ mean: 80, sd: 8 }),
    days: 60,
    reportsPerDay: 100,
  },
  {
    name: 'drifting baseline (normal level rises 40% over the stream)',
    baseThreshold: 75,
    incidentRate: 0.1,
    normal: (day) => ({ mean: 50 + (20 * day) / 59, sd: 5 }),
    incident: (day) => ({ mean: 85 + (20 * day) / 59, sd: 7 }),
    days: 60,
    reportsPerDay: 100,
  },
];
