// Risk assessment: the active policy applied to an action, with the context the pure policy needs
// (a recent verified failure lesson, read through learning, which owns lessons; the record of
// similar past actions, read only when the policy has a history rule).
import type { Viewer } from '../../auth/viewer.js';
import type { Runtime } from '../../runtime.js';
import { recentFailureLesson } from '../learning/lessons.service.js';
import { parseActionInput } from './action-input.js';
import { actionHistoryAt, type HistorySubject } from './change-history.service.js';
import { assess, type RiskAssessment, type RiskInput, type RiskPolicy } from './risk-policy.js';
import { activePolicy, type Client } from './stored-policies.js';

const DAY_MS = 86_400_000;

/** Assesses with the active policy (or `policy`) and the lessons and history current at `now`. */
export async function assessWithContext(
  rt: Runtime,
  client: Client,
  input: RiskInput & HistorySubject,
  now: Date,
  policy?: RiskPolicy,
): Promise<RiskAssessment> {
  const used = policy ?? (await activePolicy(rt, client));
  const since = new Date(now.getTime() - used.rules.failureLesson.withinDays * DAY_MS);
  const failureLesson = await recentFailureLesson(client, input.actionType, input.environment, since);
  const history = used.rules.history ? await actionHistoryAt(rt, client, input, used.rules.history, now) : null;
  return assess(used, input, { failureLesson, history });
}

/** Dry run of the gate: the level, factors and policy version an action would get now. */
export async function assessRisk(rt: Runtime, _viewer: Viewer, rawInput: unknown): Promise<RiskAssessment> {
  const input = parseActionInput(rawInput);
  return assessWithContext(rt, rt.db, input, rt.clock.now());
}
