// The ops-channel message for a problem an escalation opened: the problem, and its probable cause
// when one was recorded (Slack/Mattermost-style JSON, like the approval messages). Pure.
import type { Evidence } from './cause-ranking.js';

export interface CauseFacts {
  action: { id: string; actionType: string; target: string | null; environment: string };
  score: number;
  evidence: Evidence[];
}

export interface ProblemOpenedBody {
  text: string;
  event: 'problem.opened';
  problem: { id: string; title: string };
  probableCause: { actionId: string; actionType: string; target: string | null; environment: string; score: number; evidence: Evidence[] } | null;
}

export function problemOpenedMessage(problem: { id: string; title: string }, cause: CauseFacts | null, minScore: number): ProblemOpenedBody {
  const lines = [`:rotating_light: Problem opened — ${problem.id} ${problem.title}`];
  if (cause) {
    const { action } = cause;
    const strongest = [...cause.evidence].sort((a, b) => b.weight - a.weight).map((item) => item.detail);
    lines.push(`Probable cause: ${action.id} ${action.actionType}${action.target ? ` on ${action.target}` : ''} (${action.environment}), score ${cause.score}: ${strongest.join('; ')}.`);
    lines.push(`Confirm or reject it: confirmProbableCause / rejectProbableCause(subjectId: "${problem.id}", actionId: "${action.id}")`);
  } else {
    lines.push(`No probable cause scored ${minScore} or more among the actions before its first occurrence.`);
  }
  return {
    text: lines.join('\n'),
    event: 'problem.opened',
    problem,
    probableCause: cause
      ? { actionId: cause.action.id, actionType: cause.action.actionType, target: cause.action.target, environment: cause.action.environment, score: cause.score, evidence: cause.evidence }
      : null,
  };
}
