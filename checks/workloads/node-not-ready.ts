import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { Node } from '../../src/kube/types.js';
import { age, humanDuration } from '../../src/util/time.js';
import { leaseState } from '../../src/workload/leases.js';
import { conditionOf } from '../../src/workload/pods.js';
import { isTerminal } from '../../src/workload/requests.js';
import { formatTaint } from '../../src/workload/tolerations.js';

const NODE_LIFECYCLE_TAINTS = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];

export const nodeNotReady: Check = {
  id: 'node-not-ready',
  title: 'Nodes that are NotReady or not reporting',
  area: 'nodes',
  severity: 'error',
  needs: ['nodes'],
  optional: ['leases', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/architecture/nodes/#condition',
  run(view, { now, thresholds }) {
    return view.nodes().flatMap((node: Node) => {
      const ready = conditionOf(node.status?.conditions, 'Ready');
      const lease = leaseState(view, 'kube-node-lease', node.metadata.name, now, thresholds.leaseStaleSeconds);
      const leaseLine = lease
        ? `Lease kube-node-lease/${node.metadata.name} ${lease.renewedAgoMs !== undefined ? `last renewed ${humanDuration(lease.renewedAgoMs)} ago` : 'never renewed'} (kubelet renews it every 10s)`
        : undefined;
      const taints = (node.spec?.taints ?? []).filter((t) => NODE_LIFECYCLE_TAINTS.includes(t.key));
      const pods = view.podsOnNode(node.metadata.name).filter((p) => !isTerminal(p)).length;
      const evidence = [
        ...(ready ? [`condition Ready=${ready.status} (${ready.reason ?? ''}) since ${age(ready.lastTransitionTime, now)} ago: ${ready.message ?? ''}`, `last heartbeat ${age(ready.lastHeartbeatTime, now)} ago`] : ['no Ready condition: the kubelet never reported']),
        ...(leaseLine ? [leaseLine] : []),
        ...taints.map((t) => `taint ${formatTaint(t)}${t.timeAdded ? ` added ${age(t.timeAdded, now)} ago` : ''}`),
        `${pods} pod(s) still bound to it`,
      ];
      const remediation = `On ${node.metadata.name}: check the kubelet and the container runtime (systemctl status kubelet containerd; journalctl -u kubelet), disk space, memory and the network path to the API server. Pods without longer tolerations are evicted 300s after the node is tainted.`;
      if (ready?.status === 'True') {
        // the node controller notices a silent kubelet only after its grace period; the Lease tells first
        if (!lease?.stale || lease.renewedAgoMs === undefined) return [];
        return [
          {
            object: refOf(node, 'Node'),
            severity: 'warning' as const,
            message: `kubelet has not renewed its Lease for ${humanDuration(lease.renewedAgoMs)}: the node will turn Unknown`,
            evidence,
            remediation,
          },
        ];
      }
      const leaseAge = lease?.renewedAgoMs !== undefined ? ` (Lease last renewed ${humanDuration(lease.renewedAgoMs)} ago)` : '';
      return [
        {
          object: refOf(node, 'Node'),
          message: !ready
            ? `has never reported Ready: the kubelet has not posted its status${leaseAge}`
            : ready.status === 'Unknown'
              ? `status is Unknown for ${age(ready.lastTransitionTime, now)}: the kubelet stopped reporting${leaseAge}`
              : `is NotReady for ${age(ready.lastTransitionTime, now)}: ${ready.message ?? ready.reason ?? ''}`,
          evidence,
          remediation,
        },
      ];
    });
  },
};
