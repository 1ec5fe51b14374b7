// The scheduled auto cycle: every AUTO_CYCLE_INTERVAL_MINUTES, on one replica at a time (the
// scheduler takes the 'auto-cycle' lock, the same one runAutoCycle uses).
import type { JobDefinition } from '../../jobs/scheduler.js';
import { AUTO_CYCLE_JOB, runScheduledCycle } from './cycle.service.js';

export const autoCycleJob: JobDefinition = {
  name: AUTO_CYCLE_JOB,
  everyMinutes: (config) => config.autoCycle.intervalMinutes,
  run: (rt) => runScheduledCycle(rt),
};
