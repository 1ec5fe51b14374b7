// Step 5: draft a KB article (DRAFT, for a human to review and publish) from each resolved or
// closed request that has a resolution. Work: status RESOLVED/CLOSED, kbDraftedAt null (index
// status, kbDraftedAt). kbDraftedAt is set in the same transaction as the draft (and
// KbArticle.sourceSrId is unique), so a request is drafted once; requests with nothing to draft
// (no resolution, or answered from an existing article) are marked in bulk without a draft.
import { db } from '../../../db/client.js';
import { publicId } from '../../../db/ids.js';
import type { Category, RequestType } from '../../../generated/prisma/enums.js';
import { recordAutoDone } from '../../approvals/actions.service.js';
import { articleKeywords } from '../kb-match.js';
import { after, BATCH_SIZE, CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally, yieldToEventLoop } from './step.js';

const DONE_STATUSES = ['RESOLVED', 'CLOSED'] as const;

interface ResolvedRequest {
  id: string;
  title: string;
  description: string;
  type: RequestType;
  category: Category | null;
  resolution: string | null;
  answeredByKbId: string | null;
  createdAt: Date;
}

/** A bilingual draft: what the requester saw, and what fixed it. */
export function draftFrom(request: Pick<ResolvedRequest, 'id' | 'title' | 'description' | 'type' | 'category'> & { resolution: string }) {
  const body = [
    '## 증상 (Symptom)',
    request.description,
    '',
    '## 해결 방법 (Resolution)',
    request.resolution,
    '',
    `_${request.id}에서 자동 작성된 초안입니다. 검토 후 게시하세요. (Drafted automatically from ${request.id}: review before publishing.)_`,
  ].join('\n');
  const tags = [request.category?.toLowerCase() ?? 'other', request.type.toLowerCase(), 'auto-draft'];
  return { title: request.title, body, tags, keywords: articleKeywords(request.title, `${request.description}\n${request.resolution}`, tags) };
}

async function draftOne(context: StepContext, request: ResolvedRequest & { resolution: string }, tally: StepTally) {
  const now = new Date();
  const draft = draftFrom(request);
  const drafted = await db().$transaction(async (tx) => {
    const { count } = await tx.serviceRequest.updateMany({ where: { id: request.id, kbDraftedAt: null }, data: { kbDraftedAt: now } });
    if (count === 0) return false;
    const id = publicId('KB');
    const created = await tx.kbArticle.createMany({
      data: [{ id, ...draft, status: 'DRAFT', sourceSrId: request.id, createdBy: CYCLE_ACTOR }],
      skipDuplicates: true,
    });
    // Already drafted (the unique sourceSrId): only the marker was missing.
    if (created.count === 0) return false;
    await recordAutoDone(tx, {
      actionType: 'DRAFT_KB_ARTICLE',
      description: `Drafted ${id} "${draft.title}" from resolved ${request.id} (${request.category ?? 'OTHER'}); waiting for review before publishing`,
      target: request.id,
      result: { kbId: id, sourceSrId: request.id, keywords: draft.keywords.slice(0, 12) },
      sourceKey: `kbdraft:${request.id}`,
      cycleRunId: context.runId,
      actor: CYCLE_ACTOR,
    });
    return true;
  });
  if (drafted) tally.processed++;
}

export const draftKbArticlesStep: CycleStep = {
  name: 'draftKbArticles',
  async run(context, tally) {
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await db().serviceRequest.findMany({
        where: { status: { in: [...DONE_STATUSES] }, kbDraftedAt: null, ...after(cursor) },
        select: { id: true, title: true, description: true, type: true, category: true, resolution: true, answeredByKbId: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH_SIZE,
      });
      const nothingToDraft = batch.filter((request) => !request.resolution?.trim() || request.answeredByKbId);
      if (nothingToDraft.length) {
        await db().serviceRequest.updateMany({ where: { id: { in: nothingToDraft.map((r) => r.id) }, kbDraftedAt: null }, data: { kbDraftedAt: new Date() } });
      }
      for (const request of batch) {
        if (!request.resolution?.trim() || request.answeredByKbId) continue;
        await draftOne(context, { ...request, resolution: request.resolution }, tally);
        await yieldToEventLoop();
      }
      if (batch.length < BATCH_SIZE) break;
      cursor = batch[batch.length - 1];
    }
  },
};
