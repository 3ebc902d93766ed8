import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { subject } from '../../src/workload/pods.js';
import type { CronJob } from '../../src/workload/types.js';

export const cronJobSuspended: Check = {
  id: 'cronjob-suspended',
  title: 'Suspended CronJobs',
  area: 'workloads',
  severity: 'info',
  needs: ['cronjobs'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-suspension',
  run(view, { now }) {
    return view.list<CronJob>('cronjobs').flatMap((cronJob) => {
      if (!cronJob.spec?.suspend) return [];
      const last = cronJob.status?.lastScheduleTime;
      return [
        {
          ...subject(view, cronJob, 'CronJob'),
          message: `is suspended: schedule ${JSON.stringify(cronJob.spec.schedule ?? '')} starts no jobs`,
          evidence: ['spec.suspend: true', last ? `last scheduled ${age(last, now)} ago` : 'never scheduled'],
          remediation: `If the suspension is over, resume it: kubectl patch cronjob ${cronJob.metadata.name} -n ${cronJob.metadata.namespace ?? ''} -p '{"spec":{"suspend":false}}' (missed runs within startingDeadlineSeconds start at once).`,
        },
      ];
    });
  },
};
