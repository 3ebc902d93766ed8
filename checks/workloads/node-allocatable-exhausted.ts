import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { formatQuantity } from '../../src/workload/quantity.js';
import { freeOf, isTerminal, nodeUsage, podRequests } from '../../src/workload/requests.js';

const RESOURCES = ['cpu', 'memory', 'pods'] as const;

export const nodeAllocatableExhausted: Check = {
  id: 'node-allocatable-exhausted',
  title: 'Nodes whose allocatable resources are nearly all requested',
  area: 'nodes',
  severity: 'warning',
  needs: ['nodes', 'pods'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/#node-allocatable',
  run(view, { thresholds }) {
    return view.nodes().flatMap((node) => {
      const usage = nodeUsage(view, node);
      const full = RESOURCES.flatMap((resource) => {
        const allocatable = usage.allocatable[resource] ?? 0;
        if (allocatable <= 0) return [];
        const used = allocatable - freeOf(usage, resource);
        const share = used / allocatable;
        return share >= thresholds.allocatableWarning ? [{ resource, used, allocatable, share }] : [];
      });
      if (full.length === 0) return [];
      const top = view
        .podsOnNode(node.metadata.name)
        .filter((p) => !isTerminal(p))
        .map((p) => ({ pod: p, requests: podRequests(p) }))
        .sort((a, b) => (b.requests[full[0]?.resource ?? 'cpu'] ?? 0) - (a.requests[full[0]?.resource ?? 'cpu'] ?? 0))
        .slice(0, 3);
      const lines = full.map((f) => `${f.resource} requests ${formatQuantity(f.resource, f.used)} of ${formatQuantity(f.resource, f.allocatable)} allocatable (${Math.round(f.share * 100)}%)`);
      const first = full[0]?.resource ?? 'cpu';
      return [
        {
          object: refOf(node, 'Node'),
          message: `has ${full.map((f) => `${Math.round(f.share * 100)}% of its ${f.resource}`).join(' and ')} requested: new pods will not fit`,
          evidence: [
            ...lines,
            ...(first === 'pods' ? [] : top.map(({ pod, requests }) => `${pod.metadata.namespace ?? ''}/${pod.metadata.name} requests ${first} ${formatQuantity(first, requests[first] ?? 0)}`)),
          ],
          remediation: 'Add nodes (or enable the cluster autoscaler), or right-size the largest requests; requests far above real use (kubectl top pods) waste allocatable.',
        },
      ];
    });
  },
};
