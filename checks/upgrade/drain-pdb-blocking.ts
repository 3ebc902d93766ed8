import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { KubeObject } from '../../src/kube/types.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';
import { formatLabelSelector, matchesLabelSelector } from '../../src/workload/selectors.js';
import type { LabelSelector } from '../../src/workload/selectors.js';

export interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

/**
 * A budget that allows no disruption refuses every eviction of its pods, so a drain of any node
 * running one waits until it times out: the classic stalled node upgrade.
 */
export function drainPdbBlocking(inputs: UpgradeInputs): Check {
  return {
    id: 'drain-pdb-blocking',
    title: 'PodDisruptionBudgets that allow no disruption block node drains',
    area: 'upgrade',
    severity: inputs.drainBlockerSeverity ?? 'warning',
    needs: ['poddisruptionbudgets'],
  optional: ['pods'],
    docs: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
    run(view): CheckResult[] {
      const results: CheckResult[] = [];
      for (const pdb of view.list<PodDisruptionBudget>('poddisruptionbudgets')) {
        const status = pdb.status ?? {};
        // a budget over no pods allows nothing yet blocks nothing
        if ((status.disruptionsAllowed ?? 0) > 0 || (status.expectedPods ?? 0) === 0) continue;
        const selector = pdb.spec?.selector;
        const pods = view.pods().filter((p) => p.metadata.namespace === pdb.metadata.namespace && selector && matchesLabelSelector(selector, p.metadata.labels));
        const nodes = [...new Set(pods.map((p) => p.spec.nodeName).filter((n): n is string => Boolean(n)))].sort();
        const rule = pdb.spec?.minAvailable !== undefined ? `minAvailable ${pdb.spec.minAvailable}` : `maxUnavailable ${pdb.spec?.maxUnavailable ?? 'unset'}`;
        results.push({
          object: refOf(pdb, 'PodDisruptionBudget'),
          message: `PodDisruptionBudget ${pdb.metadata.name} allows 0 disruptions: draining ${nodes.length === 1 ? `node ${nodes[0]}` : `any of ${nodes.length} nodes`} will wait on it`,
          evidence: [
            `status: disruptionsAllowed 0, currentHealthy ${status.currentHealthy ?? 0}, desiredHealthy ${status.desiredHealthy ?? 0}, expectedPods ${status.expectedPods ?? 0}`,
            `spec: ${rule}${selector ? `, selector ${formatLabelSelector(selector)}` : ''}`,
            ...(nodes.length > 0 ? [`its pods run on: ${nodes.join(', ')}`] : []),
          ],
          remediation:
            'Before draining, scale the workload up so one pod may go (or relax minAvailable/maxUnavailable for the window); if pods are unhealthy, fix them first: an unhealthy budget never frees up.',
        });
      }
      return results;
    },
  };
}
