// What every step of the auto-processing cycle shares: its context, its tally, the batch loop and
// the act. A step selects only its new work (a conditional predicate backed by an index, read
// through the owning module), in batches, and makes each act one transaction: a conditional update
// of the work item plus its AUTO_DONE record (idempotent by sourceKey). A crash loses at most the
// act in flight; a rerun never repeats one.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { recordAutoDone, type AutoDoneRecord } from '../approvals/action-log.service.js';

/** Work items read per query: bounded memory and short transactions whatever the backlog. */
export const BATCH_SIZE = 200;

/** The actor recorded on everything the cycle does. */
export const CYCLE_ACTOR = 'system:auto-cycle';

export interface StepContext {
  rt: Runtime;
  runId: string;
  /** When the run started: every step judges time against one clock. */
  startedAt: Date;
}

/** Counted as the step goes, so a failed step still reports what it did before failing. */
export interface StepTally {
  /** Work items acted on (assigned, answered, escalated, opened, drafted, expired). */
  processed: number;
  /** Work items looked at and deliberately left for a human (e.g. no article matched). */
  leftForHuman: number;
}

export interface CycleStep {
  name: string;
  run(context: StepContext, tally: StepTally): Promise<void>;
}

/**
 * Lets the event loop serve other work between two work items. On the embedded database every
 * query resolves without real I/O, so a cycle would otherwise run as one chain of microtasks and
 * starve HTTP requests (and a concurrent trigger) until it ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Reads the step's work page by page (keyset: `cursorOf` the last item of a full page) and acts on
 * each item in turn, yielding to the event loop between two items.
 */
export async function forEachWorkItem<T, C>(
  readPage: (after: C | undefined, take: number) => Promise<T[]>,
  cursorOf: (item: T) => C,
  act: (item: T) => Promise<unknown>,
): Promise<void> {
  let cursor: C | undefined;
  for (;;) {
    const page = await readPage(cursor, BATCH_SIZE);
    for (const item of page) {
      await act(item);
      await yieldToEventLoop();
    }
    if (page.length < BATCH_SIZE) break;
    cursor = cursorOf(page[page.length - 1]!);
  }
}

/** The cycle's record of one act: the AUTO_DONE action, by the cycle's actor, tagged with its run. */
export type ActRecord = Omit<AutoDoneRecord, 'cycleRunId' | 'actor'>;

/**
 * One act, once: in one transaction, `change` makes the conditional update through the owning
 * module (false: someone else or an earlier run already did it, nothing is recorded) and the act
 * is recorded in the autonomous-action log. Counted in the tally when it happened.
 */
export async function actOnce(
  context: StepContext,
  tally: StepTally,
  change: (tx: Prisma.TransactionClient, now: Date) => Promise<ActRecord | null>,
): Promise<boolean> {
  const now = context.rt.clock.now();
  const done = await context.rt.db.$transaction(async (tx) => {
    const record = await change(tx, now);
    if (!record) return false;
    await recordAutoDone(tx, { ...record, cycleRunId: context.runId, actor: CYCLE_ACTOR }, now);
    return true;
  });
  if (done) tally.processed++;
  return done;
}
