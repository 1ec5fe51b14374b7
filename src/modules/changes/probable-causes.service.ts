// Probable causes of a problem or an incident: the actions that ran within CAUSE_WINDOW_HOURS
// before its first occurrence, ranked by cause-ranking.ts, each with its record of similar earlier
// actions (same type, same or related target, HISTORY_DAYS back) and the troubles that followed
// them. A fixed number of statements per subject (about eight), whatever the history's size.
import type { Runtime } from '../../runtime.js';
import { BadInputError } from '../../errors.js';
import {
  actionTargetNames,
  historyRecord,
  nameFragments,
  similarActions,
  type ExecutedAction,
  type HistoryRecord,
  type TroubleKind,
} from '../approvals/change-history.js';
import { executedActions, HISTORY_ACTIONS_LIMIT } from '../approvals/change-history.service.js';
import { rankCauses, type RankedCause } from './cause-ranking.js';
import { loadSubject, type LoadedSubject, type SubjectRef } from './subjects.service.js';
import { troublesNaming } from './troubles.service.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Most candidates ranked per subject (the ones that ran closest before the first occurrence). */
export const MAX_CANDIDATES = 200;
/** How far back a candidate's record of similar earlier actions reaches. */
export const HISTORY_DAYS = 90;
/** How soon after an action trouble must follow to count against it. */
export const FOLLOW_WINDOW_HOURS = 24;
/** Most causes one field lists. */
export const MAX_LISTED_CAUSES = 20;

const EVERY_TROUBLE: TroubleKind[] = ['INCIDENT', 'ANOMALY', 'PATTERN'];

export interface ProbableCause extends RankedCause {
  /** The problem or incident it may have caused (PRB-… or INC-…). */
  subjectId: string;
}

/** For each candidate: similar actions before it and how many trouble followed (known before it ran). */
async function candidateHistories(rt: Runtime, candidates: ExecutedAction[], until: Date): Promise<(action: ExecutedAction) => HistoryRecord | null> {
  const names = [...new Set(candidates.flatMap((action) => actionTargetNames(action)))];
  if (names.length === 0) return () => null;
  const earliest = Math.min(...candidates.map((action) => action.executedAt.getTime()));
  const range = { from: new Date(earliest - HISTORY_DAYS * DAY_MS), to: until };
  const actionTypes = [...new Set(candidates.map((action) => action.actionType))];
  const past = await executedActions(rt, { ...range, actionTypes, fragments: nameFragments(names), take: HISTORY_ACTIONS_LIMIT });
  const troubles = await troublesNaming(rt, names, range);
  return (action) => {
    const similar = similarActions(past, action.actionType, actionTargetNames(action), new Date(action.executedAt.getTime() - HISTORY_DAYS * DAY_MS), action.executedAt);
    return similar.length > 0 ? historyRecord(similar, troubles, EVERY_TROUBLE, FOLLOW_WINDOW_HOURS * HOUR_MS, action.executedAt) : null;
  };
}

/** Every candidate of a loaded subject, ranked. */
export async function rankedCauses(rt: Runtime, subject: LoadedSubject): Promise<RankedCause[]> {
  const until = subject.firstOccurrenceAt;
  const from = new Date(until.getTime() - rt.config.changes.causeWindowHours * HOUR_MS);
  const candidates = await executedActions(rt, { from, to: until, take: MAX_CANDIDATES });
  if (candidates.length === 0) return [];
  const historyOf = await candidateHistories(rt, candidates, until);
  return rankCauses(subject, candidates, historyOf, FOLLOW_WINDOW_HOURS);
}

function parseFirst(first: number | null | undefined): number {
  const value = first ?? 5;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LISTED_CAUSES) throw new BadInputError('first', `must be a whole number from 1 to ${MAX_LISTED_CAUSES}`);
  return value;
}

/** The `first` most probable causes of a problem or incident (`ops:read` on the field). */
export async function probableCauses(rt: Runtime, ref: SubjectRef, first: number | null | undefined): Promise<ProbableCause[]> {
  const count = parseFirst(first);
  const subject = await loadSubject(rt, ref);
  return (await rankedCauses(rt, subject)).slice(0, count).map((cause) => ({ ...cause, subjectId: ref.id }));
}
