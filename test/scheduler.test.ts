// Scheduled jobs run again and again at their own period (any number of minutes, decimals
// allowed), never overlap with themselves, and stop when asked.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { periodMs, runExclusively, scheduleJobs, waitForRunningJobs } from '../src/jobs/scheduler.js';

const config = loadConfig({});

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
    const jobs = scheduleJobs(config, [{ name: 'test:tick', everyMinutes: () => 0.1 / 60, run: async () => void (runs += 1) }]);
    await until(() => runs >= 3);
    await jobs.stop();
    await waitForRunningJobs();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs).toBe(stoppedAt);
  });

  it('never overlap with themselves: a second run while one is in progress is skipped', async () => {
    let release!: () => void;
    const first = runExclusively(config, 'test:slow', () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    expect(await runExclusively(config, 'test:slow', async () => 'second')).toEqual({ ran: false });
    release();
    expect(await first).toEqual({ ran: true, value: 'done' });
  });
});
