// Adaptive thresholds per (source, metricType): labelled outcomes (true/false positives, missed
// detections), calibration (maths in calibration.ts), and an auditable adjustment log. Every
// change of the adapted threshold is stored as a ThresholdAdjustment and published as
// 'threshold:calibrated' after the commit.
import { z } from 'zod';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import { events } from '../../events/pubsub.js';
import type { Prisma, Threshold, ThresholdAdjustment } from '../../generated/prisma/client.js';
import { logger } from '../../logger.js';
import { settings } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { ANOMALY_ID } from './anomalies.service.js';
import { calibrate, changePctOf, countsSince, type OutcomeCounts } from './calibration.js';

const positiveFinite = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((value) => value > 0, 'must be greater than 0');

const DetectorSchema = z.object({ source: requiredText(200), metricType: requiredText(200) });
const SetThresholdSchema = DetectorSchema.extend({ baseThreshold: positiveFinite });
const OutcomeSchema = DetectorSchema.extend({
  wasActualIncident: z.boolean(),
  baseThreshold: positiveFinite.nullish(),
  anomalyId: z.string().trim().toUpperCase().regex(ANOMALY_ID, 'is not an anomaly id (ANM- and 8 characters)').nullish(),
});

export type DetectorInput = z.input<typeof DetectorSchema>;

export interface CalibrationResult {
  threshold: Threshold;
  adjusted: boolean;
  previousThreshold: number;
  newThreshold: number;
  reason: string;
  adjustment: ThresholdAdjustment | null;
}

function publishAdjustments(adjustments: Array<ThresholdAdjustment | null | undefined>): void {
  for (const adjustment of adjustments) {
    if (adjustment) events().publish('threshold:calibrated', { adjustmentId: adjustment.id });
  }
}

async function findThreshold(source: string, metricType: string): Promise<Threshold> {
  const threshold = await db().threshold.findUnique({ where: { source_metricType: { source, metricType } } });
  if (!threshold) throw new NotFoundError('Threshold', `${source}/${metricType}`);
  return threshold;
}

/** Locks the threshold row for the rest of the transaction. */
async function lockThreshold(tx: Prisma.TransactionClient, id: number): Promise<Threshold> {
  await tx.$queryRaw`SELECT id FROM "Threshold" WHERE id = ${id} FOR UPDATE`;
  return tx.threshold.findUniqueOrThrow({ where: { id } });
}

/** Creates a threshold or changes its base; a changed base resets the adapted value (logged). */
export async function setThreshold(viewer: Viewer | null, rawInput: z.input<typeof SetThresholdSchema>): Promise<Threshold> {
  const actor = requirePermission(viewer, 'learning:write');
  const input = parseInput(SetThresholdSchema, rawInput);
  const existing = await db().threshold.findUnique({ where: { source_metricType: { source: input.source, metricType: input.metricType } } });
  if (!existing) {
    try {
      return await db().threshold.create({
        data: { source: input.source, metricType: input.metricType, baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold },
      });
    } catch (error) {
      // Created concurrently: fall through to the update path.
      if ((error as { code?: string }).code !== 'P2002') throw error;
    }
  }
  const { threshold, adjustment } = await db().$transaction(async (tx) => {
    const current = await lockThreshold(
      tx,
      (await tx.threshold.findUniqueOrThrow({ where: { source_metricType: { source: input.source, metricType: input.metricType } } })).id,
    );
    if (current.baseThreshold === input.baseThreshold && current.adaptedThreshold === input.baseThreshold) {
      return { threshold: current, adjustment: null };
    }
    const threshold = await tx.threshold.update({
      where: { id: current.id },
      data: { baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold, changePct: 0 },
    });
    const adjustment =
      current.adaptedThreshold === input.baseThreshold
        ? null
        : await tx.thresholdAdjustment.create({
            data: {
              thresholdId: current.id,
              previousThreshold: current.adaptedThreshold,
              newThreshold: input.baseThreshold,
              reason: `base threshold set to ${input.baseThreshold} (was ${current.baseThreshold}); adapted value reset to the base`,
              actor: actor.username,
              truePositive: current.truePositive,
              falsePositive: current.falsePositive,
              missedCount: current.missedCount,
            },
          });
    return { threshold, adjustment };
  });
  publishAdjustments([adjustment]);
  return threshold;
}

/**
 * Labels a detection: a real incident (true positive) or a false alarm. Creates the threshold
 * from baseThreshold when it does not exist yet. With anomalyId, labels that anomaly too; labelling
 * an anomaly again moves its count instead of counting it twice.
 */
export async function recordAnomalyOutcome(viewer: Viewer | null, rawInput: z.input<typeof OutcomeSchema>): Promise<Threshold> {
  requirePermission(viewer, 'learning:write');
  const input = parseInput(OutcomeSchema, rawInput);
  const outcome = input.wasActualIncident ? 'TRUE_POSITIVE' : 'FALSE_POSITIVE';
  let anomaly: { id: string; source: string; metricType: string; outcome: string | null } | null = null;
  if (input.anomalyId) {
    anomaly = await db().anomaly.findUnique({ where: { id: input.anomalyId }, select: { id: true, source: true, metricType: true, outcome: true } });
    if (!anomaly) throw new NotFoundError('Anomaly', input.anomalyId);
    if (anomaly.source !== input.source || anomaly.metricType !== input.metricType) {
      throw new BadInputError('input.anomalyId', `anomaly ${anomaly.id} belongs to ${anomaly.source}/${anomaly.metricType}, not ${input.source}/${input.metricType}`);
    }
  }
  let threshold = await db().threshold.findUnique({ where: { source_metricType: { source: input.source, metricType: input.metricType } } });
  if (!threshold) {
    if (!input.baseThreshold) {
      throw new BadInputError('input.baseThreshold', `required: no threshold exists yet for ${input.source}/${input.metricType}`);
    }
    threshold = await db()
      .threshold.create({
        data: { source: input.source, metricType: input.metricType, baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold },
      })
      .catch(async (error: { code?: string }) => {
        if (error.code !== 'P2002') throw error;
        return findThreshold(input.source, input.metricType);
      });
  }
  const thresholdId = threshold.id;
  return db().$transaction(async (tx) => {
    await lockThreshold(tx, thresholdId);
    const data: Prisma.ThresholdUpdateInput = {};
    if (anomaly) {
      const previous = await tx.anomaly.findUniqueOrThrow({ where: { id: anomaly.id }, select: { outcome: true } });
      if (previous.outcome === outcome) return tx.threshold.findUniqueOrThrow({ where: { id: thresholdId } });
      await tx.anomaly.update({ where: { id: anomaly.id }, data: { outcome } });
      if (previous.outcome === 'TRUE_POSITIVE') data.truePositive = { decrement: 1 };
      if (previous.outcome === 'FALSE_POSITIVE') data.falsePositive = { decrement: 1 };
    }
    if (outcome === 'TRUE_POSITIVE') data.truePositive = { increment: 1 };
    else data.falsePositive = { increment: 1 };
    return tx.threshold.update({ where: { id: thresholdId }, data });
  });
}

/** An incident the detector did not flag. */
export async function recordMissedDetection(viewer: Viewer | null, rawInput: DetectorInput): Promise<Threshold> {
  requirePermission(viewer, 'learning:write');
  const input = parseInput(DetectorSchema, rawInput);
  const threshold = await findThreshold(input.source, input.metricType);
  return db().threshold.update({ where: { id: threshold.id }, data: { missedCount: { increment: 1 } } });
}

/** Calibrates one threshold under a row lock; stores and returns the adjustment, if any. */
async function calibrateById(id: number, actor: string): Promise<CalibrationResult> {
  const minOutcomes = settings().learning.calibrationMinOutcomes;
  return db().$transaction(async (tx) => {
    const current = await lockThreshold(tx, id);
    const last = await tx.thresholdAdjustment.findFirst({ where: { thresholdId: id }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
    const counts: OutcomeCounts = { truePositive: current.truePositive, falsePositive: current.falsePositive, missedCount: current.missedCount };
    const decision = calibrate({
      baseThreshold: current.baseThreshold,
      adaptedThreshold: current.adaptedThreshold,
      sinceLastAdjustment: countsSince(counts, last),
      minOutcomes,
    });
    if (!decision.adjusted) {
      return { threshold: current, adjusted: false, previousThreshold: current.adaptedThreshold, newThreshold: current.adaptedThreshold, reason: decision.reason, adjustment: null };
    }
    const now = new Date();
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
      data: {
        thresholdId: id,
        at: now,
        previousThreshold: current.adaptedThreshold,
        newThreshold: decision.newThreshold,
        reason: decision.reason,
        actor,
        ...counts,
      },
    });
    return { threshold, adjusted: true, previousThreshold: current.adaptedThreshold, newThreshold: decision.newThreshold, reason: decision.reason, adjustment };
  });
}

export async function calibrateThreshold(viewer: Viewer | null, rawInput: DetectorInput): Promise<CalibrationResult> {
  const actor = requirePermission(viewer, 'learning:write');
  const input = parseInput(DetectorSchema, rawInput);
  const threshold = await findThreshold(input.source, input.metricType);
  const result = await calibrateById(threshold.id, actor.username);
  publishAdjustments([result.adjustment]);
  return result;
}

/** Calibration results a calibrate-all run returns (every adjustment is still stored and published). */
export const CALIBRATED_LISTED = 100;

/**
 * Every threshold, in id order and batches; each adjustment is committed and published on its own.
 * `calibrated` counts the thresholds that moved; `results` lists the first CALIBRATED_LISTED of them.
 */
export async function calibrateAll(actor: string): Promise<{ examined: number; calibrated: number; results: CalibrationResult[] }> {
  const results: CalibrationResult[] = [];
  let examined = 0;
  let calibrated = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db().threshold.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: 200, select: { id: true } });
    for (const { id } of batch) {
      examined++;
      const result = await calibrateById(id, actor);
      publishAdjustments([result.adjustment]);
      if (result.adjusted) {
        calibrated++;
        if (results.length < CALIBRATED_LISTED) results.push(result);
      }
    }
    if (batch.length < 200) break;
    afterId = batch[batch.length - 1]!.id;
  }
  if (calibrated > 0) logger.info({ examined, adjusted: calibrated }, 'thresholds calibrated');
  return { examined, calibrated, results };
}

export async function calibrateAllThresholds(viewer: Viewer | null) {
  const actor = requirePermission(viewer, 'admin:operate');
  return calibrateAll(actor.username);
}

export function thresholdsWhere(
  viewer: Viewer | null,
  filter: { source?: string | null; metricType?: string | null; adaptedOnly?: boolean | null },
): Prisma.ThresholdWhereInput {
  requirePermission(viewer, 'ops:read');
  return {
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.metricType ? { metricType: filter.metricType } : {}),
    ...(filter.adaptedOnly ? { adaptationCount: { gt: 0 } } : {}),
  };
}

