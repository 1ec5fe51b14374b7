// Step 1: classify new requests that are not yet classified, and assign each NEW request to the
// least-loaded engineer (fewest open ASSIGNED/IN_PROGRESS requests) of the team owning its category.
// Work: status NEW (index status, createdAt). Each assignment is a conditional update (still NEW)
// plus its AUTO_DONE record in one transaction. A request no team can take stays NEW for a human
// and is picked up again once a team owns its category.
import { db } from '../../../db/client.js';
import type { Category, Priority, RequestType } from '../../../generated/prisma/enums.js';
import { recordAutoDone } from '../../approvals/actions.service.js';
import { classifyRequest } from '../classification.js';
import { ASSIGNABLE_ROLES } from '../teams.service.js';
import { after, BATCH_SIZE, CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally, yieldToEventLoop } from './step.js';

/** A request's category may have no staffed team: the team owning OTHER (the service desk) takes it. */
const FALLBACK_CATEGORY: Category = 'OTHER';

interface Candidate {
  username: string;
  teams: string[];
}

/** Category → engineers of the teams owning it. */
async function loadRoster(): Promise<Map<Category, Candidate[]>> {
  const teams = await db().team.findMany({
    select: { name: true, categories: true, members: { select: { username: true, user: { select: { role: true } } } } },
    orderBy: { name: 'asc' },
  });
  const roster = new Map<Category, Map<string, Candidate>>();
  for (const team of teams) {
    for (const category of team.categories) {
      const members = roster.get(category) ?? new Map<string, Candidate>();
      for (const member of team.members) {
        if (!ASSIGNABLE_ROLES.includes(member.user.role)) continue;
        const candidate = members.get(member.username) ?? { username: member.username, teams: [] };
        candidate.teams.push(team.name);
        members.set(member.username, candidate);
      }
      roster.set(category, members);
    }
  }
  return new Map([...roster].map(([category, members]) => [category, [...members.values()]]));
}

/** Open requests per engineer (index assignee, status); kept up to date in memory as we assign. */
async function loadOpenCounts(usernames: string[]): Promise<Map<string, number>> {
  const counts = new Map(usernames.map((username) => [username, 0]));
  if (usernames.length === 0) return counts;
  const rows = await db().serviceRequest.groupBy({
    by: ['assignee'],
    where: { assignee: { in: usernames }, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } },
    _count: { _all: true },
  });
  for (const row of rows) if (row.assignee) counts.set(row.assignee, row._count._all);
  return counts;
}

/** Fewest open requests; ties by username so the choice is deterministic. */
function leastLoaded(candidates: Candidate[], openCounts: Map<string, number>): Candidate | undefined {
  return [...candidates].sort((a, b) => (openCounts.get(a.username) ?? 0) - (openCounts.get(b.username) ?? 0) || a.username.localeCompare(b.username))[0];
}

interface NewRequest {
  id: string;
  title: string;
  description: string;
  type: RequestType;
  priority: Priority;
  category: Category | null;
  classifiedAt: Date | null;
  createdAt: Date;
}

async function processRequest(context: StepContext, request: NewRequest, roster: Map<Category, Candidate[]>, openCounts: Map<string, number>, tally: StepTally) {
  // Requests filed through the API are classified at once; others (imports) are classified here.
  const classification = request.classifiedAt ? null : classifyRequest(request);
  const category = request.category ?? classification?.category ?? 'OTHER';
  const owners = roster.get(category)?.length ? roster.get(category)! : (roster.get(FALLBACK_CATEGORY) ?? []);
  const engineer = leastLoaded(owners, openCounts);
  const now = new Date();
  const done = await db().$transaction(async (tx) => {
    if (!engineer) {
      if (!classification) return false;
      const { count } = await tx.serviceRequest.updateMany({
        where: { id: request.id, classifiedAt: null },
        data: { category, classifiedAt: now },
      });
      if (count === 0) return false;
      await recordAutoDone(tx, {
        actionType: 'CLASSIFY_REQUEST',
        description: `Classified ${request.id} as ${category} (${classification.categoryKeywords.join(', ') || 'no category keywords'}); no team member can take it, left for a human`,
        target: request.id,
        result: { category, categoryKeywords: classification.categoryKeywords },
        sourceKey: `classify:${request.id}`,
        cycleRunId: context.runId,
        actor: CYCLE_ACTOR,
      });
      return true;
    }
    const load = openCounts.get(engineer.username) ?? 0;
    const { count } = await tx.serviceRequest.updateMany({
      where: { id: request.id, status: 'NEW' },
      data: {
        status: 'ASSIGNED',
        assignee: engineer.username,
        assignedAt: now,
        ...(classification ? { category, classifiedAt: now } : {}),
      },
    });
    if (count === 0) return false;
    const why = classification ? `classified ${category} by ${classification.categoryKeywords.join(', ') || 'no keywords'}` : `category ${category}`;
    await recordAutoDone(tx, {
      actionType: 'ASSIGN_REQUEST',
      description: `Assigned ${request.id} "${request.title}" to ${engineer.username} (${engineer.teams.join(', ')}): ${why}; least loaded with ${load} open request(s)`,
      target: request.id,
      result: { assignee: engineer.username, teams: engineer.teams, category, openRequestsBefore: load, classifiedNow: !!classification },
      sourceKey: `assign:${request.id}`,
      cycleRunId: context.runId,
      actor: CYCLE_ACTOR,
    });
    return true;
  });
  if (done && engineer) openCounts.set(engineer.username, (openCounts.get(engineer.username) ?? 0) + 1);
  if (done) tally.processed++;
  if (!engineer) tally.leftForHuman++;
}

export const classifyAndAssignStep: CycleStep = {
  name: 'classifyAndAssign',
  async run(context, tally) {
    const roster = await loadRoster();
    const engineers = [...new Set([...roster.values()].flat().map((candidate) => candidate.username))];
    const openCounts = await loadOpenCounts(engineers);
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await db().serviceRequest.findMany({
        where: { status: 'NEW', ...after(cursor) },
        select: { id: true, title: true, description: true, type: true, priority: true, category: true, classifiedAt: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH_SIZE,
      });
      for (const request of batch) {
        await processRequest(context, request, roster, openCounts, tally);
        await yieldToEventLoop();
      }
      if (batch.length < BATCH_SIZE) break;
      cursor = batch[batch.length - 1];
    }
  },
};
