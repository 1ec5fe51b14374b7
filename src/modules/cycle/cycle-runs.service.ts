// The records of cycle runs (AutoCycleRun, owned by this module): created RUNNING, their steps
// saved as they finish, then closed with a status. Read by the ops roles (`ops:read`, declared on
// the GraphQL fields).
import { publicId } from '../../db/ids.js';
import { NotFoundError } from '../../errors.js';
import type { AutoCycleRun, Prisma } from '../../generated/prisma/client.js';
import type { CycleStatus } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { parsePublicId } from '../../validation.js';
import type { StepTally } from './step.js';

/** What one step of a run did, as stored in AutoCycleRun.steps. */
export interface StepRecord extends StepTally {
  name: string;
  durationMs: number;
  error?: string;
}

type ReadQuery = Omit<Prisma.AutoCycleRunFindUniqueArgs, 'where'>;
type FindManyQuery = Omit<Prisma.AutoCycleRunFindManyArgs, 'where' | 'orderBy'>;

export async function createRun(rt: Runtime, triggeredBy: string, query: ReadQuery = {}): Promise<AutoCycleRun> {
  return rt.db.autoCycleRun.create({ ...query, data: { id: publicId('RUN'), status: 'RUNNING', triggeredBy, startedAt: rt.clock.now() } });
}

export async function saveSteps(rt: Runtime, id: string, steps: StepRecord[]): Promise<void> {
  await rt.db.autoCycleRun.update({ where: { id }, data: { steps: steps as unknown as Prisma.InputJsonValue } });
}

/** Closes a run still RUNNING (a run closed already is left as it is). */
export async function finishRun(rt: Runtime, id: string, status: CycleStatus, steps: StepRecord[], error: string | null): Promise<void> {
  await rt.db.autoCycleRun.updateMany({
    where: { id, status: 'RUNNING' },
    data: { status, steps: steps as unknown as Prisma.InputJsonValue, finishedAt: rt.clock.now(), error },
  });
}

/** Why a run is ABANDONED: stored in its `error`. */
export const ABANDONED_REASON = 'abandoned: the process running it stopped mid-cycle (crash, kill or restart); the next run redoes its remaining work';

/**
 * Marks ABANDONED the runs still RUNNING that started before `startedBefore` (other than `except`).
 * Only a caller holding the 'auto-cycle' lock may call it: it then knows no run is alive.
 */
export async function abandonInterruptedRuns(rt: Runtime, startedBefore: Date, except?: string): Promise<number> {
  const { count } = await rt.db.autoCycleRun.updateMany({
    where: { status: 'RUNNING', startedAt: { lt: startedBefore }, ...(except ? { id: { not: except } } : {}) },
    data: { status: 'ABANDONED', finishedAt: rt.clock.now(), error: ABANDONED_REASON },
  });
  return count;
}

/** How many runs are RUNNING (any age). */
export async function countRunningRuns(rt: Runtime): Promise<number> {
  return rt.db.autoCycleRun.count({ where: { status: 'RUNNING' } });
}

/** When the last SUCCEEDED run (other than `excluding`) started; undefined before the first. */
export async function lastSucceededRunStart(rt: Runtime, options: { excluding: string }): Promise<Date | undefined> {
  const last = await rt.db.autoCycleRun.findFirst({
    where: { status: 'SUCCEEDED', id: { not: options.excluding } },
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  return last?.startedAt;
}

export async function findRun(rt: Runtime, id: string, query: ReadQuery = {}): Promise<AutoCycleRun> {
  return rt.db.autoCycleRun.findUniqueOrThrow({ ...query, where: { id } });
}

export async function getAutoCycleRun(rt: Runtime, rawId: string, query: ReadQuery = {}): Promise<AutoCycleRun> {
  const id = parsePublicId('RUN', rawId, 'a cycle run');
  const run = await rt.db.autoCycleRun.findUnique({ ...query, where: { id } });
  if (!run) throw new NotFoundError('AutoCycleRun', id);
  return run;
}

export async function listAutoCycleRuns(rt: Runtime, query: FindManyQuery = {}): Promise<AutoCycleRun[]> {
  return rt.db.autoCycleRun.findMany({ ...query, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
}

export async function countAutoCycleRuns(rt: Runtime): Promise<number> {
  return rt.db.autoCycleRun.count();
}

/** The runs of these ids in one statement (for AutoAction.cycleRun; ops readers read every run). */
export async function runsByIds(rt: Runtime, ids: readonly string[]): Promise<AutoCycleRun[]> {
  return rt.db.autoCycleRun.findMany({ where: { id: { in: [...ids] } } });
}
