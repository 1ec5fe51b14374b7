// Adaptive thresholds per (source, metricType): configuration, labelled outcomes (true/false
// positives, missed detections) and reads. Calibration is in threshold-calibration.service.ts.
// Every change of the adapted threshold is stored as a ThresholdAdjustment and published as
// 'threshold:calibrated' after the commit.
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { AnomalyOutcome, Prisma, Threshold, ThresholdAdjustment } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, requiredText } from '../../validation.js';
import { ANOMALY_ID } from './anomalies.service.js';

const positiveFinite = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((value) => value > 0, 'must be greater than 0');

export const DetectorSchema = z.object({ source: requiredText(200), metricType: requiredText(200) });
const SetThresholdSchema = DetectorSchema.extend({ baseThreshold: positiveFinite });
const OutcomeSchema = DetectorSchema.extend({
  wasActualIncident: z.boolean(),
  baseThreshold: positiveFinite.nullish(),
  anomalyId: z.string().trim().toUpperCase().regex(ANOMALY_ID, 'is not an anomaly id (ANM- and 8 characters)').nullish(),
});

export type DetectorInput = z.input<typeof DetectorSchema>;

/** The planned Prisma selection of a threshold (a mutation's answer). */
type ThresholdQuery = Pick<Prisma.ThresholdFindUniqueArgs, 'include' | 'select'>;
type ListQuery = Omit<Prisma.ThresholdFindManyArgs, 'where' | 'orderBy'>;
type AdjustmentQuery = Pick<Prisma.ThresholdAdjustmentFindUniqueArgs, 'include' | 'select'>;

export function publishAdjustments(rt: Runtime, adjustments: Array<ThresholdAdjustment | null | undefined>): void {
  for (const adjustment of adjustments) {
    if (adjustment) rt.events.publish('threshold:calibrated', { adjustmentId: adjustment.id });
  }
}

export async function findThreshold(rt: Runtime, source: string, metricType: string): Promise<Threshold> {
  const threshold = await rt.db.threshold.findUnique({ where: { source_metricType: { source, metricType } } });
  if (!threshold) throw new NotFoundError('Threshold', `${source}/${metricType}`);
  return threshold;
}

/** Locks the threshold row for the rest of the transaction. */
export async function lockThreshold(tx: Prisma.TransactionClient, id: number): Promise<Threshold> {
  await tx.$queryRaw`SELECT id FROM "Threshold" WHERE id = ${id} FOR UPDATE`;
  return tx.threshold.findUniqueOrThrow({ where: { id } });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

/** Creates a threshold or changes its base (`learning:write` on the field); a changed base resets the adapted value (logged). */
export async function setThreshold(
  rt: Runtime,
  actor: Viewer,
  rawInput: z.input<typeof SetThresholdSchema>,
  query: ThresholdQuery = {},
): Promise<Threshold> {
  const input = parseInput(SetThresholdSchema, rawInput);
  const detector = { source_metricType: { source: input.source, metricType: input.metricType } };
  if (!(await rt.db.threshold.findUnique({ where: detector, select: { id: true } }))) {
    try {
      return await rt.db.threshold.create({
        ...query,
        data: { source: input.source, metricType: input.metricType, baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold },
      });
    } catch (error) {
      // Created concurrently: fall through to the update path.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  const { threshold, adjustment } = await rt.db.$transaction(async (tx) => {
    const current = await lockThreshold(tx, (await tx.threshold.findUniqueOrThrow({ where: detector, select: { id: true } })).id);
    if (current.baseThreshold === input.baseThreshold && current.adaptedThreshold === input.baseThreshold) {
      return { threshold: await tx.threshold.findUniqueOrThrow({ ...query, where: { id: current.id } }), adjustment: null };
    }
    const threshold = await tx.threshold.update({
      ...query,
      where: { id: current.id },
      data: { baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold, changePct: 0 },
    });
    const adjustment = current.adaptedThreshold === input.baseThreshold ? null : await logBaseChange(tx, current, input.baseThreshold, actor, rt.clock.now());
    return { threshold, adjustment };
  });
  publishAdjustments(rt, [adjustment]);
  return threshold;
}

function logBaseChange(tx: Prisma.TransactionClient, current: Threshold, baseThreshold: number, actor: Viewer, at: Date): Promise<ThresholdAdjustment> {
  return tx.thresholdAdjustment.create({
    data: {
      thresholdId: current.id,
      at,
      previousThreshold: current.adaptedThreshold,
      newThreshold: baseThreshold,
      reason: `base threshold set to ${baseThreshold} (was ${current.baseThreshold}); adapted value reset to the base`,
      actor: actor.username,
      truePositive: current.truePositive,
      falsePositive: current.falsePositive,
      missedCount: current.missedCount,
    },
  });
}

type OutcomeInput = z.output<typeof OutcomeSchema>;

/** The anomaly an outcome labels: it must exist and belong to the detector. */
async function labelledAnomaly(rt: Runtime, input: OutcomeInput): Promise<{ id: string } | null> {
  if (!input.anomalyId) return null;
  const anomaly = await rt.db.anomaly.findUnique({ where: { id: input.anomalyId }, select: { id: true, source: true, metricType: true } });
  if (!anomaly) throw new NotFoundError('Anomaly', input.anomalyId);
  if (anomaly.source !== input.source || anomaly.metricType !== input.metricType) {
    throw new BadInputError('input.anomalyId', `anomaly ${anomaly.id} belongs to ${anomaly.source}/${anomaly.metricType}, not ${input.source}/${input.metricType}`);
  }
  return anomaly;
}

/** The detector's threshold, created from baseThreshold when it does not exist yet. */
async function thresholdForOutcome(rt: Runtime, input: OutcomeInput): Promise<Threshold> {
  const threshold = await rt.db.threshold.findUnique({ where: { source_metricType: { source: input.source, metricType: input.metricType } } });
  if (threshold) return threshold;
  if (!input.baseThreshold) throw new BadInputError('input.baseThreshold', `required: no threshold exists yet for ${input.source}/${input.metricType}`);
  return rt.db.threshold
    .create({ data: { source: input.source, metricType: input.metricType, baseThreshold: input.baseThreshold, adaptedThreshold: input.baseThreshold } })
    .catch(async (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return findThreshold(rt, input.source, input.metricType);
    });
}

/**
 * Labels a detection (`learning:write` on the field): a real incident (true positive) or a false
 * alarm. Creates the threshold from baseThreshold when it does not exist yet. With anomalyId,
 * labels that anomaly too; labelling an anomaly again moves its count instead of counting it twice.
 */
export async function recordAnomalyOutcome(rt: Runtime, rawInput: z.input<typeof OutcomeSchema>, query: ThresholdQuery = {}): Promise<Threshold> {
  const input = parseInput(OutcomeSchema, rawInput);
  const outcome: AnomalyOutcome = input.wasActualIncident ? 'TRUE_POSITIVE' : 'FALSE_POSITIVE';
  const anomaly = await labelledAnomaly(rt, input);
  const thresholdId = (await thresholdForOutcome(rt, input)).id;
  return rt.db.$transaction(async (tx) => {
    await lockThreshold(tx, thresholdId);
    const data: Prisma.ThresholdUpdateInput = {};
    if (anomaly) {
      const previous = await tx.anomaly.findUniqueOrThrow({ where: { id: anomaly.id }, select: { outcome: true } });
      if (previous.outcome === outcome) return tx.threshold.findUniqueOrThrow({ ...query, where: { id: thresholdId } });
      await tx.anomaly.update({ where: { id: anomaly.id }, data: { outcome } });
      if (previous.outcome === 'TRUE_POSITIVE') data.truePositive = { decrement: 1 };
      if (previous.outcome === 'FALSE_POSITIVE') data.falsePositive = { decrement: 1 };
    }
    if (outcome === 'TRUE_POSITIVE') data.truePositive = { increment: 1 };
    else data.falsePositive = { increment: 1 };
    return tx.threshold.update({ ...query, where: { id: thresholdId }, data });
  });
}

/** An incident the detector did not flag (`learning:write` on the field). */
export async function recordMissedDetection(rt: Runtime, rawInput: DetectorInput, query: ThresholdQuery = {}): Promise<Threshold> {
  const input = parseInput(DetectorSchema, rawInput);
  const threshold = await findThreshold(rt, input.source, input.metricType);
  return rt.db.threshold.update({ ...query, where: { id: threshold.id }, data: { missedCount: { increment: 1 } } });
}

// ── reads (`ops:read` on the fields; no data-dependent rule) ──

export interface ThresholdFilter {
  source?: string | null;
  metricType?: string | null;
  adaptedOnly?: boolean | null;
  /** Only detectors with at least one labelled outcome (learningQuality's per-detector figures). */
  labelledOnly?: boolean | null;
}

export function thresholdsWhere(filter: ThresholdFilter): Prisma.ThresholdWhereInput {
  return {
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.metricType ? { metricType: filter.metricType } : {}),
    ...(filter.adaptedOnly ? { adaptationCount: { gt: 0 } } : {}),
    ...(filter.labelledOnly ? { OR: [{ truePositive: { gt: 0 } }, { falsePositive: { gt: 0 } }, { missedCount: { gt: 0 } }] } : {}),
  };
}

/** Most adapted first. */
export async function listThresholds(rt: Runtime, filter: ThresholdFilter, query: ListQuery = {}): Promise<Threshold[]> {
  return rt.db.threshold.findMany({ ...query, where: thresholdsWhere(filter), orderBy: [{ adaptationCount: 'desc' }, { id: 'asc' }] });
}

export async function countThresholds(rt: Runtime, filter: ThresholdFilter): Promise<number> {
  return rt.db.threshold.count({ where: thresholdsWhere(filter) });
}

/** The adjustment a `threshold:calibrated` event names, for its subscribers. */
export async function calibratedAdjustment(rt: Runtime, adjustmentId: number, query: AdjustmentQuery = {}): Promise<ThresholdAdjustment> {
  return rt.db.thresholdAdjustment.findUniqueOrThrow({ ...query, where: { id: adjustmentId } });
}
