import { KUBE_SYSTEM, seesKubeSystem } from '../../src/controlplane/scope.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import { humanDuration } from '../../src/util/time.js';
import { leaseState } from '../../src/workload/leases.js';
import { podProblem } from '../../src/workload/pods.js';

/** What stops when each leader is gone. */
const COMPONENTS = [
  { lease: 'kube-scheduler', impact: 'no pod gets scheduled: new pods stay Pending without events' },
  { lease: 'kube-controller-manager', impact: 'controllers stop: Deployments, ReplicaSets, Jobs, endpoints, node lifecycle and garbage collection no longer reconcile' },
] as const;

export const controlPlaneLeader: Check = {
  id: 'control-plane-leader',
  title: 'kube-scheduler and kube-controller-manager without an active leader',
  area: 'control-plane',
  severity: 'error',
  needs: ['leases', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
  run(view, { now, thresholds }): CheckResult[] {
    if (!seesKubeSystem(view)) return [];
    return COMPONENTS.flatMap(({ lease: name, impact }) => {
      const state = leaseState(view, KUBE_SYSTEM, name, now, thresholds.leaseStaleSeconds);
      // kubeadm's static pods carry component=<name>; other installs run them elsewhere
      const pods = view.pods().filter((p) => p.metadata.namespace === KUBE_SYSTEM && p.metadata.labels?.component === name);
      const podLines = pods.map((p) => `pod ${p.metadata.name} on ${p.spec.nodeName ?? 'no node'}: ${podProblem(p, now) ?? 'Running'}`);
      const remediation = `Check ${name} on the control-plane nodes: \`crictl ps -a --name ${name}\` and its logs (kubeadm static pod manifest /etc/kubernetes/manifests/${name}.yaml), or your provider's control-plane status.`;
      if (!state) {
        return [
          {
            object: { kind: 'Lease', name, namespace: KUBE_SYSTEM },
            severity: 'warning' as const,
            message: `there is no Lease kube-system/${name}: no ${name} has ever run with leader election here, so if none runs, ${impact}`,
            evidence: [`no Lease ${KUBE_SYSTEM}/${name}`, ...podLines],
            remediation,
          },
        ];
      }
      if (!state.stale) return [];
      const holder = state.lease.spec?.holderIdentity || 'nobody';
      const ago = state.renewedAgoMs === undefined ? undefined : humanDuration(state.renewedAgoMs);
      // a leader that shuts down cleanly releases the Lease: no holder, and nobody took it over
      const lease = state.lease.spec?.holderIdentity
        ? `was ${ago === undefined ? 'never renewed' : `last renewed ${ago} ago`} (held by ${holder})`
        : `has no holder (released ${ago ?? 'long'} ago)`;
      return [
        {
          object: { kind: 'Lease', name, namespace: KUBE_SYSTEM },
          message: `no active ${name}: its leader Lease ${lease}, so ${impact}`,
          evidence: [
            `Lease ${KUBE_SYSTEM}/${name}: holder ${holder}, renewTime ${state.lease.spec?.renewTime ?? 'none'}, leaseDurationSeconds ${state.lease.spec?.leaseDurationSeconds ?? 'unset'}`,
            `stale after ${thresholds.leaseStaleSeconds}s without renewal (leaders renew every 2s)`,
            ...podLines,
          ],
          remediation,
        },
      ];
    });
  },
};
