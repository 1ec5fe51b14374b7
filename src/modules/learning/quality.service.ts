// learningQuality: whether the loop's judgements are right, from what operators and outcomes say.
// Recurrence is measured on operators' verdicts (recurrence-reviews.service.ts), automatic answers
// on the checked feedback of the cycle's answers, each detector on its labelled outcomes (the
// thresholds' counts). Every figure comes with the counts behind it and is null without any.
import { AUTO_CYCLE_ACTOR } from '../../auth/viewer.js';
import type { Runtime } from '../../runtime.js';
import { rate } from './stats.service.js';

export interface AutoAnswerQuality {
  /** Automatic answers recorded as applied solutions. */
  answered: number;
  checked: number;
  /** Checked, and the request's pattern did not recur within the window. */
  effective: number;
  /** Checked, and it recurred. */
  ineffective: number;
  /** Checked without a pattern to watch (no usable keywords): neither. */
  unknown: number;
  /** Not checked yet (the window is still open). */
  pending: number;
  /** effective / (effective + ineffective). */
  acceptance: number | null;
}

/** Counts of the cycle's answers by the state of their feedback, in one statement. */
export async function autoAnswerQuality(rt: Runtime): Promise<AutoAnswerQuality> {
  const [counts] = await rt.db.$queryRaw<Array<{ answered: number; checked: number; effective: number; ineffective: number }>>`
    SELECT count(*)::int AS answered,
      count(*) FILTER (WHERE "checkedAt" IS NOT NULL)::int AS checked,
      count(*) FILTER (WHERE "checkedAt" IS NOT NULL AND "effectivenessScore" IS NOT NULL AND "recurredWithinDays" IS NULL)::int AS effective,
      count(*) FILTER (WHERE "checkedAt" IS NOT NULL AND "recurredWithinDays" IS NOT NULL)::int AS ineffective
    FROM "Feedback" WHERE "appliedBy" = ${AUTO_CYCLE_ACTOR}`;
  const { answered, checked, effective, ineffective } = counts!;
  return {
    answered,
    checked,
    effective,
    ineffective,
    unknown: checked - effective - ineffective,
    pending: answered - checked,
    acceptance: rate(effective, effective + ineffective),
  };
}
