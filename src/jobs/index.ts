// Every scheduled job of the product. A feature adds its job definition to this list.
import type { Config } from '../config.js';
import { scheduleJobs, type JobDefinition } from './scheduler.js';
import { approvalExpiryJob, notificationRelayJob } from '../modules/approvals/expiry.job.js';
import { autoCycleJob } from '../modules/itsm/cycle/cycle.job.js';
import { calibrateThresholdsJob, feedbackEffectivenessJob } from '../modules/learning/learning.jobs.js';

export const jobDefinitions: JobDefinition[] = [approvalExpiryJob, notificationRelayJob, autoCycleJob, feedbackEffectivenessJob, calibrateThresholdsJob];

export type RunningJobs = ReturnType<typeof scheduleJobs>;

export function startJobs(config: Config): RunningJobs {
  return scheduleJobs(config, jobDefinitions);
}
