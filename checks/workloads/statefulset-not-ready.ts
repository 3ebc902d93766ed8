import type { Check } from '../../src/engine/types.js';
import { failedCreate, workloadTrouble } from '../../src/workload/failed-create.js';
import { podsOwnedBy, subject, summarizePods } from '../../src/workload/pods.js';
import type { StatefulSet } from '../../src/workload/types.js';

export const statefulSetNotReady: Check = {
  id: 'statefulset-not-ready',
  title: 'StatefulSets with fewer ready replicas than desired',
  area: 'workloads',
  severity: 'error',
  needs: ['statefulsets'],
  optional: ['pods', 'events'],
  docs: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-statefulset/',
  run(view, { now }) {
    return view.list<StatefulSet>('statefulsets').flatMap((sts) => {
      const desired = sts.spec?.replicas ?? 1;
      const status = sts.status ?? {};
      const ready = status.readyReplicas ?? 0;
      if (ready >= desired) return [];
      const base = subject(view, sts, 'StatefulSet');
      const summary = summarizePods(podsOwnedBy(view, 'StatefulSet', sts.metadata.name, sts.metadata.namespace), now);
      const failure = failedCreate(view, 'StatefulSet', sts, now);
      const { why, remediation } = workloadTrouble(
        summary,
        failure,
        'Fix the pod that is not ready first (the lowest ordinal, with OrderedReady); a broken update needs the template fixed and, with OrderedReady, the stuck pod deleted (kubectl delete pod) to roll on.',
      );
      const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
      return [
        {
          ...base,
          // some replicas still serve; none ready means the service is down
          severity: ready > 0 ? ('warning' as const) : undefined,
          message: `has ${ready} of ${desired} replicas ready${why ? `: ${why}` : ''}`,
          evidence: [
            `replicas: ${desired} desired, ${status.replicas ?? 0} created, ${status.updatedReplicas ?? 0} updated, ${ready} ready`,
            ...(status.currentRevision && status.updateRevision && status.currentRevision !== status.updateRevision ? [`rolling update in progress: ${status.currentRevision} → ${status.updateRevision}`] : []),
            ...summary.lines,
            ...(failure?.evidence ?? []),
            ...(ordered && ready < desired ? ['podManagementPolicy OrderedReady: later ordinals wait for the earlier ones to be ready'] : []),
          ],
          remediation,
        },
      ];
    });
  },
};
