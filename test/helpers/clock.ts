// A clock the test moves by hand: services read the time from the runtime's clock, so expiry,
// SLA, feedback windows and calibration are tested without sleeping.
import type { Clock } from '../../src/runtime.js';

export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
