// Step 1: classify new requests that are not yet classified, and assign each NEW request to the
// least-loaded engineer (fewest open ASSIGNED/IN_PROGRESS requests) of the team owning its category.
// Work: status NEW (index status, createdAt). The assignments of a page are one conditional update
// (still NEW) plus their AUTO_DONE records, in one transaction. A request no team can take stays NEW for a human
// and is picked up again once a team owns its category.
import type { Category } from '../../generated/prisma/enums.js';
import { classifyRequest, type Classification } from '../itsm/classification.js';
import { loadAssignmentRoster, type AssignmentCandidate } from '../itsm/teams.service.js';
import {
  assignRequestsIfNew,
  classifyRequestsIfUnclassified,
  countOpenRequestsPerAssignee,
  listNewRequests,
  type CreatedCursor,
  type NewRequest,
} from '../itsm/work-items.service.js';
import { actInBatch, forEachWorkItem, type CycleStep, type StepContext, type StepTally } from './step.js';

/** A request's category may have no staffed team: the team owning OTHER (the service desk) takes it. */
const FALLBACK_CATEGORY: Category = 'OTHER';

type Roster = Map<Category, AssignmentCandidate[]>;

/** Fewest open requests; ties by username so the choice is deterministic. */
function leastLoaded(candidates: AssignmentCandidate[], openCounts: Map<string, number>): AssignmentCandidate | undefined {
  return [...candidates].sort((a, b) => (openCounts.get(a.username) ?? 0) - (openCounts.get(b.username) ?? 0) || a.username.localeCompare(b.username))[0];
}

/** Nobody can take it: only a classification the request lacked is recorded; it stays NEW. */
function classifyOnly(context: StepContext, request: NewRequest, category: Category, classification: Classification, tally: StepTally) {
  return actInBatch(context, tally, classifyRequestsIfUnclassified, { id: request.id, category }, () => ({
    actionType: 'CLASSIFY_REQUEST',
    description: `Classified ${request.id} as ${category} (${classification.categoryKeywords.join(', ') || 'no category keywords'}); no team member can take it, left for a human`,
    target: request.id,
    result: { category, categoryKeywords: classification.categoryKeywords },
    sourceKey: `classify:${request.id}`,
  }));
}

function assign(
  context: StepContext,
  request: NewRequest,
  category: Category,
  classification: Classification | null,
  engineer: AssignmentCandidate,
  load: number,
  tally: StepTally,
  skipped: () => void,
) {
  const why = classification ? `classified ${category} by ${classification.categoryKeywords.join(', ') || 'no keywords'}` : `category ${category}`;
  const assignment = { id: request.id, assignee: engineer.username, classifiedAs: classification ? category : undefined };
  return actInBatch(context, tally, assignRequestsIfNew, assignment, () => ({
    actionType: 'ASSIGN_REQUEST',
    description: `Assigned ${request.id} "${request.title}" to ${engineer.username} (${engineer.teams.join(', ')}): ${why}; least loaded with ${load} open request(s)`,
    target: request.id,
    result: { assignee: engineer.username, teams: engineer.teams, category, openRequestsBefore: load, classifiedNow: !!classification },
    sourceKey: `assign:${request.id}`,
  }), { skipped });
}

async function processRequest(context: StepContext, request: NewRequest, roster: Roster, openCounts: Map<string, number>, tally: StepTally) {
  // Requests filed through the API are classified at once; others (imports) are classified here.
  const classification = request.classifiedAt ? null : classifyRequest(request);
  const category = request.category ?? classification?.category ?? 'OTHER';
  const owners = roster.get(category)?.length ? roster.get(category)! : (roster.get(FALLBACK_CATEGORY) ?? []);
  const engineer = leastLoaded(owners, openCounts);
  if (!engineer) {
    tally.leftForHuman++;
    if (classification) await classifyOnly(context, request, category, classification, tally);
    return;
  }
  const load = openCounts.get(engineer.username) ?? 0;
  // Counted now for the next requests of the page (the page commits at its end); undone if skipped.
  openCounts.set(engineer.username, load + 1);
  await assign(context, request, category, classification, engineer, load, tally, () => openCounts.set(engineer.username, (openCounts.get(engineer.username) ?? 1) - 1));
}

export const classifyAndAssignStep: CycleStep = {
  name: 'classifyAndAssign',
  async run(context, tally) {
    const { rt } = context;
    const roster = await loadAssignmentRoster(rt);
    const engineers = [...new Set([...roster.values()].flat().map((candidate) => candidate.username))];
    const openCounts = await countOpenRequestsPerAssignee(rt, engineers);
    await forEachWorkItem(
      context,
      tally,
      (after: CreatedCursor | undefined, take: number) => listNewRequests(rt, after, take),
      (request) => request,
      (request) => processRequest(context, request, roster, openCounts, tally),
    );
  },
};
