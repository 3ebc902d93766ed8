import type { Check } from '../../src/engine/types.js';
import { explainFailedCreate, failedCreate } from '../../src/workload/failed-create.js';
import { subject } from '../../src/workload/pods.js';
import type { ReplicaSet } from '../../src/workload/types.js';

export const replicaSetFailedCreate: Check = {
  id: 'replicaset-failed-create',
  title: 'ReplicaSets that cannot create their pods',
  area: 'workloads',
  severity: 'error',
  needs: ['replicasets', 'events'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/',
  run(view, { now }) {
    return view.list<ReplicaSet>('replicasets').flatMap((rs) => {
      const desired = rs.spec?.replicas ?? 1;
      const current = rs.status?.replicas ?? 0;
      // old events linger after the controller caught up
      if (current >= desired) return [];
      const failure = failedCreate(view, 'ReplicaSet', rs, now);
      if (!failure) return [];
      const { problem, remediation } = explainFailedCreate(failure.cause);
      return [
        {
          ...subject(view, rs, 'ReplicaSet'),
          message: `cannot create pods (${current} of ${desired} exist): ${problem}`,
          evidence: [`replicas: ${desired} desired, ${current} created`, ...failure.evidence],
          remediation,
        },
      ];
    });
  },
};
