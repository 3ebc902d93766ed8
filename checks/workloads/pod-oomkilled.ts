import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { containerEntries, containerLabel, subject } from '../../src/workload/pods.js';
import { formatBytes, parseQuantity } from '../../src/workload/quantity.js';

export const podOomKilled: Check = {
  id: 'pod-oomkilled',
  title: 'Containers killed for running out of memory',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  docs: 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-container-s-memory-limit',
  run(view, { now }) {
    return view.pods().flatMap((pod) =>
      containerEntries(pod).flatMap((entry) => {
        const current = entry.status.state?.terminated;
        const killed = current?.reason === 'OOMKilled' ? current : entry.status.lastState?.terminated;
        if (killed?.reason !== 'OOMKilled') return [];
        const limit = parseQuantity(entry.spec?.resources?.limits?.memory);
        const request = parseQuantity(entry.spec?.resources?.requests?.memory);
        const looping = entry.status.state?.waiting?.reason === 'CrashLoopBackOff';
        const memory = `memory limit ${limit !== undefined ? formatBytes(limit) : 'none'}, request ${request !== undefined ? formatBytes(request) : 'none'}`;
        return [
          {
            ...subject(view, pod, 'Pod'),
            severity: looping ? ('error' as const) : undefined,
            message:
              limit !== undefined
                ? `${containerLabel(entry)} was OOMKilled: it used more than its ${formatBytes(limit)} memory limit${looping ? ' and is now in CrashLoopBackOff' : ''}`
                : `${containerLabel(entry)} was OOMKilled by the node (it has no memory limit: the node ran out of memory)`,
            evidence: [
              memory,
              `${current === killed ? 'state' : 'last state'}: OOMKilled, exit code ${killed.exitCode}, ${age(killed.finishedAt, now)} ago`,
              `${entry.status.restartCount} restarts${looping ? ', now CrashLoopBackOff' : ''}`,
            ],
            remediation:
              limit !== undefined
                ? `Raise the memory limit above what the container really uses (kubectl top pod, or its metrics), or fix the leak; set the request equal to the limit so the scheduler reserves it. Exceeding a memory limit kills, unlike a cpu limit that only throttles.`
                : 'Set a memory request and limit so the scheduler reserves memory for it and a leak kills only this container; check what else uses the node memory.',
          },
        ];
      }),
    );
  },
};
