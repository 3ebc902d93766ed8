import type { Check } from '../../src/engine/types.js';
import { failedCreate, workloadTrouble } from '../../src/workload/failed-create.js';
import { podsOwnedBy, subject, summarizePods } from '../../src/workload/pods.js';
import type { DaemonSet } from '../../src/workload/types.js';

export const daemonSetNotReady: Check = {
  id: 'daemonset-not-ready',
  title: 'DaemonSets not ready on every node they target',
  area: 'workloads',
  severity: 'error',
  needs: ['daemonsets'],
  optional: ['pods', 'events'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
  run(view, { now }) {
    return view.list<DaemonSet>('daemonsets').flatMap((ds) => {
      const status = ds.status ?? {};
      const desired = status.desiredNumberScheduled ?? 0;
      const ready = status.numberReady ?? 0;
      if (ready >= desired) return [];
      const base = subject(view, ds, 'DaemonSet');
      const pods = podsOwnedBy(view, 'DaemonSet', ds.metadata.name, ds.metadata.namespace);
      const summary = summarizePods(pods, now);
      const failure = failedCreate(view, 'DaemonSet', ds, now);
      const { why, remediation } = workloadTrouble(
        summary,
        failure,
        'Fix the pods that are not ready on those nodes (often node-specific: taints without tolerations, missing host resources, a bad rollout).',
      );
      const nodesWithout = pods.filter((p) => !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((p) => p.spec.nodeName ?? '(not scheduled)');
      return [
        {
          ...base,
          severity: ready > 0 ? ('warning' as const) : undefined,
          message: `has ${ready} of ${desired} pods ready${why ? `: ${why}` : ''}`,
          evidence: [
            `pods: ${desired} desired, ${status.currentNumberScheduled ?? 0} scheduled, ${status.updatedNumberScheduled ?? 0} updated, ${ready} ready, ${status.numberMisscheduled ?? 0} misscheduled`,
            ...(nodesWithout.length ? [`nodes without a ready pod: ${nodesWithout.slice(0, 5).join(', ')}${nodesWithout.length > 5 ? `, +${nodesWithout.length - 5} more` : ''}`] : []),
            ...summary.lines,
            ...(failure?.evidence ?? []),
          ],
          remediation,
        },
      ];
    });
  },
};
