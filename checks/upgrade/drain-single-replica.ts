import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { KnownResource } from '../../src/kube/resources.js';
import type { KubeObject } from '../../src/kube/types.js';
import { matchesLabelSelector } from '../../src/workload/selectors.js';
import type { PodDisruptionBudget } from './drain-pdb-blocking.js';

interface Workload extends KubeObject {
  spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> } } };
}

const SCALABLE: readonly [KnownResource, string][] = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
];

/** One replica and no budget: each drain of its node is an outage of the workload. */
export const drainSingleReplica: Check = {
  id: 'drain-single-replica',
  title: 'Single-replica workloads without a PodDisruptionBudget go down during node drains',
  area: 'upgrade',
  severity: 'warning',
  needs: ['deployments', 'statefulsets', 'poddisruptionbudgets'],
  docs: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
  run(view): CheckResult[] {
    const budgets = view.list<PodDisruptionBudget>('poddisruptionbudgets');
    const results: CheckResult[] = [];
    for (const [resource, kind] of SCALABLE) {
      for (const workload of view.list<Workload>(resource)) {
        if ((workload.spec?.replicas ?? 1) !== 1) continue;
        const labels = workload.spec?.template?.metadata?.labels;
        const covered = budgets.some((b) => b.metadata.namespace === workload.metadata.namespace && b.spec?.selector && matchesLabelSelector(b.spec.selector, labels));
        if (covered) continue;
        results.push({
          object: refOf(workload, kind),
          message: `${kind} ${workload.metadata.name} runs 1 replica and no PodDisruptionBudget covers it: it is down while its pod moves during a drain`,
          evidence: [`spec.replicas: 1`, `no PodDisruptionBudget in namespace ${workload.metadata.namespace ?? ''} selects its pod labels`],
          remediation: 'Accept the short outage, or run 2+ replicas with a PodDisruptionBudget (maxUnavailable: 1) before the node upgrades.',
        });
      }
    }
    return results;
  },
};
