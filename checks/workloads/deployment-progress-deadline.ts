import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { conditionOf, podsOwnedBy, subject, summarizePods } from '../../src/workload/pods.js';
import type { Deployment } from '../../src/workload/types.js';

export const deploymentProgressDeadline: Check = {
  id: 'deployment-progress-deadline',
  title: 'Deployments whose rollout exceeded its progress deadline',
  area: 'workloads',
  severity: 'error',
  needs: ['deployments'],
  optional: ['replicasets', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment',
  run(view, { now }) {
    return view.list<Deployment>('deployments').flatMap((deployment) => {
      const progressing = conditionOf(deployment.status?.conditions, 'Progressing');
      if (progressing?.status !== 'False' || progressing.reason !== 'ProgressDeadlineExceeded') return [];
      const base = subject(view, deployment, 'Deployment');
      const stillAvailable = conditionOf(deployment.status?.conditions, 'Available')?.status === 'True';
      // the condition names the new ReplicaSet: its pods are the ones that do not progress
      const newReplicaSet = /ReplicaSet "([^"]+)"/.exec(progressing.message ?? '')?.[1];
      const pods = newReplicaSet ? podsOwnedBy(view, 'ReplicaSet', newReplicaSet, deployment.metadata.namespace) : podsOwnedBy(view, 'Deployment', deployment.metadata.name, deployment.metadata.namespace);
      const summary = summarizePods(pods, now);
      const status = deployment.status ?? {};
      return [
        {
          ...base,
          severity: stillAvailable ? ('warning' as const) : undefined,
          message: `rollout is stuck: no progress within progressDeadlineSeconds ${deployment.spec?.progressDeadlineSeconds ?? 600}${summary.headline ? `: new pods ${summary.headline}` : ''}${stillAvailable ? ' (the previous version still serves)' : ''}`,
          evidence: [
            `condition Progressing=False (ProgressDeadlineExceeded) for ${age(progressing.lastTransitionTime, now)}: ${progressing.message ?? ''}`,
            `replicas: ${deployment.spec?.replicas ?? 1} desired, ${status.updatedReplicas ?? 0} updated, ${status.readyReplicas ?? 0} ready, ${status.availableReplicas ?? 0} available`,
            ...summary.lines,
          ],
          remediation: `Fix the new pods' problem and the rollout resumes, or roll back: kubectl rollout undo deployment/${deployment.metadata.name} -n ${deployment.metadata.namespace ?? ''}.`,
        },
      ];
    });
  },
};
