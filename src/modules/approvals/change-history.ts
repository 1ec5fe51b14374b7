// What happened after past changes: which executed actions were on the same or a related target,
// and which troubles (an incident, a HIGH+ anomaly, a recurring request pattern naming that target)
// followed each within a window. Pure: the risk policy's history rule, the impact analysis and the
// probable-cause ranking all count from these functions. No database, no GraphQL.
import type { Environment } from '../../generated/prisma/enums.js';
import { identifierFamily, identifierParents, identifierRelation, namedIdentifiers, targetNames } from '../language/identifiers.js';

/** An action that ran (AUTO_DONE or APPROVED), with when it ran. */
export interface ExecutedAction {
  id: string;
  actionType: string;
  target: string | null;
  description: string;
  environment: Environment;
  executedAt: Date;
}

export type TroubleKind = 'INCIDENT' | 'ANOMALY' | 'PATTERN';

/** Something that went wrong at `at`, on the resources `names` (an incident, an anomaly, one occurrence of a pattern). */
export interface Trouble {
  kind: TroubleKind;
  /** INC-…, ANM-… or PAT-<n>. */
  id: string;
  at: Date;
  names: string[];
  summary: string;
}

export type TargetRelation = 'SAME' | 'RELATED';

export interface NameMatch {
  relation: TargetRelation;
  /** The name on the action's side and the one it matched. */
  name: string;
  other: string;
}

/** The names an action acts on: its target's, or (without a target) the identifiers its description names. */
export function actionTargetNames(action: { target?: string | null; description?: string | null }): string[] {
  const names = targetNames(action.target);
  return names.length > 0 ? names : namedIdentifiers(action.description ?? '');
}

/** The closest relation between two sets of names (SAME before RELATED), or null. */
export function matchNames(names: readonly string[], others: readonly string[]): NameMatch | null {
  let related: NameMatch | null = null;
  for (const name of names) {
    for (const other of others) {
      const relation = identifierRelation(name, other);
      if (relation === 'SAME') return { relation, name, other };
      if (relation === 'RELATED') related ??= { relation, name, other };
    }
  }
  return related;
}

/**
 * Text fragments that any related name contains (the names, their families and parents): a
 * case-insensitive `contains` prefilter for the database, checked exactly with matchNames after.
 */
export function nameFragments(names: readonly string[]): string[] {
  const fragments = new Set<string>();
  for (const name of names) {
    fragments.add(name);
    const family = identifierFamily(name);
    if (family) fragments.add(family);
    for (const parent of identifierParents(name)) fragments.add(parent);
  }
  return [...fragments];
}

/** The first trouble of each kind and id on the action's target within (executedAt, executedAt + window], known before `asOf`. */
export function followUps(action: { executedAt: Date; names: readonly string[] }, troubles: readonly Trouble[], followWindowMs: number, asOf: Date): Trouble[] {
  const start = action.executedAt.getTime();
  const end = Math.min(start + followWindowMs, asOf.getTime() - 1);
  const first = new Map<string, Trouble>();
  for (const trouble of troubles) {
    const at = trouble.at.getTime();
    if (at <= start || at > end || !matchNames(action.names, trouble.names)) continue;
    const key = `${trouble.kind}:${trouble.id}`;
    const seen = first.get(key);
    if (!seen || at < seen.at.getTime()) first.set(key, trouble);
  }
  return [...first.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

/** Executed actions of `actionType` on the same or a related target as `names`, that ran in [from, asOf). */
export function similarActions(actions: readonly ExecutedAction[], actionType: string, names: readonly string[], from: Date, asOf: Date): ExecutedAction[] {
  const type = actionType.toUpperCase();
  return actions.filter(
    (action) =>
      action.actionType === type &&
      action.executedAt >= from &&
      action.executedAt < asOf &&
      matchNames(names, actionTargetNames(action)) !== null,
  );
}

export interface HistoryRecord {
  /** Similar past actions. */
  similar: number;
  /** Of them, how many were followed by a trouble of the counted kinds within the window. */
  followed: number;
}

/** How many similar actions ran in [from, asOf) and how many of them a trouble of `kinds` followed within the window. */
export function historyRecord(
  similar: readonly ExecutedAction[],
  troubles: readonly Trouble[],
  kinds: readonly TroubleKind[],
  followWindowMs: number,
  asOf: Date,
): HistoryRecord {
  const counted = troubles.filter((trouble) => kinds.includes(trouble.kind));
  const followed = similar.filter((action) => followUps({ executedAt: action.executedAt, names: actionTargetNames(action) }, counted, followWindowMs, asOf).length > 0);
  return { similar: similar.length, followed: followed.length };
}
