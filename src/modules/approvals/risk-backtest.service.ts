// Backtest of a policy version: the actions submitted in the last `days` days (not the auto
// cycle's own records) replayed through it, reporting which would have changed risk level or
// approval gate. Lessons are taken as they are now; a history rule's record is counted as of each
// replayed action's submission (no look-ahead), read once per type and target of a batch. Reads in
// batches; nothing is written.
import type { ActionStatus, Environment, RiskLevel } from '../../generated/prisma/enums.js';
import type { Viewer } from '../../auth/viewer.js';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { recentFailureLessons } from '../learning/lessons.service.js';
import { actionTargetNames } from './change-history.js';
import { readActionHistory } from './change-history.service.js';
import { assess, DEFAULT_POLICY, requiresApproval, RISK_LEVELS, type ActionHistory, type RiskAssessment, type RiskContext, type RiskPolicy } from './risk-policy.js';
import { activePolicyVersion, policyFromRow } from './stored-policies.js';

const DAY_MS = 86_400_000;
const BACKTEST_BATCH = 500;
export const MAX_BACKTEST_CHANGES = 100;

export interface BacktestChange {
  actionId: string;
  actionType: string;
  environment: Environment;
  targetCount: number;
  createdAt: Date;
  status: ActionStatus;
  recordedRiskLevel: RiskLevel;
  recordedPolicyVersion: number;
  recordedRequiresApproval: boolean;
  newRiskLevel: RiskLevel;
  newRequiresApproval: boolean;
  factors: RiskAssessment['factors'];
}

export interface BacktestResult {
  version: number;
  activeVersion: number;
  days: number;
  actionsReplayed: number;
  riskChanged: number;
  gateChanged: number;
  raised: number;
  lowered: number;
  /** The newest changed actions (at most MAX_BACKTEST_CHANGES). */
  changes: BacktestChange[];
}

interface ReplayedAction {
  id: string;
  actionType: string;
  target: string | null;
  description: string;
  environment: Environment;
  targetCount: number;
  createdAt: Date;
  status: ActionStatus;
  riskLevel: RiskLevel;
  policyVersion: number;
}

type LessonFor = (actionType: string, environment: Environment) => RiskContext['failureLesson'];
type HistoryFor = (action: ReplayedAction) => ActionHistory | null;

export async function backtestPolicy(rt: Runtime, _viewer: Viewer, version: number, days = 30): Promise<BacktestResult> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new BadInputError('days', 'must be a whole number from 1 to 366');
  const policy = await replayedPolicy(rt, version);
  const activeVersion = await activePolicyVersion(rt.db);
  const now = rt.clock.now();
  const lessonFor = await failureLessonsAt(rt, new Date(now.getTime() - policy.rules.failureLesson.withinDays * DAY_MS));
  const result: BacktestResult = { version, activeVersion, days, actionsReplayed: 0, riskChanged: 0, gateChanged: 0, raised: 0, lowered: 0, changes: [] };
  const since = new Date(now.getTime() - days * DAY_MS);
  let cursor: string | undefined;
  for (;;) {
    const batch: ReplayedAction[] = await rt.db.autoAction.findMany({
      where: { createdAt: { gte: since }, sourceKey: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: BACKTEST_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, actionType: true, target: true, description: true, environment: true, targetCount: true, createdAt: true, status: true, riskLevel: true, policyVersion: true },
    });
    const historyFor = await historiesOf(rt, policy, batch);
    for (const action of batch) replay(result, policy, action, { failureLesson: lessonFor(action.actionType, action.environment), history: historyFor(action) });
    if (batch.length < BACKTEST_BATCH) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return result;
}

/** The policy to replay: a stored version, or the shipped version 1 before any is stored. */
async function replayedPolicy(rt: Runtime, version: number): Promise<RiskPolicy> {
  const row = await rt.db.riskPolicy.findUnique({ where: { version } });
  if (row) return policyFromRow(rt, row);
  if (version === DEFAULT_POLICY.version) return DEFAULT_POLICY;
  throw new NotFoundError('RiskPolicy', version);
}

/** The newest verified failure lesson per action type and environment since `since`. */
async function failureLessonsAt(rt: Runtime, since: Date): Promise<LessonFor> {
  const lessons = await recentFailureLessons(rt.db, since);
  const byKey = new Map<string, { lessonId: string; title: string }>();
  for (const lesson of lessons) {
    const key = `${lesson.actionType.toUpperCase()}:${lesson.environment}`;
    if (!byKey.has(key)) byKey.set(key, { lessonId: lesson.lessonId, title: lesson.title });
  }
  return (actionType, environment) => byKey.get(`${actionType.toUpperCase()}:${environment}`) ?? null;
}

/** The history rule's record of each action of a batch as of its submission: one read per type and target. */
async function historiesOf(rt: Runtime, policy: RiskPolicy, batch: ReplayedAction[]): Promise<HistoryFor> {
  const rule = policy.rules.history;
  if (!rule) return () => null;
  const groups = new Map<string, ReplayedAction[]>();
  for (const action of batch) {
    const key = `${action.actionType}|${actionTargetNames(action).join(' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), action]);
  }
  const records = new Map<string, ActionHistory | null>();
  for (const actions of groups.values()) {
    const times = actions.map((action) => action.createdAt.getTime());
    const range = { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) };
    const recordAt = await readActionHistory(rt, rt.db, actions[0]!, rule, range);
    for (const action of actions) records.set(action.id, recordAt(action.createdAt));
  }
  return (action) => records.get(action.id) ?? null;
}

/** Replays one action and counts it into `result` when its level or gate changes. */
function replay(result: BacktestResult, policy: RiskPolicy, action: ReplayedAction, context: RiskContext): void {
  result.actionsReplayed += 1;
  const replayed = assess(policy, action, context);
  const recordedRequiresApproval = requiresApproval(action.riskLevel);
  const riskChanged = replayed.riskLevel !== action.riskLevel;
  const gateChanged = replayed.requiresApproval !== recordedRequiresApproval;
  if (!riskChanged && !gateChanged) return;
  if (riskChanged) result.riskChanged += 1;
  if (gateChanged) result.gateChanged += 1;
  if (RISK_LEVELS.indexOf(replayed.riskLevel) > RISK_LEVELS.indexOf(action.riskLevel)) result.raised += 1;
  else if (riskChanged) result.lowered += 1;
  if (result.changes.length >= MAX_BACKTEST_CHANGES) return;
  result.changes.push({
    actionId: action.id,
    actionType: action.actionType,
    environment: action.environment,
    targetCount: action.targetCount,
    createdAt: action.createdAt,
    status: action.status,
    recordedRiskLevel: action.riskLevel,
    recordedPolicyVersion: action.policyVersion,
    recordedRequiresApproval,
    newRiskLevel: replayed.riskLevel,
    newRequiresApproval: replayed.requiresApproval,
    factors: replayed.factors,
  });
}
