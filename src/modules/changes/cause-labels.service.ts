// Operators' verdicts on probable causes (CauseLabel, owned here): an executed action confirmed or
// rejected as the cause of a problem or incident, with the rank and score the ranking gave it at
// that moment. Those ranks are the ground truth the ranking is measured on (causeRankingQuality).
// The static permissions (learning:write to label, ops:read to read) are on the GraphQL fields.
import type { Viewer } from '../../auth/viewer.js';
import { ConflictError } from '../../errors.js';
import type { CauseLabel, Prisma } from '../../generated/prisma/client.js';
import type { CauseVerdict } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parseActionId, parseComment } from '../approvals/action-input.js';
import { requireAction } from '../approvals/action-reads.service.js';
import { rankedCauses } from './probable-causes.service.js';
import { loadSubject, parseSubjectId } from './subjects.service.js';

export interface LabelInput {
  subjectId: string;
  actionId: string;
  comment?: string | null;
}

const EXECUTED = new Set(['AUTO_DONE', 'APPROVED']);

/**
 * Records the verdict on `actionId` as the cause of the subject (a later verdict on the same pair
 * replaces the earlier one). NOT_FOUND for an unknown subject or action, CONFLICT for an action
 * that never ran (pending, rejected or expired).
 */
export async function labelCause(
  rt: Runtime,
  viewer: Viewer,
  input: LabelInput,
  verdict: CauseVerdict,
  query: Pick<Prisma.CauseLabelUpsertArgs, 'select'> = {},
): Promise<CauseLabel> {
  const ref = parseSubjectId(input.subjectId, 'subjectId');
  const actionId = parseActionId(input.actionId, 'actionId');
  const comment = parseComment(input.comment);
  const subject = await loadSubject(rt, ref);
  const action = await requireAction(rt, actionId);
  if (!EXECUTED.has(action.status)) {
    throw new ConflictError(`action ${actionId} is ${action.status}: only an action that ran (AUTO_DONE or APPROVED) can be labelled a cause`, { status: action.status });
  }
  const ranked = (await rankedCauses(rt, subject)).find((cause) => cause.actionId === actionId);
  const data = {
    verdict,
    rankAtLabel: ranked?.rank ?? null,
    scoreAtLabel: ranked?.score ?? null,
    labelledBy: viewer.username,
    labelledAt: rt.clock.now(),
    comment,
  };
  const label = await rt.db.causeLabel.upsert({
    ...query,
    where: { subjectId_actionId: { subjectId: ref.id, actionId } },
    create: { subjectId: ref.id, actionId, ...data },
    update: data,
  });
  rt.logger.info({ subjectId: ref.id, actionId, verdict, rank: data.rankAtLabel, by: viewer.username }, 'probable cause labelled');
  return label;
}

/** The verdicts on these (subject, action) pairs, in one statement. */
export async function labelsOfPairs(rt: Runtime, pairs: ReadonlyArray<{ subjectId: string; actionId: string }>): Promise<CauseLabel[]> {
  if (pairs.length === 0) return [];
  return rt.db.causeLabel.findMany({ where: { OR: pairs.map(({ subjectId, actionId }) => ({ subjectId, actionId })) } });
}

export interface CauseRankingQuality {
  /** Subjects with at least one confirmed cause. */
  labelledSubjects: number;
  confirmedLabels: number;
  rejectedLabels: number;
  /** Share of labelled subjects whose first-ranked cause (when labelled) was confirmed. */
  precisionAt1: number | null;
  /** Share of labelled subjects with a confirmed cause among the first three. */
  top3: number | null;
  /** Mean of 1 / rank of the best confirmed cause (0 when it was not ranked). */
  meanReciprocalRank: number | null;
  /** Rejected causes that the ranking had put first. */
  rejectedRankedFirst: number;
}

/** How well the ranking agreed with the operators' verdicts, from the ranks recorded with them. */
export async function causeRankingQuality(rt: Runtime): Promise<CauseRankingQuality> {
  const labels = await rt.db.causeLabel.findMany({ select: { subjectId: true, verdict: true, rankAtLabel: true } });
  const best = new Map<string, number>();
  let rejectedLabels = 0;
  let rejectedRankedFirst = 0;
  for (const label of labels) {
    if (label.verdict === 'REJECTED') {
      rejectedLabels += 1;
      if (label.rankAtLabel === 1) rejectedRankedFirst += 1;
      continue;
    }
    const rank = label.rankAtLabel ?? Number.POSITIVE_INFINITY;
    best.set(label.subjectId, Math.min(best.get(label.subjectId) ?? Number.POSITIVE_INFINITY, rank));
  }
  const ranks = [...best.values()];
  const share = (hits: number) => (ranks.length > 0 ? Math.round((hits / ranks.length) * 1000) / 1000 : null);
  return {
    labelledSubjects: ranks.length,
    confirmedLabels: labels.length - rejectedLabels,
    rejectedLabels,
    precisionAt1: share(ranks.filter((rank) => rank === 1).length),
    top3: share(ranks.filter((rank) => rank <= 3).length),
    meanReciprocalRank: share(ranks.reduce((sum, rank) => sum + (Number.isFinite(rank) ? 1 / rank : 0), 0)),
    rejectedRankedFirst,
  };
}
