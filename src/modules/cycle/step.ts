// What every step of the auto-processing cycle shares: its context, its tally, and the batch size.
// A step selects only its new work (a conditional predicate backed by an index), in batches, and
// makes each act one transaction: a conditional update of the work item plus its AUTO_DONE record
// (idempotent by sourceKey). A crash loses at most the act in flight; a rerun never repeats one.
import type { Config } from '../../../config.js';

/** Work items read per query: bounded memory and short transactions whatever the backlog. */
export const BATCH_SIZE = 200;

/** The actor recorded on everything the cycle does. */
export const CYCLE_ACTOR = 'system:auto-cycle';

export interface StepContext {
  runId: string;
  config: Config;
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

/** Keyset paging over (createdAt, id): stable under concurrent inserts, no OFFSET scans. */
export function after(cursor: { createdAt: Date; id: string } | undefined) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] };
}
