// The learning loop's scheduled jobs, listed by the server's assembly: check the effectiveness of
// feedback whose window has passed, and calibrate every threshold. Each runs on one replica at a
// time (see src/jobs/scheduler.ts).
import type { JobDefinition } from '../../jobs/scheduler.js';
import { checkDueFeedback } from './effectiveness.service.js';
import { calibrateAll } from './threshold-calibration.service.js';

export const feedbackEffectivenessJob: JobDefinition = {
  name: 'learning-feedback-effectiveness',
  everyMinutes: (config) => config.learning.jobIntervalMinutes,
  run: async (rt) => {
    const result = await checkDueFeedback(rt);
    if (result.checked > 0) rt.logger.info(result, 'due solution feedback checked');
    return result;
  },
};

export const calibrateThresholdsJob: JobDefinition = {
  name: 'learning-calibrate-thresholds',
  everyMinutes: (config) => config.learning.jobIntervalMinutes,
  run: async (rt) => {
    const { examined, calibrated } = await calibrateAll(rt, 'system:learning-calibrate-thresholds');
    return { examined, calibrated };
  },
};
