// Impact analysis before a change: the past actions of the same type on the same or a related
// target (within `windowDays`), how many an incident, a HIGH+ anomaly or a recurring request
// pattern on that target followed within `followWindowHours`, how soon, and examples. The same
// counting as the risk policy's history rule (approvals/change-history.ts). Four statements.
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseActionInput } from '../approvals/action-input.js';
import { actionTargetNames, followUps, matchNames, nameFragments, similarActions, type TargetRelation, type Trouble } from '../approvals/change-history.js';
import { executedActions, HISTORY_ACTIONS_LIMIT } from '../approvals/change-history.service.js';
import { troublesNaming } from './troubles.service.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Most examples listed (the newest followed actions). */
export const MAX_IMPACT_EXAMPLES = 10;

export interface ImpactFollowUp extends Trouble {
  hoursAfter: number;
}

export interface ImpactExample {
  actionId: string;
  targetRelation: TargetRelation;
  followUps: ImpactFollowUp[];
  /** Hours from the action to its first follow-up, unrounded. */
  hoursUntilFirst: number;
}

export interface ImpactAnalysis {
  actionType: string;
  target: string | null;
  targetNames: string[];
  windowDays: number;
  followWindowHours: number;
  similarActions: number;
  followedByAny: number;
  followedByIncident: number;
  followedByAnomaly: number;
  followedByPattern: number;
  followedRatio: number | null;
  meanHoursUntil: number | null;
  examples: ImpactExample[];
}

function parseWindow(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BadInputError(field, `must be a whole number from 1 to ${max}`);
  return value;
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

/** What followed similar past actions (`ops:read` on the field, like assessRisk). */
export async function impactAnalysis(rt: Runtime, _viewer: Viewer, rawInput: unknown, options: { windowDays: number; followWindowHours: number }): Promise<ImpactAnalysis> {
  const input = parseActionInput(rawInput);
  const windowDays = parseWindow(options.windowDays, 'windowDays', 366);
  const followWindowHours = parseWindow(options.followWindowHours, 'followWindowHours', 720);
  const names = actionTargetNames(input);
  const now = rt.clock.now();
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const past = await executedActions(rt, { from, to: now, actionTypes: [input.actionType], fragments: nameFragments(names), take: HISTORY_ACTIONS_LIMIT });
  const similar = similarActions(past, input.actionType, names, from, now);
  const oldest = similar.at(-1)?.executedAt;
  const troubles = oldest ? await troublesNaming(rt, names, { from: oldest, to: now }) : [];
  const followed = similar
    .map((action) => {
      const after = followUps({ executedAt: action.executedAt, names: actionTargetNames(action) }, troubles, followWindowHours * HOUR_MS, now);
      const hoursAfter = (trouble: Trouble) => (trouble.at.getTime() - action.executedAt.getTime()) / HOUR_MS;
      return {
        actionId: action.id,
        targetRelation: matchNames(names, actionTargetNames(action))!.relation,
        followUps: after.map((trouble) => ({ ...trouble, hoursAfter: round(hoursAfter(trouble)) })),
        hoursUntilFirst: after.length > 0 ? hoursAfter(after[0]!) : Number.NaN,
      };
    })
    .filter((example) => example.followUps.length > 0);
  const by = (kind: Trouble['kind']) => followed.filter((example) => example.followUps.some((trouble) => trouble.kind === kind)).length;
  const firstHours = followed.map((example) => example.hoursUntilFirst);
  return {
    actionType: input.actionType,
    target: input.target ?? null,
    targetNames: names,
    windowDays,
    followWindowHours,
    similarActions: similar.length,
    followedByAny: followed.length,
    followedByIncident: by('INCIDENT'),
    followedByAnomaly: by('ANOMALY'),
    followedByPattern: by('PATTERN'),
    followedRatio: similar.length > 0 ? round(followed.length / similar.length, 3) : null,
    meanHoursUntil: firstHours.length > 0 ? round(firstHours.reduce((sum, hours) => sum + hours, 0) / firstHours.length) : null,
    examples: followed.slice(0, MAX_IMPACT_EXAMPLES),
  };
}
