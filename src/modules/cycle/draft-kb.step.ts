// Step 5: draft a KB article (DRAFT, for a human to review and publish) from each resolved or
// closed request that has a resolution. Work: status RESOLVED/CLOSED, kbDraftedAt null (index
// status, kbDraftedAt). kbDraftedAt is set in the same transaction as the draft (and
// KbArticle.sourceSrId is unique), so a request is drafted once; requests with nothing to draft
// (no resolution, or answered from an existing article) are marked in bulk without a draft.
import { createDraftArticle, draftFrom, type DraftSource } from '../itsm/kb.service.js';
import { listUndraftedResolvedRequests, markKbDrafted, markNothingToDraft, type CreatedCursor, type ResolvedRequest } from '../itsm/work-items.service.js';
import { actOnce, CYCLE_ACTOR, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

function hasSomethingToDraft(request: ResolvedRequest): request is ResolvedRequest & { resolution: string } {
  return !!request.resolution?.trim() && !request.answeredByKbId;
}

function draftOne(context: StepContext, request: DraftSource, tally: StepTally) {
  const draft = draftFrom(request);
  return actOnce(context, tally, async (tx, now) => {
    if (!(await markKbDrafted(tx, request.id, now))) return null;
    const kbId = await createDraftArticle(tx, request.id, draft, CYCLE_ACTOR);
    // Already drafted (the unique sourceSrId): only the marker was missing.
    if (!kbId) return null;
    return {
      actionType: 'DRAFT_KB_ARTICLE',
      description: `Drafted ${kbId} "${draft.title}" from resolved ${request.id} (${request.category ?? 'OTHER'}); waiting for review before publishing`,
      target: request.id,
      result: { kbId, sourceSrId: request.id, keywords: draft.keywords.slice(0, 12) },
      sourceKey: `kbdraft:${request.id}`,
    };
  });
}

export const draftKbArticlesStep: CycleStep = {
  name: 'draftKbArticles',
  async run(context, tally) {
    const { rt } = context;
    await forEachWorkItem(
      context,
      tally,
      async (after: CreatedCursor | undefined, take: number) => {
        const page = await listUndraftedResolvedRequests(rt, after, take);
        const nothingToDraft = page.filter((request) => !hasSomethingToDraft(request));
        await markNothingToDraft(rt, nothingToDraft.map((request) => request.id), rt.clock.now());
        return page;
      },
      (request) => request,
      async (request) => {
        if (hasSomethingToDraft(request)) await draftOne(context, request, tally);
      },
    );
  },
};
