import type { Check } from '../../src/engine/types.js';
import { eventLine } from '../../src/engine/view.js';
import type { ContainerStateTerminated } from '../../src/kube/types.js';
import { age } from '../../src/util/time.js';
import { describeTermination, exitCodeRemedy } from '../../src/workload/exit-codes.js';
import { containerEntries, containerLabel, subject } from '../../src/workload/pods.js';

/** ", after running 2s"; nothing when the container never started (the runtime reports the epoch). */
function ranFor(terminated: ContainerStateTerminated): string {
  const started = Date.parse(terminated.startedAt ?? '');
  if (!(started > 0) || !terminated.finishedAt) return '';
  return `, after running ${age(terminated.startedAt, new Date(terminated.finishedAt))}`;
}

/** Log lines shown as evidence: enough to see the error, few enough to read. */
const LOG_LINES = 10;

export const podCrashLoop: Check = {
  id: 'pod-crashloop',
  title: 'Containers in CrashLoopBackOff',
  area: 'pods',
  severity: 'error',
  needs: ['pods'],
  optional: ['events'],
  extras: ['logs'],
  docs: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/',
  run(view, { now }) {
    return view.pods().flatMap((pod) =>
      containerEntries(pod).flatMap((entry) => {
        if (entry.status.state?.waiting?.reason !== 'CrashLoopBackOff') return [];
        const last = entry.status.lastState?.terminated;
        // an OOM kill is pod-oomkilled's finding, with the memory numbers
        if (last?.reason === 'OOMKilled') return [];
        const events = view.eventsFor('Pod', pod.metadata.name, pod.metadata.namespace);
        const liveness = events.filter((e) => e.reason === 'Unhealthy' && /Liveness probe failed/.test(e.message ?? ''));
        // with several containers, only the back-off events that name this one
        const single = pod.spec.containers.length + (pod.spec.initContainers?.length ?? 0) === 1;
        const backOff = events.filter((e) => e.reason === 'BackOff' && (single || (e.message ?? '').includes(entry.name)));
        const logs = view.logs(pod.metadata.namespace, pod.metadata.name, entry.name);
        const cause = last ? describeTermination(last) : 'no exit code recorded';
        const evidence = [
          `${containerLabel(entry)}: CrashLoopBackOff, ${entry.status.restartCount} restarts`,
          ...(last ? [`last terminated ${age(last.finishedAt, now)} ago: ${cause}${ranFor(last)}`] : []),
          ...(last?.message ? [`termination message: ${last.message.trim()}`] : []),
          ...liveness.slice(0, 2).map((e) => `${eventLine(e, now)} (the kubelet restarts the container when its liveness probe fails)`),
          ...backOff.slice(0, 1).map((e) => eventLine(e, now)),
          ...(logs?.length ? [`last log lines of the previous instance:`, ...logs.slice(-LOG_LINES).map((line) => `  | ${line}`)] : []),
        ];
        const remediation = liveness.length
          ? 'The liveness probe is killing the container: check that the endpoint answers within timeoutSeconds, raise failureThreshold/initialDelaySeconds, or add a startupProbe for slow starts.'
          : exitCodeRemedy(last?.exitCode ?? 1);
        return [
          {
            ...subject(view, pod, 'Pod'),
            message: `${containerLabel(entry)} keeps crashing${liveness.length ? ', killed by its failing liveness probe' : ''}: ${cause}; restarted ${entry.status.restartCount} times`,
            evidence,
            remediation,
          },
        ];
      }),
    );
  },
};
