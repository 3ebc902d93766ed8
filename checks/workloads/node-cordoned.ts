import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { age } from '../../src/util/time.js';
import { isTerminal } from '../../src/workload/requests.js';

const DAEMON_OWNER = 'DaemonSet';

export const nodeCordoned: Check = {
  id: 'node-cordoned',
  title: 'Cordoned nodes',
  area: 'nodes',
  severity: 'warning',
  needs: ['nodes'],
  optional: ['pods'],
  docs: 'https://kubernetes.io/docs/concepts/architecture/nodes/#manual-node-administration',
  run(view, { now }) {
    return view.nodes().flatMap((node) => {
      if (!node.spec?.unschedulable) return [];
      const pods = view.podsOnNode(node.metadata.name).filter((p) => !isTerminal(p) && view.controllerOf(p)?.kind !== DAEMON_OWNER);
      const taint = node.spec.taints?.find((t) => t.key === 'node.kubernetes.io/unschedulable');
      const names = pods.slice(0, 5).map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`);
      return [
        {
          object: refOf(node, 'Node'),
          message: `is cordoned (unschedulable)${taint?.timeAdded ? ` for ${age(taint.timeAdded, now)}` : ''} with ${pods.length} pod(s) still on it`,
          evidence: [
            'spec.unschedulable: true',
            ...(names.length ? [`pods still running (DaemonSet pods not counted): ${names.join(', ')}${pods.length > 5 ? `, +${pods.length - 5} more` : ''}`] : []),
          ],
          remediation: pods.length
            ? `Finish the maintenance: drain it (kubectl drain ${node.metadata.name} --ignore-daemonsets --delete-emptydir-data), then uncordon it when done (kubectl uncordon ${node.metadata.name}).`
            : `When the maintenance is over, let pods back on: kubectl uncordon ${node.metadata.name}.`,
        },
      ];
    });
  },
};
