import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { isUnscheduled, subject } from '../../src/workload/pods.js';

export const podSchedulingGated: Check = {
  id: 'pod-scheduling-gated',
  title: 'Pods held back by scheduling gates',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-scheduling-readiness/',
  run(view, { now }) {
    return view.pods().flatMap((pod) => {
      const gates = (pod.spec.schedulingGates ?? []).map((g) => g.name);
      if (!isUnscheduled(pod) || gates.length === 0) return [];
      return [
        {
          ...subject(view, pod, 'Pod'),
          message: `is not scheduled: scheduling gate${gates.length > 1 ? 's' : ''} ${gates.join(', ')} ${gates.length > 1 ? 'have' : 'has'} not been removed`,
          evidence: [`spec.schedulingGates: ${gates.join(', ')}`, `Pending for ${age(pod.metadata.creationTimestamp, now)}`],
          remediation: `The controller that added ${gates.join(', ')} must remove it when the pod may run (a queue such as Kueue, or an operator); if that controller is gone, remove the gate yourself: kubectl patch pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? ''} --type=json -p '[{"op":"remove","path":"/spec/schedulingGates"}]'.`,
        },
      ];
    });
  },
};
