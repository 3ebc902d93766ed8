import type { Check } from '../../src/engine/types.js';
import type { Pod } from '../../src/kube/types.js';
import { age } from '../../src/util/time.js';
import { describeTermination } from '../../src/workload/exit-codes.js';
import { childrenOf, conditionOf, containerEntries, containerLabel, podsOwnedBy, subject } from '../../src/workload/pods.js';
import type { Job } from '../../src/workload/types.js';

const LOG_LINES = 5;

const REMEDIATION: Record<string, string> = {
  BackoffLimitExceeded: 'Its pods kept failing: fix the cause in their exit codes and logs, then re-run the Job (delete and re-create it); raise spec.backoffLimit only for flaky but correct jobs.',
  DeadlineExceeded: 'It ran longer than spec.activeDeadlineSeconds: make it faster, give it more resources, or raise the deadline.',
  PodFailurePolicy: 'A podFailurePolicy rule failed the Job on purpose: the exit code or condition it matched says what went wrong.',
};

function failedPodLines(view: Parameters<Check['run']>[0], pods: Pod[], now: Date): string[] {
  return pods
    .filter((p) => p.status?.phase === 'Failed')
    .slice(0, 3)
    .flatMap((pod) => {
      const entry = containerEntries(pod).find((e) => (e.status.state?.terminated?.exitCode ?? 0) !== 0);
      const terminated = entry?.status.state?.terminated;
      if (!entry || !terminated) return [`pod ${pod.metadata.name}: Failed${pod.status?.reason ? ` (${pod.status.reason})` : ''}`];
      const logs = view.logs(pod.metadata.namespace, pod.metadata.name, entry.name) ?? [];
      return [`pod ${pod.metadata.name}, ${containerLabel(entry)}: ${describeTermination(terminated)}, ${age(terminated.finishedAt, now)} ago`, ...logs.slice(-LOG_LINES).map((line) => `  | ${line}`)];
    });
}

export const jobFailed: Check = {
  id: 'job-failed',
  title: 'Jobs that failed',
  area: 'workloads',
  severity: 'error',
  needs: ['jobs'],
  optional: ['pods'],
  extras: ['logs'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#handling-pod-and-container-failures',
  run(view, { now }) {
    return view.list<Job>('jobs').flatMap((job) => {
      const failed = conditionOf(job.status?.conditions, 'Failed');
      if (failed?.status !== 'True') return [];
      const base = subject(view, job, 'Job');
      // a CronJob whose later run succeeded has recovered: the old failure is history
      const finished = job.status?.completionTime ?? failed.lastTransitionTime ?? '';
      const laterSuccess = base.owner?.kind === 'CronJob' && childrenOf<Job>(view, 'jobs', base.owner).some(
        (other) => conditionOf(other.status?.conditions, 'Complete')?.status === 'True' && (other.status?.completionTime ?? '') > finished,
      );
      const reason = failed.reason ?? 'Failed';
      return [
        {
          ...base,
          severity: laterSuccess ? ('info' as const) : undefined,
          message: `failed (${reason}): ${failed.message ?? ''}${laterSuccess ? ' (a later run of the CronJob succeeded)' : ''}`.trim(),
          evidence: [
            `condition Failed=True (${reason}) ${age(failed.lastTransitionTime, now)} ago`,
            `pods: ${job.status?.failed ?? 0} failed, ${job.status?.succeeded ?? 0} succeeded of ${job.spec?.completions ?? 1}; backoffLimit ${job.spec?.backoffLimit ?? 6}${job.spec?.activeDeadlineSeconds ? `, activeDeadlineSeconds ${job.spec.activeDeadlineSeconds}` : ''}`,
            ...failedPodLines(view, podsOwnedBy(view, 'Job', job.metadata.name, job.metadata.namespace), now),
          ],
          remediation: REMEDIATION[reason] ?? 'Read the failed pods\' exit codes and logs, fix the cause and re-run the Job.',
        },
      ];
    });
  },
};
