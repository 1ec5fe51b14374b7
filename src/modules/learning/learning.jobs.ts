// Daily learning jobs: check the effectiveness of feedback whose window has passed, and calibrate
// every threshold. Each runs on one replica at a time (see src/jobs/scheduler.ts).
import type { JobDefinition } from '../../jobs/scheduler.js';
import { logger } from '../../logger.js';
import { checkDueFeedback } from './feedback.service.js';
import { calibrateAll } from './thresholds.service.js';

export const feedbackEffectivenessJob: JobDefinition = {
  name: 'learning-feedback-effectiveness',
  everyMinutes: (config) => config.learning.jobIntervalMinutes,
  run: async () => {
    const result = await checkDueFeedback();
    if (result.checked > 0) logger.info(result, 'due solution feedback checked');
    return result;
  },
};

export const calibrateThresholdsJob: JobDefinition = {
  name: 'learning-calibrate-thresholds',
  everyMinutes: (config) => config.learning.jobIntervalMinutes,
  run: async () => {
    const { examined, calibrated } = await calibrateAll('system:learning-calibrate-thresholds');
    return { examined, calibrated };
  },
};
