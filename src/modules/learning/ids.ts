// Learning rows (patterns, feedback, thresholds, adjustments, lessons) keep integer keys in the
// database; the API shows them as `ID!` like every other object, so an id arrives as a string.
import { BadInputError } from '../../errors.js';

/** PostgreSQL int4: a larger number cannot be a row id (and would fail in the driver, not as NOT_FOUND). */
const MAX_ROW_ID = 2_147_483_647;

/** A row id from an `ID` argument: a positive whole number, else BAD_USER_INPUT naming the field. */
export function parseRowId(raw: string, entity: string, field = 'id'): number {
  const text = raw.trim();
  const id = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(id <= MAX_ROW_ID)) throw new BadInputError(field, `"${raw.slice(0, 40)}" is not a ${entity} id (a positive whole number)`);
  return id;
}

/**
 * Request ids: an id with the opsloop prefix (`SR-`, any case) names a ServiceRequest, which must
 * exist (else NOT_FOUND naming it). Any other form is a request of another system (detectRecurrence
 * serves those), which opsloop cannot check and takes as given.
 */
export function isOpsloopRequestId(srId: string): boolean {
  return /^sr-/i.test(srId);
}
