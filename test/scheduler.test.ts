// Scheduled jobs run again and again at their own period (any number of minutes, decimals
// allowed), never overlap with themselves, and stop when asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { periodMs, scheduleJobs } from '../src/jobs/scheduler.js';
import { openRuntime, type OpenRuntime } from '../src/runtime.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-scheduler-'));
let runtime: OpenRuntime;

beforeAll(async () => {
  runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
});

afterAll(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('scheduled jobs', () => {
  it('turn any interval in minutes into that period, 45 and 90 minutes included', () => {
    expect(periodMs(45)).toBe(45 * 60_000);
    expect(periodMs(90)).toBe(90 * 60_000);
    expect(periodMs(2880)).toBe(2 * 24 * 3_600_000);
    expect(periodMs(0.05)).toBe(3_000);
  });

  it('run repeatedly until stopped', async () => {
    let runs = 0;
    const jobs = scheduleJobs(runtime, [{ name: 'test:tick', everyMinutes: () => 0.1 / 60, run: async () => void (runs += 1) }]);
    await until(() => runs >= 3);
    await jobs.stop();
    await runtime.jobs.waitForRunning();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs).toBe(stoppedAt);
  });

  it('never overlap with themselves: a second run while one is in progress is skipped', async () => {
    let release!: () => void;
    const first = runtime.jobs.runExclusively('test:slow', () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    expect(await runtime.jobs.runExclusively('test:slow', async () => 'second')).toEqual({ ran: false });
    release();
    expect(await first).toEqual({ ran: true, value: 'done' });
  });
});
