// The top probable cause recorded when an escalation opens a problem (RecordedCause, owned here):
// ranked at that moment, recorded when its score is at least CAUSE_RECORD_MIN_SCORE, and named in
// the problem's ops-channel message (approvals' outbox: written in the same transaction, posted
// after the commit). Runs as the reaction to learning's `problem:opened`, before the live
// `patternEscalated` event is published, so that event's problem already shows it.
import type { Prisma, RecordedCause } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { requireAction } from '../approvals/action-reads.service.js';
import { enqueueOpsMessage } from '../approvals/notifications/outbox.js';
import { deliverSoon } from '../approvals/notifications/relay.js';
import { problemOpenedMessage, type CauseFacts } from './problem-message.js';
import { rankedCauses } from './probable-causes.service.js';
import { loadSubject } from './subjects.service.js';

/** Ranks the new problem's causes, records the top one when it scores high enough, and queues the problem's ops message. */
export async function recordTopCause(rt: Runtime, problemId: string): Promise<RecordedCause | null> {
  const subject = await loadSubject(rt, { kind: 'PROBLEM', id: problemId });
  const [top] = await rankedCauses(rt, subject);
  const minScore = rt.config.changes.recordMinScore;
  const cause: CauseFacts | null = top && top.score >= minScore ? { action: await requireAction(rt, top.actionId), score: top.score, evidence: top.evidence } : null;
  const { recorded, notificationId } = await rt.db.$transaction(async (tx) => {
    const recorded = cause ? await insertOnce(tx, { problemId, actionId: cause.action.id, score: cause.score, evidence: cause.evidence as unknown as Prisma.InputJsonValue, recordedAt: rt.clock.now() }) : null;
    const notificationId = await enqueueOpsMessage(tx, rt.config, 'problem.opened', problemOpenedMessage({ id: problemId, title: subject.title }, cause, minScore));
    return { recorded, notificationId };
  });
  deliverSoon(rt, [notificationId]);
  rt.logger.info({ problemId, actionId: recorded?.actionId ?? null, score: top?.score ?? null }, recorded ? 'probable cause recorded' : 'no probable cause recorded');
  return recorded;
}

/** One recorded cause per problem: a second attempt keeps the first. */
async function insertOnce(tx: Prisma.TransactionClient, data: Prisma.RecordedCauseCreateManyInput): Promise<RecordedCause> {
  await tx.recordedCause.createMany({ data: [data], skipDuplicates: true });
  return tx.recordedCause.findUniqueOrThrow({ where: { problemId: data.problemId } });
}

/** The recorded causes of these problems, in one statement. */
export async function recordedCausesOf(rt: Runtime, problemIds: readonly string[]): Promise<RecordedCause[]> {
  return rt.db.recordedCause.findMany({ where: { problemId: { in: [...problemIds] } } });
}
