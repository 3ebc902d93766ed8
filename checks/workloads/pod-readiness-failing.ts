import type { Check } from '../../src/engine/types.js';
import { eventLine } from '../../src/engine/view.js';
import type { Probe } from '../../src/kube/types.js';
import { age, ageMs } from '../../src/util/time.js';
import { conditionOf, containerEntries, containerLabel, subject } from '../../src/workload/pods.js';

/** A container running this long without becoming ready is not just starting. */
const STARTUP_GRACE_MS = 5 * 60_000;

function describeProbe(probe: Probe): string {
  const target = probe.httpGet
    ? `GET ${probe.httpGet.path ?? '/'} on port ${probe.httpGet.port ?? '?'}`
    : probe.tcpSocket
      ? `TCP port ${probe.tcpSocket.port ?? '?'}`
      : probe.exec
        ? `exec ${(probe.exec.command ?? []).join(' ')}`
        : 'probe';
  return `${target}, every ${probe.periodSeconds ?? 10}s, timeout ${probe.timeoutSeconds ?? 1}s, failureThreshold ${probe.failureThreshold ?? 3}`;
}

export const podReadinessFailing: Check = {
  id: 'pod-readiness-failing',
  title: 'Running pods that do not become ready',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  optional: ['events'],
  docs: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes',
  run(view, { now }) {
    return view.pods().flatMap((pod) => {
      if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return [];
      if (conditionOf(pod.status.conditions, 'Ready')?.status === 'True') return [];
      const probeEvents = view
        .eventsFor('Pod', pod.metadata.name, pod.metadata.namespace)
        .filter((e) => e.reason === 'Unhealthy' && /Readiness probe failed/.test(e.message ?? ''));
      const unready = containerEntries(pod).filter(
        (e) => !e.init && !e.status.ready && e.status.state?.running && (probeEvents.length > 0 || (ageMs(e.status.state.running.startedAt, now) ?? 0) >= STARTUP_GRACE_MS),
      );
      if (unready.length === 0) return [];
      const probes = unready.flatMap((e) => (e.spec?.readinessProbe ? [`${containerLabel(e)} readinessProbe: ${describeProbe(e.spec.readinessProbe)}`] : []));
      return [
        {
          ...subject(view, pod, 'Pod'),
          message: `is Running but not Ready: ${unready.map(containerLabel).join(', ')} ${probeEvents.length ? 'fails its readiness probe' : 'has not become ready'}`,
          evidence: [
            ...unready.map((e) => `${containerLabel(e)}: running for ${age(e.status.state?.running?.startedAt, now)}, not ready`),
            ...probes,
            ...probeEvents.slice(0, 3).map((e) => eventLine(e, now)),
          ],
          remediation:
            'The pod gets no traffic from its Services while not ready. Check what the readiness probe calls (the app may wait on a dependency or listen on another port/path), or relax the probe timing.',
        },
      ];
    });
  },
};
