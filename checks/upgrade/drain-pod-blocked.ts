import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { classifyPod } from '../../src/kubectl/drain.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { Pod } from '../../src/kube/types.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../src/workload/storage.js';

type NodeBoundVolume = PersistentVolume & { spec?: { local?: { path?: string }; hostPath?: { path?: string } } };

/** Volumes of a pod whose data lives on its node: a local or hostPath PersistentVolume. */
function nodeLocalVolumes(view: SnapshotView, pod: Pod): string[] {
  const out: string[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const volumeName = view.get<PersistentVolumeClaim>('PersistentVolumeClaim', claimName, pod.metadata.namespace)?.spec?.volumeName;
    const pv = volumeName ? view.get<NodeBoundVolume>('PersistentVolume', volumeName) : undefined;
    const local = pv?.spec?.local?.path ?? pv?.spec?.hostPath?.path;
    if (pv && local) out.push(`claim ${claimName} is bound to node-local PersistentVolume ${pv.metadata.name} (${local})`);
  }
  return out;
}

/**
 * Pods a `kubectl drain --ignore-daemonsets` refuses without more flags (no controller, emptyDir
 * data), judged by the same rules the drain command and the SOP runner apply, plus pods whose
 * PersistentVolume is tied to the node and cannot follow them.
 */
export const drainPodBlocked: Check = {
  id: 'drain-pod-blocked',
  title: 'Pods a node drain would refuse or lose data of',
  area: 'upgrade',
  severity: 'warning',
  needs: ['pods'],
  optional: ['persistentvolumeclaims', 'persistentvolumes'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/',
  run(view): CheckResult[] {
    const results: CheckResult[] = [];
    for (const pod of view.pods()) {
      if (!pod.spec.nodeName) continue;
      const verdict = classifyPod(pod, { ignoreDaemonSets: true });
      const reasons = verdict.action === 'block' ? verdict.reasons.map((r) => `${r.reason} (drain needs ${r.flag})`) : [];
      const local = nodeLocalVolumes(view, pod);
      if (reasons.length === 0 && local.length === 0) continue;
      results.push({
        object: refOf(pod, 'Pod'),
        message: `pod ${pod.metadata.name} on node ${pod.spec.nodeName} blocks a plain drain: ${[...reasons, ...local.map(() => 'its data stays on the node')].join('; ')}`,
        evidence: [`node: ${pod.spec.nodeName}`, ...reasons, ...local],
        remediation: reasons.some((r) => r.includes('--force'))
          ? 'Run it under a controller (Deployment, StatefulSet, Job) so it is recreated elsewhere, or plan to delete it (drain --force) and recreate it by hand.'
          : 'Decide whether its node-local data may be lost (drain --delete-emptydir-data) or move it to a PersistentVolume that can follow the pod.',
      });
    }
    return results;
  },
};
