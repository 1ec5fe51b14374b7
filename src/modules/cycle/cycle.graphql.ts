// AutoCycleRun: type, queries autoCycleRun / autoCycleRuns, mutation runAutoCycle (ADMIN),
// subscription autoCycleCompleted. Resolvers only call the services (a root field's authScopes
// guarantee its viewer).
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';
import type { Context } from '../../graphql/context.js';
import { contextLoader } from '../../graphql/loaders.js';
import { countAutoCycleRuns, findRun, getAutoCycleRun, listAutoCycleRuns, runsByIds, type StepRecord } from './cycle-runs.service.js';
import { runAutoCycle } from './cycle.service.js';

export const CycleStatusEnum = builder.enumType('CycleStatus', {
  values: describedValues({
    RUNNING: 'Steps are running.',
    SUCCEEDED: 'Every step ran.',
    FAILED: 'A step failed (see error); the next run redoes its remaining work.',
    SKIPPED: 'Another run held the cycle lock; nothing ran.',
    ABANDONED: 'The process running it stopped mid-cycle; the next run redoes its remaining work.',
  }),
  description: 'RUNNING, then SUCCEEDED or FAILED; SKIPPED when another run held the cycle lock.',
});

const CycleStepType = builder.objectRef<StepRecord>('CycleStep').implement({
  description: 'What one step of a cycle run did.',
  authScopes: { permission: 'ops:read' },
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'classifyAndAssign, answerInquiries, escalateSla, openIncidents, draftKbArticles or expireApprovals.',
    }),
    processed: t.exposeInt('processed', { description: 'Work items acted on (each recorded as an AUTO_DONE action).' }),
    leftForHuman: t.exposeInt('leftForHuman', { description: 'Work items looked at and left for a human (e.g. no team, no matching article).' }),
    durationMs: t.exposeInt('durationMs', { description: 'Wall-clock time the step took.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the step failed, if it did.' }),
  }),
});

export const AutoCycleRunType = builder.prismaNode('AutoCycleRun', {
  description: 'One run of the auto-processing cycle.',
  authScopes: { permission: 'ops:read' },
  id: { field: 'id', description: 'RUN-XXXXXXXX (also its Node id).' },
  nullable: true,
  fields: (t) => ({
    status: t.expose('status', { type: CycleStatusEnum, description: 'Where the run stands.' }),
    triggeredBy: t.exposeString('triggeredBy', { description: 'The ADMIN who ran it, or system:auto-cycle for the schedule.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When it started.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When it ended (null while RUNNING).' }),
    steps: t.field({
      type: [CycleStepType],
      description: 'Steps done so far, in order (complete once finished).',
      resolve: (run) => (Array.isArray(run.steps) ? (run.steps as unknown as StepRecord[]) : []).map((step) => ({ ...step, leftForHuman: step.leftForHuman ?? 0, durationMs: step.durationMs ?? 0 })),
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed or was skipped.' }),
  }),
});

function runLoader(context: Context) {
  return contextLoader(context, 'cycle:runs', (ids) => runsByIds(context.runtime, ids), (run) => run.id);
}

// The run that recorded an action (defined here: approvals never imports the cycle).
builder.prismaObjectField('AutoAction', 'cycleRun', (t) =>
  t.field({
    type: AutoCycleRunType,
    nullable: true,
    description: 'The auto-cycle run that recorded this action (null for submitted actions).',
    resolve: (action, _args, context) => (action.cycleRunId ? runLoader(context).load(action.cycleRunId) : null),
  }),
);

builder.queryField('autoCycleRun', (t) =>
  t.prismaField({
    type: 'AutoCycleRun',
    description: 'One cycle run, e.g. the one runAutoCycle returned.',
    authScopes: { permission: 'ops:read' },
    args: { id: t.arg.id({ required: true, description: 'RUN-XXXXXXXX' }) },
    resolve: (query, _root, args, context) => getAutoCycleRun(context.runtime, String(args.id), query),
  }),
);

builder.queryField('autoCycleRuns', (t) =>
  t.prismaConnection({
    type: 'AutoCycleRun',
    cursor: 'id',
    description: 'Cycle runs, newest first.',
    authScopes: { permission: 'ops:read' },
    totalCount: (_connection, _args, context) => countAutoCycleRuns(context.runtime),
    resolve: (query, _root, _args, context) => listAutoCycleRuns(context.runtime, query),
  }),
);

builder.mutationField('runAutoCycle', (t) =>
  t.prismaField({
    type: 'AutoCycleRun',
    description:
      'ADMIN: runs the auto-processing cycle now. Returns the RUNNING run at once; autoCycleCompleted tells when it ends. SKIPPED when another run holds the cycle. Errors: UNAUTHENTICATED, FORBIDDEN (not ADMIN).',
    authScopes: { permission: 'admin:operate' },
    resolve: (query, _root, _args, context) => runAutoCycle(context.runtime, context.viewer!, query),
  }),
);

builder.subscriptionField('autoCycleCompleted', (t) =>
  t.prismaField({
    type: 'AutoCycleRun',
    description: 'A cycle run ended (SUCCEEDED, FAILED or SKIPPED).',
    authScopes: { permission: 'ops:read' },
    subscribe: (_root, _args, context) => context.runtime.events.subscribe('autoCycle:completed'),
    resolve: (query, payload, _args, context) => findRun(context.runtime, (payload as { runId: string }).runId, query),
  }),
);
