import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { firesBetween, parseSchedule } from '../../src/workload/cron.js';
import { eventLines, subject } from '../../src/workload/pods.js';
import type { CronJob } from '../../src/workload/types.js';

const MISSED_EVENTS = ['MissSchedule', 'TooManyMissedTimes', 'JobAlreadyActive'];

export const cronJobMissedSchedule: Check = {
  id: 'cronjob-missed-schedule',
  title: 'CronJobs that did not run when due',
  area: 'workloads',
  severity: 'warning',
  needs: ['cronjobs'],
  optional: ['events'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation',
  run(view, { now }) {
    return view.list<CronJob>('cronjobs').flatMap((cronJob) => {
      if (cronJob.spec?.suspend) return [];
      const schedule = parseSchedule(cronJob.spec?.schedule ?? '', cronJob.spec?.timeZone);
      if (!schedule.ok) return [];
      const lastText = cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp;
      if (!lastText) return [];
      // one missed run can be a slow controller; two periods without a run is a stopped CronJob
      const missed = firesBetween(schedule, new Date(lastText), now);
      if (missed.count < 2 || !missed.first) return [];
      const active = cronJob.status?.active ?? [];
      const policy = cronJob.spec?.concurrencyPolicy ?? 'Allow';
      const blocked = policy === 'Forbid' && active.length > 0;
      const count = missed.count >= 100 ? '100 or more' : String(missed.count);
      return [
        {
          ...subject(view, cronJob, 'CronJob'),
          message: `has not run for ${age(missed.first.toISOString(), now)}: ${count} scheduled runs missed${blocked ? ` (job ${active[0]?.name ?? ''} is still active and concurrencyPolicy is Forbid)` : ''}`,
          evidence: [
            `schedule ${JSON.stringify(cronJob.spec?.schedule ?? '')}${cronJob.spec?.timeZone ? ` in ${cronJob.spec.timeZone}` : ''}`,
            cronJob.status?.lastScheduleTime ? `last scheduled ${age(cronJob.status.lastScheduleTime, now)} ago` : `never scheduled since its creation ${age(lastText, now)} ago`,
            `first missed run due ${age(missed.first.toISOString(), now)} ago`,
            `concurrencyPolicy ${policy}, ${active.length} active job(s)${active.length ? `: ${active.map((a) => a.name).join(', ')}` : ''}`,
            ...(cronJob.spec?.startingDeadlineSeconds !== undefined ? [`startingDeadlineSeconds ${cronJob.spec.startingDeadlineSeconds}`] : []),
            ...eventLines(view, 'CronJob', cronJob, now, MISSED_EVENTS),
          ],
          remediation: blocked
            ? `Job ${active[0]?.name ?? ''} never finishes and Forbid blocks new runs: fix or delete it, and set activeDeadlineSeconds on the job template.`
            : 'Check that kube-controller-manager runs (its cronjob controller creates the jobs) and look at startingDeadlineSeconds: a deadline shorter than the controller delay skips runs.',
        },
      ];
    });
  },
};
