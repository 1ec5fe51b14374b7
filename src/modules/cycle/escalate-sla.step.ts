// Step 3: escalate open requests whose SLA deadline is within the escalation window (30 minutes by
// default) or already past: escalatedAt is set once and the priority goes up one level, so the
// queue shows them first. Work: open status, escalatedAt null, slaDueAt before now + window (index
// status, escalatedAt, slaDueAt): resolved history and already escalated requests are never read.
import type { Priority } from '../../generated/prisma/enums.js';
import { escalateRequestsIfDue, listRequestsDueBefore, type DueRequest } from '../itsm/work-items.service.js';
import { actInBatch, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

const RAISED: Record<Priority, Priority> = { P1: 'P1', P2: 'P1', P3: 'P2', P4: 'P3' };

function timeLeft(slaDueAt: Date, now: Date): string {
  const minutes = Math.round((slaDueAt.getTime() - now.getTime()) / 60_000);
  return minutes >= 0 ? `SLA deadline in ${minutes} min` : `SLA deadline passed ${-minutes} min ago`;
}

function escalateOne(context: StepContext, request: DueRequest, tally: StepTally) {
  const priority = RAISED[request.priority];
  return actInBatch(context, tally, escalateRequestsIfDue, { id: request.id, priorityRead: request.priority, raisedTo: priority }, (now) => ({
    actionType: 'ESCALATE_REQUEST',
    description: `Escalated ${request.id} "${request.title}": ${timeLeft(request.slaDueAt, now)} (due ${request.slaDueAt.toISOString()}), ${request.assignee ? `assigned to ${request.assignee}` : 'unassigned'}; priority ${request.priority} → ${priority}`,
    target: request.id,
    result: { slaDueAt: request.slaDueAt.toISOString(), previousPriority: request.priority, priority, assignee: request.assignee },
    sourceKey: `escalate:${request.id}`,
  }));
}

export const escalateSlaStep: CycleStep = {
  name: 'escalateSla',
  async run(context, tally) {
    const { rt } = context;
    const horizon = new Date(context.startedAt.getTime() + rt.config.autoCycle.escalateBeforeMinutes * 60_000);
    await forEachWorkItem(
      context,
      tally,
      (after: DueRequest | undefined, take: number) => listRequestsDueBefore(rt, horizon, after, take),
      (request) => request,
      (request) => escalateOne(context, request, tally),
    );
  },
};
