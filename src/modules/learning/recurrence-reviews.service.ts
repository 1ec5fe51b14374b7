// Operators' verdicts on recurrence decisions (RecurrenceReview, owned here): a request's match to
// its pattern confirmed or rejected, or a pattern it should have matched reported missed. They are
// the ground truth learningQuality measures recurrence on; they never move a request or a pattern.
// The static permissions (learning:write to review, ops:read to read) are on the GraphQL fields.
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { Pattern, Prisma, RecurrenceReview } from '../../generated/prisma/client.js';
import type { RecurrenceVerdict } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseRequestId, requestRecurrenceScope } from '../itsm/service-requests.service.js';
import { parseRowId } from './ids.js';
import { rate } from './stats.service.js';

export interface ReviewInput {
  srId: string;
  reason?: string | null;
}

export interface MissedInput extends ReviewInput {
  patternId: string;
}

type ReviewQuery = Pick<Prisma.RecurrenceReviewUpsertArgs, 'select' | 'include'>;

const MAX_REASON_LENGTH = 2000;

function parseReason(reason: string | null | undefined, required: boolean): string | null {
  const value = reason?.trim() ?? '';
  if (required && value === '') throw new BadInputError('reason', 'must not be empty: say why the request is not a recurrence of its pattern');
  if (value.length > MAX_REASON_LENGTH) throw new BadInputError('reason', `must be at most ${MAX_REASON_LENGTH} characters`);
  return value === '' ? null : value;
}

/** The request's pattern, type, institution and filing time; NOT_FOUND for an unknown request. */
async function requestScope(rt: Runtime, srId: string) {
  const scope = await requestRecurrenceScope(rt, srId);
  if (!scope) throw new NotFoundError('ServiceRequest', srId);
  return scope;
}

/**
 * The request opened the pattern rather than matching it: it is the first of the pattern's ids
 * while they are all kept (Pattern.srIds keeps the last 100; an older request is taken as a match).
 */
function startedPattern(pattern: Pick<Pattern, 'srIds' | 'occurrenceCount'>, srId: string): boolean {
  return pattern.srIds[0] === srId && pattern.occurrenceCount <= pattern.srIds.length;
}

async function upsertReview(
  rt: Runtime,
  viewer: Viewer,
  key: { srId: string; patternId: number },
  verdict: RecurrenceVerdict,
  reason: string | null,
  query: ReviewQuery,
): Promise<RecurrenceReview> {
  const data = { verdict, reason, reviewedBy: viewer.username, reviewedAt: rt.clock.now() };
  const review = await rt.db.recurrenceReview.upsert({ ...query, where: { srId_patternId: key }, create: { ...key, ...data }, update: data });
  rt.logger.info({ ...key, verdict, by: viewer.username }, 'recurrence reviewed');
  return review;
}

/**
 * Confirms or rejects that a request belongs to the pattern it was matched to (a later verdict on
 * the same pair replaces the earlier one). NOT_FOUND for an unknown request; CONFLICT when it
 * belongs to no pattern, or opened its pattern (no match to judge). A rejection needs a reason.
 */
export async function reviewRecurrenceMatch(
  rt: Runtime,
  viewer: Viewer,
  input: ReviewInput,
  verdict: 'CONFIRMED' | 'REJECTED',
  query: ReviewQuery = {},
): Promise<RecurrenceReview> {
  const srId = parseRequestId(input.srId, 'srId');
  const reason = parseReason(input.reason, verdict === 'REJECTED');
  const { patternId } = await requestScope(rt, srId);
  if (patternId === null) throw new ConflictError(`${srId} belongs to no pattern: report the pattern it should have matched (reportMissedRecurrence)`);
  const pattern = await rt.db.pattern.findUniqueOrThrow({ where: { id: patternId }, select: { srIds: true, occurrenceCount: true } });
  if (startedPattern(pattern, srId)) throw new ConflictError(`${srId} opened pattern PAT-${patternId}: it was not matched to it, so there is no match to judge`);
  return upsertReview(rt, viewer, { srId, patternId }, verdict, reason, query);
}

/**
 * Records that a request should have matched a pattern it was not matched to. NOT_FOUND for an
 * unknown request or pattern; CONFLICT when the request already belongs to it (confirm instead),
 * when the pattern is of another type or institution (never a recurrence), or began after it.
 */
export async function reportMissedRecurrence(rt: Runtime, viewer: Viewer, input: MissedInput, query: ReviewQuery = {}): Promise<RecurrenceReview> {
  const srId = parseRequestId(input.srId, 'srId');
  const patternId = parseRowId(input.patternId, 'pattern', 'patternId');
  const reason = parseReason(input.reason, false);
  const scope = await requestScope(rt, srId);
  const pattern = await rt.db.pattern.findUnique({ where: { id: patternId }, select: { srType: true, instId: true, firstSeenAt: true } });
  if (!pattern) throw new NotFoundError('Pattern', `PAT-${patternId}`);
  if (scope.patternId === patternId) throw new ConflictError(`${srId} already belongs to PAT-${patternId}: confirm the match instead (confirmRecurrence)`);
  if (pattern.srType !== scope.type || pattern.instId !== scope.instId) {
    throw new ConflictError(`PAT-${patternId} is a pattern of ${pattern.srType} requests at institution ${pattern.instId ?? 'none'}, ${srId} a ${scope.type} request at ${scope.instId ?? 'none'}: requests never recur across types or institutions`);
  }
  if (pattern.firstSeenAt > scope.createdAt) throw new ConflictError(`PAT-${patternId} began after ${srId} was filed: a request cannot recur a later pattern`);
  return upsertReview(rt, viewer, { srId, patternId }, 'MISSED', reason, query);
}

export interface RecurrenceQuality {
  confirmed: number;
  rejected: number;
  missed: number;
  /** confirmed / (confirmed + rejected): how many of the reviewed matches were right. */
  precision: number | null;
  /** confirmed / (confirmed + missed): how many of the recurrences operators know of were found. */
  recall: number | null;
}

/** Recurrence precision and recall from the operators' verdicts (one statement). */
export async function recurrenceQuality(rt: Runtime): Promise<RecurrenceQuality> {
  const groups = await rt.db.recurrenceReview.groupBy({ by: ['verdict'], _count: { _all: true } });
  const count = (verdict: RecurrenceVerdict) => groups.find((group) => group.verdict === verdict)?._count._all ?? 0;
  const [confirmed, rejected, missed] = [count('CONFIRMED'), count('REJECTED'), count('MISSED')];
  return { confirmed, rejected, missed, precision: rate(confirmed, confirmed + rejected), recall: rate(confirmed, confirmed + missed) };
}
