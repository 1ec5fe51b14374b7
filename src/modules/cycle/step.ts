// What every step of the auto-processing cycle shares: its context, its tally, the batch loop and
// the act. A step selects only its new work (a conditional predicate backed by an index, read
// through the owning module), in batches, and commits the acts of a batch in one transaction: each
// a conditional update of the work item plus its AUTO_DONE record (idempotent by sourceKey). A
// crash loses at most the batch in flight; a rerun never repeats an act.
import { AUTO_CYCLE_ACTOR } from '../../auth/viewer.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { recordAutoDoneMany, type AutoDoneRecord } from '../approvals/action-log.service.js';

/** Work items read per query: bounded memory and short transactions whatever the backlog. */
export const BATCH_SIZE = 200;

/** The actor recorded on everything the cycle does. */
export const CYCLE_ACTOR = AUTO_CYCLE_ACTOR;

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
 * Conditional updates of many work items in one statement (the owner's batched update): returns
 * the ids it changed. Items already changed by someone else or an earlier run are left out.
 */
export type BatchUpdate<I extends { id: string }> = (tx: Prisma.TransactionClient, items: I[], now: Date) => Promise<Set<string>>;

/** An act waiting for the end of its page: its change (on its own, or one item of a batched update), and what to do after. */
type PendingAct =
  | { change: (tx: Prisma.TransactionClient, now: Date) => Promise<ActRecord | null>; after: ActOutcome }
  | { batch: BatchUpdate<{ id: string }>; item: { id: string }; record: (now: Date) => ActRecord; after: ActOutcome };

export interface ActOutcome {
  /** After the commit, when the act happened (e.g. work outside the transaction). */
  done?: () => Promise<unknown> | unknown;
  /** When it did not happen (someone else or an earlier run already did it). */
  skipped?: () => void;
}

/** Acts of the page in flight, by step context. */
const pages = new WeakMap<StepContext, PendingAct[]>();

/** What a step does once per page, around the acts on its items. */
export interface PageHooks<T> {
  /** Before the acts: reads what they need for the whole page at once (e.g. candidate articles). */
  prepare?(page: T[]): Promise<void>;
  /** After the page's acts committed (and their `done` ran): follow-ups in bulk. */
  committed?(): Promise<void>;
}

/**
 * Reads the step's work page by page (keyset: `cursorOf` the last item of a full page) and acts on
 * each item in turn, yielding to the event loop between two items. The acts of a page commit
 * together, in one transaction at the end of the page (see actOnce and actInBatch).
 */
export async function forEachWorkItem<T, C>(
  context: StepContext,
  tally: StepTally,
  readPage: (after: C | undefined, take: number) => Promise<T[]>,
  cursorOf: (item: T) => C,
  act: (item: T) => Promise<unknown>,
  hooks: PageHooks<T> = {},
): Promise<void> {
  let cursor: C | undefined;
  for (;;) {
    const page = await readPage(cursor, BATCH_SIZE);
    if (page.length > 0) await hooks.prepare?.(page);
    const acts: PendingAct[] = [];
    pages.set(context, acts);
    try {
      for (const item of page) {
        await act(item);
        await yieldToEventLoop();
      }
    } finally {
      pages.delete(context);
    }
    await applyActs(context, tally, acts);
    if (page.length > 0) await hooks.committed?.();
    if (page.length < BATCH_SIZE) break;
    cursor = cursorOf(page[page.length - 1]!);
  }
}

/** The cycle's record of one act: the AUTO_DONE action, by the cycle's actor, tagged with its run. */
export type ActRecord = Omit<AutoDoneRecord, 'cycleRunId' | 'actor'>;

/** Long enough for a page of acts on a busy database (Prisma's default is 5 s). */
const PAGE_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

/**
 * Applies acts in one transaction: each `change` makes its conditional update through the owning
 * module (null: someone else or an earlier run already did it, nothing is recorded), then every
 * act that happened is recorded in the autonomous-action log (idempotent by sourceKey). A crash
 * loses at most this page; a rerun never repeats an act. Tallied and followed up after the commit.
 */
async function applyActs(context: StepContext, tally: StepTally, acts: PendingAct[]): Promise<void> {
  if (acts.length === 0) return;
  const now = context.rt.clock.now();
  const happened = await context.rt.db.$transaction(async (tx) => {
    const records = await changeAll(tx, acts, now);
    await recordAutoDoneMany(context.rt, tx, records.filter((record) => record !== null).map((record) => ({ ...record, cycleRunId: context.runId, actor: CYCLE_ACTOR })), now);
    return records.map((record) => record !== null);
  }, PAGE_TRANSACTION);
  for (const [index, act] of acts.entries()) {
    if (!happened[index]) act.after.skipped?.();
    else {
      tally.processed++;
      await act.after.done?.();
    }
  }
}

/** Runs the acts' changes: one statement per batched update for all its items, then the others one by one. */
async function changeAll(tx: Prisma.TransactionClient, acts: PendingAct[], now: Date): Promise<Array<ActRecord | null>> {
  const records: Array<ActRecord | null> = acts.map(() => null);
  const batches = new Map<BatchUpdate<{ id: string }>, number[]>();
  for (const [index, act] of acts.entries()) {
    if (!('batch' in act)) continue;
    const indexes = batches.get(act.batch);
    if (indexes) indexes.push(index);
    else batches.set(act.batch, [index]);
  }
  for (const [update, indexes] of batches) {
    const changed = await update(tx, indexes.map((index) => (acts[index] as Extract<PendingAct, { batch: unknown }>).item), now);
    for (const index of indexes) {
      const act = acts[index] as Extract<PendingAct, { batch: unknown }>;
      if (changed.has(act.item.id)) records[index] = act.record(now);
    }
  }
  for (const [index, act] of acts.entries()) if ('change' in act) records[index] = await act.change(tx, now);
  return records;
}

/**
 * An act whose conditional update joins the other acts of its page with the same `update` in one
 * statement (within forEachWorkItem; outside, it runs at once): `record` is written for the item
 * if the update changed it.
 */
export async function actInBatch<I extends { id: string }>(
  context: StepContext,
  tally: StepTally,
  update: BatchUpdate<I>,
  item: I,
  record: (now: Date) => ActRecord,
  after: ActOutcome = {},
): Promise<void> {
  const act: PendingAct = { batch: update as BatchUpdate<{ id: string }>, item, record, after };
  const page = pages.get(context);
  if (page) page.push(act);
  else await applyActs(context, tally, [act]);
}

/**
 * One act, once: `change` (in a transaction, with the page's other acts) makes the conditional
 * update through the owning module and returns the record of the act, or null when it had already
 * happened; `after` says what to do once that is known. Within forEachWorkItem the act commits at
 * the end of its page; outside, at once.
 */
export async function actOnce(
  context: StepContext,
  tally: StepTally,
  change: (tx: Prisma.TransactionClient, now: Date) => Promise<ActRecord | null>,
  after: ActOutcome = {},
): Promise<void> {
  const page = pages.get(context);
  if (page) page.push({ change, after });
  else await applyActs(context, tally, [{ change, after }]);
}
