import type { Check } from '../../src/engine/types.js';
import { parseSchedule } from '../../src/workload/cron.js';
import { eventLines, subject } from '../../src/workload/pods.js';
import type { CronJob } from '../../src/workload/types.js';

/** Warnings of the cronjob controller about the schedule or the jobs it finds. */
const SCHEDULE_EVENTS = ['UnParseableCronJobSchedule', 'InvalidSchedule', 'InvalidTimeZone', 'UnknownTimeZone', 'FailedNeedsStart', 'UnexpectedJob'];

export const cronJobBadSchedule: Check = {
  id: 'cronjob-bad-schedule',
  title: 'CronJobs whose schedule cannot run',
  area: 'workloads',
  severity: 'error',
  needs: ['cronjobs'],
  optional: ['events'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax',
  run(view, { now }) {
    return view.list<CronJob>('cronjobs').flatMap((cronJob) => {
      const schedule = cronJob.spec?.schedule ?? '';
      const parsed = parseSchedule(schedule, cronJob.spec?.timeZone);
      const events = eventLines(view, 'CronJob', cronJob, now, SCHEDULE_EVENTS);
      if (parsed.ok && events.length === 0) return [];
      const zone = cronJob.spec?.timeZone ? ` (timeZone ${cronJob.spec.timeZone})` : '';
      return [
        {
          ...subject(view, cronJob, 'CronJob'),
          message: parsed.ok ? `the cronjob controller cannot use schedule ${JSON.stringify(schedule)}${zone}` : `schedule ${JSON.stringify(schedule)}${zone} is wrong: ${parsed.error}`,
          evidence: [`spec.schedule: ${JSON.stringify(schedule)}${zone}`, ...(parsed.ok ? [] : [`parse: ${parsed.error}`]), ...events],
          remediation: 'Write the schedule as five fields (minute hour day-of-month month day-of-week) or a descriptor such as @hourly, with a day that exists in the month; put the zone in spec.timeZone, not in the schedule.',
        },
      ];
    });
  },
};
