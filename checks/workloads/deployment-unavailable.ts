import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { failedCreate, workloadTrouble } from '../../src/workload/failed-create.js';
import { childrenOf, conditionOf, podsOwnedBy, subject, summarizePods } from '../../src/workload/pods.js';
import type { Deployment, ReplicaSet } from '../../src/workload/types.js';

export const deploymentUnavailable: Check = {
  id: 'deployment-unavailable',
  title: 'Deployments without their minimum available replicas',
  area: 'workloads',
  severity: 'error',
  needs: ['deployments'],
  optional: ['replicasets', 'pods', 'events'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status',
  run(view, { now }) {
    return view.list<Deployment>('deployments').flatMap((deployment) => {
      const available = conditionOf(deployment.status?.conditions, 'Available');
      if (available?.status !== 'False') return [];
      const base = subject(view, deployment, 'Deployment');
      const desired = deployment.spec?.replicas ?? 1;
      const status = deployment.status ?? {};
      const pods = podsOwnedBy(view, 'Deployment', deployment.metadata.name, deployment.metadata.namespace);
      const summary = summarizePods(pods, now);
      const replicaSets = childrenOf<ReplicaSet>(view, 'replicasets', base.object);
      const failures = replicaSets.flatMap((rs) => {
        const failure = failedCreate(view, 'ReplicaSet', rs, now);
        return failure ? [{ rs, failure }] : [];
      });
      const { why, remediation } = workloadTrouble(
        summary,
        failures[0]?.failure,
        `Fix what keeps the pods from running (the pod findings of this Deployment name it); kubectl rollout undo deployment/${deployment.metadata.name} -n ${deployment.metadata.namespace ?? ''} restores the previous version if a new one broke it.`,
      );
      return [
        {
          ...base,
          message: `has ${status.availableReplicas ?? 0} of ${desired} replicas available${why ? `: ${why}` : ''}`,
          evidence: [
            `replicas: ${desired} desired, ${status.updatedReplicas ?? 0} updated, ${status.readyReplicas ?? 0} ready, ${status.availableReplicas ?? 0} available`,
            `condition Available=False (${available.reason ?? ''}) for ${age(available.lastTransitionTime, now)}`,
            ...summary.lines,
            ...failures.flatMap(({ rs, failure }) => failure.evidence.map((line) => `ReplicaSet ${rs.metadata.name}: ${line}`)),
          ],
          remediation,
        },
      ];
    });
  },
};
