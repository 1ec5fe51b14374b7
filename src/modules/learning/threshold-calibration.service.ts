// Calibrating adaptive thresholds (maths in calibration.ts): one on request, or all of them (the
// daily job, or an ADMIN). Each adjustment is committed under the threshold's row lock, logged as
// a ThresholdAdjustment and published as 'threshold:calibrated' after its commit.
import type { Viewer } from '../../auth/viewer.js';
import type { Threshold, ThresholdAdjustment } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseInput } from '../../validation.js';
import { calibrate, changePctOf, countsSince, type OutcomeCounts } from './calibration.js';
import { DetectorSchema, findThreshold, lockThreshold, publishAdjustments, type DetectorInput } from './thresholds.service.js';

export interface CalibrationResult {
  threshold: Threshold;
  adjusted: boolean;
  previousThreshold: number;
  newThreshold: number;
  reason: string;
  adjustment: ThresholdAdjustment | null;
}

export interface CalibrateAllResult {
  examined: number;
  calibrated: number;
  results: CalibrationResult[];
}

/** Calibration results a calibrate-all run returns (every adjustment is still stored and published). */
export const CALIBRATED_LISTED = 100;
const BATCH = 200;

/** Calibrates one threshold under a row lock; stores and returns the adjustment, if any. */
async function calibrateById(rt: Runtime, id: number, actor: string): Promise<CalibrationResult> {
  const minOutcomes = rt.config.learning.calibrationMinOutcomes;
  return rt.db.$transaction(async (tx) => {
    const current = await lockThreshold(tx, id);
    const last = await tx.thresholdAdjustment.findFirst({ where: { thresholdId: id }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
    const counts: OutcomeCounts = { truePositive: current.truePositive, falsePositive: current.falsePositive, missedCount: current.missedCount };
    const decision = calibrate({
      baseThreshold: current.baseThreshold,
      adaptedThreshold: current.adaptedThreshold,
      sinceLastAdjustment: countsSince(counts, last),
      minOutcomes,
    });
    const previousThreshold = current.adaptedThreshold;
    if (!decision.adjusted) {
      return { threshold: current, adjusted: false, previousThreshold, newThreshold: previousThreshold, reason: decision.reason, adjustment: null };
    }
    const now = rt.clock.now();
    const threshold = await tx.threshold.update({
      where: { id },
      data: {
        adaptedThreshold: decision.newThreshold,
        adaptationCount: { increment: 1 },
        lastAdaptedAt: now,
        changePct: changePctOf(current.baseThreshold, decision.newThreshold),
      },
    });
    const adjustment = await tx.thresholdAdjustment.create({
      data: { thresholdId: id, at: now, previousThreshold, newThreshold: decision.newThreshold, reason: decision.reason, actor, ...counts },
    });
    return { threshold, adjusted: true, previousThreshold, newThreshold: decision.newThreshold, reason: decision.reason, adjustment };
  });
}

/** GraphQL `calibrateThreshold` (`learning:write` on the field). */
export async function calibrateThreshold(rt: Runtime, actor: Viewer, rawInput: DetectorInput): Promise<CalibrationResult> {
  const input = parseInput(DetectorSchema, rawInput);
  const threshold = await findThreshold(rt, input.source, input.metricType);
  const result = await calibrateById(rt, threshold.id, actor.username);
  publishAdjustments(rt, [result.adjustment]);
  return result;
}

/**
 * Every threshold, in id order and batches; each adjustment is committed and published on its own.
 * `calibrated` counts the thresholds that moved; `results` lists the first CALIBRATED_LISTED of them.
 */
export async function calibrateAll(rt: Runtime, actor: string): Promise<CalibrateAllResult> {
  const result: CalibrateAllResult = { examined: 0, calibrated: 0, results: [] };
  let afterId = 0;
  for (;;) {
    const batch = await rt.db.threshold.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: BATCH, select: { id: true } });
    for (const { id } of batch) {
      result.examined++;
      const calibration = await calibrateById(rt, id, actor);
      publishAdjustments(rt, [calibration.adjustment]);
      if (calibration.adjusted) {
        result.calibrated++;
        if (result.results.length < CALIBRATED_LISTED) result.results.push(calibration);
      }
    }
    if (batch.length < BATCH) break;
    afterId = batch[batch.length - 1]!.id;
  }
  if (result.calibrated > 0) rt.logger.info({ examined: result.examined, adjusted: result.calibrated }, 'thresholds calibrated');
  return result;
}

/** GraphQL `calibrateAllThresholds` (`admin:operate` on the field). */
export async function calibrateAllThresholds(rt: Runtime, actor: Viewer): Promise<CalibrateAllResult> {
  return calibrateAll(rt, actor.username);
}
