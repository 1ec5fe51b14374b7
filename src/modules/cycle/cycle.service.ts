// The auto-processing cycle: six idempotent steps, one runner at a time. runAutoCycle (ADMIN)
// records a RUNNING run and returns it at once; the cycle runs in the background under the
// 'auto-cycle' lock (PostgreSQL advisory lock across replicas, in-process guard on PGlite). A
// trigger that cannot get the lock is SKIPPED; the scheduled job runs under the same lock.
// autoCycle:completed is published when a run ends, whatever its status.
import { performance } from 'node:perf_hooks';
import type { Viewer } from '../../auth/viewer.js';
import type { AutoCycleRun, Prisma } from '../../generated/prisma/client.js';
import type { CycleStatus } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { answerInquiriesStep } from './answer-inquiries.step.js';
import { classifyAndAssignStep } from './classify-assign.step.js';
import { abandonInterruptedRuns, createRun, findRun, finishRun, saveSteps, type StepRecord } from './cycle-runs.service.js';
import { draftKbArticlesStep } from './draft-kb.step.js';
import { escalateSlaStep } from './escalate-sla.step.js';
import { expireApprovalsStep } from './expire-approvals.step.js';
import { openIncidentsStep } from './open-incidents.step.js';
import { CYCLE_ACTOR, type CycleStep, type StepContext, type StepTally } from './step.js';

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

/** One step, timed; a failure is logged and recorded, and does not stop the next steps. */
async function runStep(context: StepContext, step: CycleStep): Promise<StepRecord> {
  const { rt, runId } = context;
  const tally: StepTally = { processed: 0, leftForHuman: 0 };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let record: StepRecord;
  try {
    await step.run(context, tally);
    record = { name: step.name, ...tally, durationMs: elapsed() };
  } catch (error) {
    rt.logger.error({ err: error, runId, step: step.name, ...tally }, 'auto-cycle step failed');
    record = { name: step.name, ...tally, durationMs: elapsed(), error: 'failed: see the server log for this run' };
  }
  rt.logger.info({ runId, step: step.name, ...tally, ms: record.durationMs }, 'auto-cycle step done');
  return record;
}

/** Runs every step in order; one failing step does not stop the others (escalations still go out). */
async function runSteps(rt: Runtime, runId: string): Promise<CycleStatus> {
  const run = await findRun(rt, runId);
  const interrupted = await abandonInterruptedRuns(rt, new Date(run.startedAt.getTime() - INTERRUPTED_MARGIN_MS), runId);
  if (interrupted > 0) rt.logger.warn({ runId, interrupted }, 'marked interrupted auto-cycle runs as ABANDONED');

  const context: StepContext = { rt, runId, startedAt: run.startedAt };
  const steps: StepRecord[] = [];
  for (const step of CYCLE_STEPS) {
    steps.push(await runStep(context, step));
    await saveSteps(rt, runId, steps);
  }
  const failed = steps.filter((step) => step.error).map((step) => step.name);
  const status: CycleStatus = failed.length ? 'FAILED' : 'SUCCEEDED';
  await finishRun(rt, runId, status, steps, failed.length ? `steps failed: ${failed.join(', ')}` : null);
  return status;
}

/** Runs the steps of a recorded run; a run that cannot run at all is FAILED. Then tells subscribers. */
async function runRecorded(rt: Runtime, runId: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    rt.logger.error({ err: error, runId }, 'auto cycle failed');
    await finishRun(rt, runId, 'FAILED', [], 'the cycle could not run: see the server log').catch(() => {});
  }
  rt.events.publish('autoCycle:completed', { runId });
}

/** Runs a recorded run under the cycle lock, or marks it SKIPPED when another run holds it. */
async function executeRun(rt: Runtime, runId: string): Promise<void> {
  await runRecorded(rt, runId, async () => {
    const outcome = await rt.jobs.runExclusively(AUTO_CYCLE_JOB, () => runSteps(rt, runId));
    if (!outcome.ran) await finishRun(rt, runId, 'SKIPPED', [], 'another auto cycle was running (here or on another replica): this trigger did nothing');
  });
}

/** GraphQL `runAutoCycle` (ADMIN): returns the RUNNING run at once; the cycle goes on in the background. */
export async function runAutoCycle(rt: Runtime, viewer: Viewer, query: Omit<Prisma.AutoCycleRunFindUniqueArgs, 'where'> = {}): Promise<AutoCycleRun> {
  const run = await createRun(rt, viewer.username, query);
  void executeRun(rt, run.id);
  return run;
}

/** Scripts and benches: one cycle now, under the lock, waiting for it to end. */
export async function runAutoCycleNow(rt: Runtime, triggeredBy = CYCLE_ACTOR): Promise<AutoCycleRun> {
  const run = await createRun(rt, triggeredBy);
  await executeRun(rt, run.id);
  return findRun(rt, run.id);
}

/**
 * The scheduled job. The scheduler (or the server's runJob) already holds the 'auto-cycle' lock
 * for it, so it runs the steps directly; a run skipped for the lock leaves no row.
 */
export async function runScheduledCycle(rt: Runtime): Promise<void> {
  if (!rt.config.autoCycle.enabled) return;
  const run = await createRun(rt, CYCLE_ACTOR);
  await runRecorded(rt, run.id, async () => {
    await runSteps(rt, run.id);
  });
}
