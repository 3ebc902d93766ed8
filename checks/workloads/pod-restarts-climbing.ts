import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { describeTermination } from '../../src/workload/exit-codes.js';
import { containerEntries, containerLabel, subject } from '../../src/workload/pods.js';

export const podRestartsClimbing: Check = {
  id: 'pod-restarts-climbing',
  title: 'Containers that restart again and again',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts',
  run(view, { now, thresholds }) {
    return view.pods().flatMap((pod) =>
      containerEntries(pod).flatMap((entry) => {
        if (entry.status.restartCount < thresholds.restartWarning) return [];
        // crash loops and OOM kills have their own, more specific findings
        if (entry.status.state?.waiting?.reason === 'CrashLoopBackOff') return [];
        const last = entry.status.lastState?.terminated;
        if (last?.reason === 'OOMKilled') return [];
        return [
          {
            ...subject(view, pod, 'Pod'),
            message: `${containerLabel(entry)} has restarted ${entry.status.restartCount} times${last ? `; last ${describeTermination(last)}` : ''}`,
            evidence: [
              `restartCount ${entry.status.restartCount} (threshold ${thresholds.restartWarning})`,
              ...(last ? [`last terminated ${age(last.finishedAt, now)} ago: ${describeTermination(last)}`] : []),
              ...(entry.status.state?.running ? [`running again for ${age(entry.status.state.running.startedAt, now)}`] : []),
            ],
            remediation: 'Read the logs of the previous instance (kubectl logs --previous) and the pod events; frequent restarts hide crashes, liveness probe kills or OOM kills before they turn into a CrashLoopBackOff.',
          },
        ];
      }),
    );
  },
};
