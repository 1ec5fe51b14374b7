// Step 3: escalate open requests whose SLA deadline is within the escalation window (30 minutes by
// default) or already past: escalatedAt is set once and the priority goes up one level, so the
// queue shows them first. Work: open status, escalatedAt null, slaDueAt before now + window (index
// status, escalatedAt, slaDueAt): resolved history and already escalated requests are never read.
import { db } from '../../../db/client.js';
import type { Priority } from '../../../generated/prisma/enums.js';
import { recordAutoDone } from '../../approvals/actions.service.js';
import { BATCH_SIZE, CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally, yieldToEventLoop } from './step.js';

const OPEN = ['NEW', 'ASSIGNED', 'IN_PROGRESS'] as const;
const RAISED: Record<Priority, Priority> = { P1: 'P1', P2: 'P1', P3: 'P2', P4: 'P3' };

interface DueRequest {
  id: string;
  title: string;
  priority: Priority;
  assignee: string | null;
  slaDueAt: Date;
}

function timeLeft(slaDueAt: Date, now: Date): string {
  const minutes = Math.round((slaDueAt.getTime() - now.getTime()) / 60_000);
  return minutes >= 0 ? `SLA deadline in ${minutes} min` : `SLA deadline passed ${-minutes} min ago`;
}

async function escalateOne(context: StepContext, request: DueRequest, tally: StepTally) {
  const now = new Date();
  const priority = RAISED[request.priority];
  const escalated = await db().$transaction(async (tx) => {
    // Conditional on the priority read: a concurrent human change wins, and the next cycle re-reads it.
    const { count } = await tx.serviceRequest.updateMany({
      where: { id: request.id, escalatedAt: null, status: { in: [...OPEN] }, priority: request.priority },
      data: { escalatedAt: now, priority },
    });
    if (count === 0) return false;
    await recordAutoDone(tx, {
      actionType: 'ESCALATE_REQUEST',
      description: `Escalated ${request.id} "${request.title}": ${timeLeft(request.slaDueAt, now)} (due ${request.slaDueAt.toISOString()}), ${request.assignee ? `assigned to ${request.assignee}` : 'unassigned'}; priority ${request.priority} → ${priority}`,
      target: request.id,
      result: { slaDueAt: request.slaDueAt.toISOString(), previousPriority: request.priority, priority, assignee: request.assignee },
      sourceKey: `escalate:${request.id}`,
      cycleRunId: context.runId,
      actor: CYCLE_ACTOR,
    });
    return true;
  });
  if (escalated) tally.processed++;
}

export const escalateSlaStep: CycleStep = {
  name: 'escalateSla',
  async run(context, tally) {
    const horizon = new Date(context.startedAt.getTime() + context.config.autoCycle.escalateBeforeMinutes * 60_000);
    let cursor: { slaDueAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await db().serviceRequest.findMany({
        where: {
          status: { in: [...OPEN] },
          escalatedAt: null,
          slaDueAt: { lt: horizon },
          ...(cursor ? { OR: [{ slaDueAt: { gt: cursor.slaDueAt } }, { slaDueAt: cursor.slaDueAt, id: { gt: cursor.id } }] } : {}),
        },
        select: { id: true, title: true, priority: true, assignee: true, slaDueAt: true },
        orderBy: [{ slaDueAt: 'asc' }, { id: 'asc' }],
        take: BATCH_SIZE,
      });
      for (const request of batch) {
        await escalateOne(context, request, tally);
        await yieldToEventLoop();
      }
      if (batch.length < BATCH_SIZE) break;
      cursor = batch[batch.length - 1];
    }
  },
};
