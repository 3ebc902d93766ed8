import type { Check } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { Pod } from '../../src/kube/types.js';
import { age, ageMs } from '../../src/util/time.js';
import { isUnscheduled, podsInNamespace, schedulingMessage, subject } from '../../src/workload/pods.js';
import type { PersistentVolumeClaim } from '../../src/workload/storage.js';
import { diagnoseClaim } from '../../src/workload/storage.js';

/** Dynamic provisioning normally binds a claim within seconds; after this it is stuck. */
const PROVISIONING_GRACE_MS = 5 * 60_000;

function podsUsing(view: SnapshotView, claim: PersistentVolumeClaim): Pod[] {
  return podsInNamespace(view, claim.metadata.namespace).filter((pod) => (pod.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name));
}

export const pvcPending: Check = {
  id: 'pvc-pending',
  title: 'PersistentVolumeClaims that do not bind',
  area: 'storage',
  severity: 'error',
  needs: ['persistentvolumeclaims'],
  optional: ['storageclasses', 'persistentvolumes', 'events', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#lifecycle-of-a-volume-and-claim',
  run(view, { now }) {
    return view.list<PersistentVolumeClaim>('persistentvolumeclaims').flatMap((claim) => {
      if (claim.status?.phase !== 'Pending') return [];
      const diagnosis = diagnoseClaim(view, claim, now);
      const pending = `Pending for ${age(claim.metadata.creationTimestamp, now)}`;
      const users = podsUsing(view, claim);
      if (diagnosis.waitsForConsumer) {
        // WaitForFirstConsumer claims are meant to wait, until a pod that uses them cannot be placed
        const stuck = users.find((pod) => isUnscheduled(pod) && schedulingMessage(pod));
        if (!stuck) return [];
        return [
          {
            ...subject(view, claim, 'PersistentVolumeClaim'),
            severity: 'warning' as const,
            message: `waits for its first consumer, but pod ${stuck.metadata.name} that uses it cannot be scheduled`,
            evidence: [pending, ...diagnosis.evidence, `pod ${stuck.metadata.name}: ${schedulingMessage(stuck) ?? ''}`],
            remediation: 'Fix why the pod cannot be scheduled (see its pod-unschedulable finding); the volume is provisioned in the zone of the node the pod lands on.',
          },
        ];
      }
      if (!diagnosis.problem && (ageMs(claim.metadata.creationTimestamp, now) ?? 0) < PROVISIONING_GRACE_MS) return [];
      return [
        {
          ...subject(view, claim, 'PersistentVolumeClaim'),
          message: `is Pending: ${diagnosis.problem ?? 'no volume has been provisioned or bound'}`,
          evidence: [pending, ...diagnosis.evidence, ...(users.length ? [`used by pod(s): ${users.slice(0, 3).map((p) => p.metadata.name).join(', ')}`] : [])],
          remediation: diagnosis.problem ? diagnosis.remediation : 'Check the provisioner of its StorageClass (CSI controller pods and their logs) and the PersistentVolumes that could match (size, access modes, selector).',
        },
      ];
    });
  },
};
