import type { Check } from '../../src/engine/types.js';
import { age, ageMs } from '../../src/util/time.js';
import { conditionOf, containerEntries, podsOwnedBy, subject } from '../../src/workload/pods.js';
import type { Job } from '../../src/workload/types.js';

export const jobSidecarRunning: Check = {
  id: 'job-sidecar-running',
  title: 'Job pods kept alive by a sidecar that never exits',
  area: 'workloads',
  severity: 'warning',
  needs: ['jobs', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#jobs-with-sidecar-containers',
  run(view, { now, thresholds }) {
    return view.list<Job>('jobs').flatMap((job) => {
      const conditions = job.status?.conditions;
      if (conditionOf(conditions, 'Complete')?.status === 'True' || conditionOf(conditions, 'Failed')?.status === 'True') return [];
      return podsOwnedBy(view, 'Job', job.metadata.name, job.metadata.namespace).flatMap((pod) => {
        if (pod.status?.phase !== 'Running') return [];
        const app = containerEntries(pod).filter((e) => !e.init);
        // a sidecar that has not exited this long after the main container is not about to
        const done = app.filter((e) => e.status.state?.terminated?.exitCode === 0 && (ageMs(e.status.state.terminated.finishedAt, now) ?? 0) >= thresholds.sidecarGraceSeconds * 1000);
        const running = app.filter((e) => e.status.state?.running);
        const [first] = done;
        if (!first || running.length === 0) return [];
        const sidecars = running.map((e) => e.name).join(', ');
        return [
          {
            ...subject(view, pod, 'Pod'),
            message: `Job ${job.metadata.name} cannot complete: container ${first.name} finished ${age(first.status.state?.terminated?.finishedAt, now)} ago but ${sidecars} still run${running.length === 1 ? 's' : ''}`,
            evidence: [
              ...done.map((e) => `container ${e.name}: exited 0 ${age(e.status.state?.terminated?.finishedAt, now)} ago`),
              ...running.map((e) => `container ${e.name}: running since ${age(e.status.state?.running?.startedAt, now)} ago`),
              `Job ${job.metadata.name}: ${job.status?.active ?? 0} active, ${job.status?.succeeded ?? 0} succeeded`,
            ],
            remediation: `Declare ${sidecars} as a native sidecar (an initContainer with restartPolicy: Always, Kubernetes 1.29+), which the kubelet stops once the main containers exit; or make it exit when the main container is done.`,
          },
        ];
      });
    });
  },
};
