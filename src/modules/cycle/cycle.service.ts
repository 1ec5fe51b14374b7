// The auto-processing cycle: six idempotent steps, one runner at a time. runAutoCycle (ADMIN)
// records a RUNNING run and returns it at once; the cycle runs in the background under the
// 'auto-cycle' lock (PostgreSQL advisory lock across replicas, in-process guard on PGlite). A
// trigger that cannot get the lock is SKIPPED; the scheduled job runs under the same lock.
// autoCycle:completed is published when a run ends, whatever its status.
import type { Config } from '../../../config.js';
import { requirePermission, type Viewer } from '../../../auth/viewer.js';
import { db } from '../../../db/client.js';
import { publicId } from '../../../db/ids.js';
import { NotFoundError } from '../../../errors.js';
import { parsePublicId } from '../../../validation.js';
import { events } from '../../../events/pubsub.js';
import type { AutoCycleRun, Prisma } from '../../../generated/prisma/client.js';
import type { CycleStatus } from '../../../generated/prisma/enums.js';
import { runExclusively } from '../../../jobs/scheduler.js';
import { logger } from '../../../logger.js';
import { settings } from '../../../runtime.js';
import { answerInquiriesStep } from './answer-inquiries.step.js';
import { classifyAndAssignStep } from './classify-assign.step.js';
import { draftKbArticlesStep } from './draft-kb.step.js';
import { escalateSlaStep } from './escalate-sla.step.js';
import { expireApprovalsStep } from './expire-approvals.step.js';
import { openIncidentsStep } from './open-incidents.step.js';
import { CYCLE_ACTOR, type CycleStep, type StepTally } from './step.js';

/** Name of the job and of its lock: manual and scheduled runs exclude each other. */
export const AUTO_CYCLE_JOB = 'auto-cycle';

export const CYCLE_STEPS: CycleStep[] = [
  classifyAndAssignStep,
  answerInquiriesStep,
  escalateSlaStep,
  openIncidentsStep,
  draftKbArticlesStep,
  expireApprovalsStep,
];

/**
 * Whoever holds the lock knows no other run is alive, so a run still RUNNING from before is one
 * whose process died mid-cycle. The margin leaves alone a run created a moment ago on another
 * replica that is about to find the lock taken (and mark itself SKIPPED).
 */
const INTERRUPTED_MARGIN_MS = 60_000;


export interface StepRecord extends StepTally {
  name: string;
  durationMs: number;
  error?: string;
}

async function createRun(triggeredBy: string, query: Omit<Prisma.AutoCycleRunFindUniqueArgs, 'where'> = {}): Promise<AutoCycleRun> {
  return db().autoCycleRun.create({ ...query, data: { id: publicId('RUN'), status: 'RUNNING', triggeredBy, startedAt: new Date() } });
}

async function finishRun(id: string, status: CycleStatus, steps: StepRecord[], error: string | null): Promise<void> {
  await db().autoCycleRun.updateMany({
    where: { id, status: 'RUNNING' },
    data: { status, steps: steps as unknown as Prisma.InputJsonValue, finishedAt: new Date(), error },
  });
}

function publishCompleted(runId: string): void {
  try {
    events().publish('autoCycle:completed', { runId });
  } catch (error) {
    logger.error({ err: error, runId }, 'could not publish autoCycle:completed');
  }
}

/** Runs every step in order; one failing step does not stop the others (escalations still go out). */
async function runSteps(runId: string, config: Config): Promise<CycleStatus> {
  const run = await db().autoCycleRun.findUniqueOrThrow({ where: { id: runId } });
  const interrupted = await db().autoCycleRun.updateMany({
    where: { status: 'RUNNING', id: { not: runId }, startedAt: { lt: new Date(run.startedAt.getTime() - INTERRUPTED_MARGIN_MS) } },
    data: { status: 'FAILED', finishedAt: new Date(), error: 'interrupted: its process stopped mid-cycle; the next run redid the remaining work' },
  });
  if (interrupted.count > 0) logger.warn({ runId, interrupted: interrupted.count }, 'marked interrupted auto-cycle runs as FAILED');

  const context = { runId, config, startedAt: run.startedAt };
  const steps: StepRecord[] = [];
  for (const step of CYCLE_STEPS) {
    const tally: StepTally = { processed: 0, leftForHuman: 0 };
    const started = Date.now();
    try {
      await step.run(context, tally);
      steps.push({ name: step.name, ...tally, durationMs: Date.now() - started });
    } catch (error) {
      logger.error({ err: error, runId, step: step.name, ...tally }, 'auto-cycle step failed');
      steps.push({ name: step.name, ...tally, durationMs: Date.now() - started, error: 'failed: see the server log for this run' });
    }
    logger.info({ runId, step: step.name, ...tally, ms: Date.now() - started }, 'auto-cycle step done');
    await db().autoCycleRun.update({ where: { id: runId }, data: { steps: steps as unknown as Prisma.InputJsonValue } });
  }
  const failed = steps.filter((step) => step.error).map((step) => step.name);
  const status: CycleStatus = failed.length ? 'FAILED' : 'SUCCEEDED';
  await finishRun(runId, status, steps, failed.length ? `steps failed: ${failed.join(', ')}` : null);
  return status;
}

/** Runs a recorded run under the cycle lock, or marks it SKIPPED when another run holds it. */
async function executeRun(runId: string): Promise<void> {
  const config = settings();
  try {
    const outcome = await runExclusively(config, AUTO_CYCLE_JOB, () => runSteps(runId, config));
    if (!outcome.ran) await finishRun(runId, 'SKIPPED', [], 'another auto cycle was running (here or on another replica): this trigger did nothing');
  } catch (error) {
    logger.error({ err: error, runId }, 'auto cycle failed');
    await finishRun(runId, 'FAILED', [], 'the cycle could not run: see the server log').catch(() => {});
  }
  publishCompleted(runId);
}

/** GraphQL `runAutoCycle`: returns the RUNNING run at once; the cycle goes on in the background. */
export async function runAutoCycle(viewer: Viewer | null, query: Omit<Prisma.AutoCycleRunFindUniqueArgs, 'where'> = {}): Promise<AutoCycleRun> {
  const actor = requirePermission(viewer, 'admin:operate');
  const run = await createRun(actor.username, query);
  void executeRun(run.id);
  return run;
}

/** Scripts and benches: one cycle now, under the lock, waiting for it to end. */
export async function runAutoCycleNow(triggeredBy = CYCLE_ACTOR): Promise<AutoCycleRun> {
  const run = await createRun(triggeredBy);
  await executeRun(run.id);
  return db().autoCycleRun.findUniqueOrThrow({ where: { id: run.id } });
}

/** The scheduled job: the scheduler already holds the lock; skipped runs leave no row. */
export async function runScheduledCycle(config: Config): Promise<void> {
  if (!config.autoCycle.enabled) return;
  const run = await createRun(CYCLE_ACTOR);
  try {
    await runSteps(run.id, config);
  } catch (error) {
    logger.error({ err: error, runId: run.id }, 'scheduled auto cycle failed');
    await finishRun(run.id, 'FAILED', [], 'the cycle could not run: see the server log').catch(() => {});
  }
  publishCompleted(run.id);
}

export async function getAutoCycleRun(viewer: Viewer | null, rawId: string, query: Omit<Prisma.AutoCycleRunFindUniqueArgs, 'where'> = {}): Promise<AutoCycleRun> {
  requirePermission(viewer, 'ops:read');
  const id = parsePublicId('RUN', rawId, 'a cycle run');
  const run = await db().autoCycleRun.findUnique({ ...query, where: { id } });
  if (!run) throw new NotFoundError('AutoCycleRun', id);
  return run;
}

type FindManyQuery = Omit<Prisma.AutoCycleRunFindManyArgs, 'where' | 'orderBy'>;

export async function listAutoCycleRuns(viewer: Viewer | null, query: FindManyQuery = {}): Promise<AutoCycleRun[]> {
  requirePermission(viewer, 'ops:read');
  return db().autoCycleRun.findMany({ ...query, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
}

export async function countAutoCycleRuns(viewer: Viewer | null): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().autoCycleRun.count();
}
