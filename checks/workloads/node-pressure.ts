import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { age } from '../../src/util/time.js';
import { formatTaint } from '../../src/workload/tolerations.js';

/** Only the kubelet's own conditions: vendor conditions mean different things per vendor. */
const PRESSURE: Record<string, { what: string; remediation: string }> = {
  MemoryPressure: { what: 'memory is running out', remediation: 'Find the pods using the most memory (kubectl top pods --sort-by=memory), set memory limits, or move workloads away.' },
  DiskPressure: { what: 'disk space or inodes are running out', remediation: 'Free disk on the node: unused images (crictl rmi --prune), container logs, emptyDir volumes; grow the disk.' },
  PIDPressure: { what: 'process IDs are running out', remediation: 'Find the pod that forks without reaping (a runaway process count) and set pod PID limits.' },
  NetworkUnavailable: { what: 'its network is not configured', remediation: 'Check the CNI plugin (or the cloud route controller) for this node.' },
};

export const nodePressure: Check = {
  id: 'node-pressure',
  title: 'Nodes under memory, disk or PID pressure',
  area: 'nodes',
  severity: 'warning',
  needs: ['nodes'],
  optional: ['pods'],
  docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#node-conditions',
  run(view, { now }) {
    return view.nodes().flatMap((node) =>
      (node.status?.conditions ?? []).flatMap((condition) => {
        const known = PRESSURE[condition.type];
        if (!known || condition.status !== 'True') return [];
        const taints = (node.spec?.taints ?? []).filter((t) => t.key.endsWith('-pressure') || t.key === 'node.kubernetes.io/network-unavailable');
        const evicted = view.podsOnNode(node.metadata.name).filter((p) => p.status?.reason === 'Evicted').length;
        return [
          {
            object: refOf(node, 'Node'),
            severity: condition.type === 'NetworkUnavailable' ? ('error' as const) : undefined,
            message: `has ${condition.type}: ${known.what}`,
            evidence: [
              `condition ${condition.type}=True (${condition.reason ?? ''}) for ${age(condition.lastTransitionTime, now)}: ${condition.message ?? ''}`,
              ...taints.map((t) => `taint ${formatTaint(t)}: new pods stay off this node`),
              ...(evicted ? [`${evicted} pod(s) evicted from it`] : []),
            ],
            remediation: known.remediation,
          },
        ];
      }),
    );
  },
};
