// Runs left RUNNING by a dead process (kill -9, crash, node lost) are marked ABANDONED at start-up
// and by the sweeper job, so a dashboard never shows a run "running" forever. Safe with replicas:
// only whoever takes the 'auto-cycle' lock marks anything, and holding it proves that no run is
// alive anywhere (a live run holds it for its whole duration; a dead process dropped it with its
// connection). Their work is redone by the next run: every step is idempotent by sourceKey.
import type { JobDefinition } from '../../jobs/scheduler.js';
import type { Runtime } from '../../runtime.js';
import { AUTO_CYCLE_JOB } from './cycle.service.js';
import { abandonInterruptedRuns, countRunningRuns } from './cycle-runs.service.js';

/**
 * A run is created RUNNING a moment before it tries the lock (and becomes SKIPPED if another run
 * has it): runs younger than this are left for a later check.
 */
export const RECOVERY_MARGIN_MS = 5_000;

/** Marks the runs of dead processes ABANDONED; returns how many (0 when a run is alive). */
export async function abandonDeadRuns(rt: Runtime): Promise<number> {
  const outcome = await rt.jobs.runExclusively(AUTO_CYCLE_JOB, () =>
    abandonInterruptedRuns(rt, new Date(rt.clock.now().getTime() - RECOVERY_MARGIN_MS)),
  );
  const count = outcome.ran ? outcome.value : 0;
  if (count > 0) rt.logger.warn({ abandoned: count }, 'marked auto-cycle runs left RUNNING by a stopped process as ABANDONED');
  return count;
}

/**
 * At start-up: marks now, and once more after the margin when a young RUNNING run remains (the
 * run of a process killed just before this one started). Never fails the start.
 */
export async function recoverInterruptedRuns(rt: Runtime): Promise<number> {
  try {
    const count = await abandonDeadRuns(rt);
    if ((await countRunningRuns(rt)) > 0) {
      setTimeout(() => void abandonDeadRuns(rt).catch((error: unknown) => rt.logger.warn({ err: error }, 'abandoned-run check failed')), RECOVERY_MARGIN_MS + 500).unref();
    }
    return count;
  } catch (error) {
    rt.logger.warn({ err: error }, 'abandoned-run check at start-up failed; the sweeper retries');
    return 0;
  }
}

/** The sweeper: every minute, on one replica. */
export const abandonedRunsJob: JobDefinition = {
  name: 'abandoned-cycle-runs',
  everyMinutes: () => 1,
  run: (rt) => abandonDeadRuns(rt),
};
