// Reads of the change history: executed actions (this module's table) and the incidents that
// followed them (itsm's, through its service), turned into the pure records of change-history.ts.
// The risk policy's history rule reads it only when the active policy has the rule: two indexed
// statements per assessment (similar actions by type and target, then incidents naming the target).
import type { AutoAction, Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { incidentsNaming } from '../itsm/incidents.service.js';
import { targetNames } from '../language/identifiers.js';
import {
  actionTargetNames,
  historyRecord,
  nameFragments,
  similarActions,
  type ExecutedAction,
  type Trouble,
} from './change-history.js';
import type { ActionHistory, PolicyRules } from './risk-policy.js';
import type { Client } from './stored-policies.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Most past actions one history read considers (the newest). */
export const HISTORY_ACTIONS_LIMIT = 500;
/** Most incidents one history read considers (the newest). */
const HISTORY_INCIDENTS_LIMIT = 1000;

const EXECUTED = ['AUTO_DONE', 'APPROVED'] as const;

export interface ExecutedActionsFilter {
  from: Date;
  to: Date;
  /** Only these types (any when absent). */
  actionTypes?: string[];
  /** Only actions whose target or description contains one of these (case-insensitive); none when empty. */
  fragments?: string[];
  take: number;
}

/**
 * Actions that ran in [from, to) — AUTO_DONE or APPROVED, submitted by people or tools, not the
 * auto cycle's own records — newest first. One statement, on the (status, createdAt) index: an
 * action runs at its submission or its approval, at most APPROVAL_TTL_MINUTES later.
 */
export async function executedActions(rt: Runtime, filter: ExecutedActionsFilter, client: Client = rt.db): Promise<ExecutedAction[]> {
  if (filter.fragments?.length === 0 || filter.actionTypes?.length === 0) return [];
  const submittedSince = new Date(filter.from.getTime() - rt.config.approvals.ttlMinutes * 60_000);
  const where: Prisma.AutoActionWhereInput = {
    status: { in: [...EXECUTED] },
    sourceKey: null,
    createdAt: { gte: submittedSince, lt: filter.to },
    processedAt: { gte: filter.from, lt: filter.to },
    ...(filter.actionTypes ? { actionType: { in: filter.actionTypes } } : {}),
    ...(filter.fragments
      ? {
          OR: filter.fragments.flatMap((fragment) => [
            { target: { contains: fragment, mode: 'insensitive' as const } },
            { description: { contains: fragment, mode: 'insensitive' as const } },
          ]),
        }
      : {}),
  };
  const rows = await client.autoAction.findMany({
    where,
    select: { id: true, actionType: true, target: true, description: true, environment: true, processedAt: true },
    orderBy: [{ processedAt: 'desc' }, { id: 'desc' }],
    take: filter.take,
  });
  return rows.map(({ processedAt, ...row }) => ({ ...row, executedAt: processedAt! }));
}

/** The actions of these ids, in one statement (what a change analysis names, for its loaders). */
export async function actionsByIds(client: Client, ids: readonly string[]): Promise<AutoAction[]> {
  return client.autoAction.findMany({ where: { id: { in: [...ids] } } });
}

/** Incidents naming one of `fragments` that began in [from, to), as troubles (through itsm). One statement. */
export async function incidentTroubles(client: Client, fragments: string[], range: { from: Date; to: Date }): Promise<Trouble[]> {
  const incidents = await incidentsNaming(client, fragments, range, HISTORY_INCIDENTS_LIMIT);
  return incidents.map((incident) => ({
    kind: 'INCIDENT' as const,
    id: incident.id,
    at: incident.occurredAt,
    names: incident.source ? targetNames(incident.source) : actionTargetNames({ description: incident.title }),
    summary: incident.title,
  }));
}

type HistoryRule = NonNullable<PolicyRules['history']>;

/** What the history rule needs to know of an action. */
export interface HistorySubject {
  actionType: string;
  target?: string | null;
  description?: string | null;
}

/**
 * The record the history rule judges, for any time in [from, to] (the backtest replays a batch of
 * one type and target at once): read once, then counted as of each time without look-ahead.
 */
export async function readActionHistory(
  rt: Runtime,
  client: Client,
  subject: HistorySubject,
  rule: HistoryRule,
  range: { from: Date; to: Date },
): Promise<(asOf: Date) => ActionHistory | null> {
  const names = actionTargetNames(subject);
  if (names.length === 0) return () => null;
  const type = subject.actionType.toUpperCase();
  const fragments = nameFragments(names);
  const windowMs = rule.windowDays * DAY_MS;
  const from = new Date(range.from.getTime() - windowMs);
  const actions = await executedActions(rt, { actionTypes: [type], fragments, from, to: range.to, take: HISTORY_ACTIONS_LIMIT }, client);
  const oldest = actions.at(-1)?.executedAt;
  const incidents = oldest ? await incidentTroubles(client, fragments, { from: oldest, to: range.to }) : [];
  const target = subject.target?.trim() || names[0]!;
  return (asOf) => {
    const similar = similarActions(actions, type, names, new Date(asOf.getTime() - windowMs), asOf);
    const record = historyRecord(similar, incidents, ['INCIDENT'], rule.followWindowHours * HOUR_MS, asOf);
    return { target, similar: record.similar, followedByIncident: record.followed };
  };
}

/** The history rule's record for one action as of `asOf` (two statements). */
export async function actionHistoryAt(rt: Runtime, client: Client, subject: HistorySubject, rule: HistoryRule, asOf: Date): Promise<ActionHistory | null> {
  const recordAt = await readActionHistory(rt, client, subject, rule, { from: asOf, to: asOf });
  return recordAt(asOf);
}
