import type { Check } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { Pod } from '../../src/kube/types.js';
import { age, ageMs } from '../../src/util/time.js';
import { containerEntries, eventLines, subject } from '../../src/workload/pods.js';
import type { PersistentVolumeClaim } from '../../src/workload/storage.js';
import { diagnoseClaim } from '../../src/workload/storage.js';

const STUCK_EVENTS = ['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedMapVolume'];
/** Image pulls and volume attaches of a healthy pod finish well within this. */
const SLOW_START_MS = 5 * 60_000;
const CREATING = new Set(['ContainerCreating', 'PodInitializing']);

/** Volumes whose source is missing from the snapshot: the usual reason for FailedMount. */
function volumeProblems(view: SnapshotView, pod: Pod, now: Date): string[] {
  const namespace = pod.metadata.namespace;
  const problems: string[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    const cm = volume.configMap;
    if (cm && !cm.optional && view.has('configmaps') && !view.get('ConfigMap', cm.name, namespace)) problems.push(`volume ${volume.name}: ConfigMap ${cm.name} does not exist`);
    const secret = volume.secret;
    if (secret && !secret.optional && view.has('secrets') && !view.get('Secret', secret.secretName, namespace)) problems.push(`volume ${volume.name}: Secret ${secret.secretName} does not exist`);
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName && view.has('persistentvolumeclaims')) {
      const claim = view.get<PersistentVolumeClaim>('PersistentVolumeClaim', claimName, namespace);
      if (!claim) problems.push(`volume ${volume.name}: PersistentVolumeClaim ${claimName} does not exist`);
      else if (claim.status?.phase !== 'Bound') {
        const problem = diagnoseClaim(view, claim, now).problem;
        problems.push(`volume ${volume.name}: PersistentVolumeClaim ${claimName} is ${claim.status?.phase ?? 'Pending'}${problem ? `: ${problem}` : ''}`);
      }
    }
  }
  return problems;
}

export const podStuckCreating: Check = {
  id: 'pod-stuck-creating',
  title: 'Pods stuck in ContainerCreating',
  area: 'pods',
  severity: 'error',
  needs: ['pods', 'events'],
  optional: ['configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses'],
  docs: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-waiting',
  run(view, { now }) {
    return view.pods().flatMap((pod) => {
      if (!pod.spec.nodeName || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Pending') return [];
      const waiting = containerEntries(pod).map((e) => e.status.state?.waiting?.reason);
      if (waiting.some((reason) => reason && !CREATING.has(reason))) return [];
      const events = view.eventsFor('Pod', pod.metadata.name, pod.metadata.namespace).filter((e) => e.type === 'Warning' && STUCK_EVENTS.includes(e.reason ?? ''));
      const started = pod.status.startTime ?? pod.metadata.creationTimestamp;
      if (events.length === 0 && (ageMs(started, now) ?? 0) < SLOW_START_MS) return [];
      const volumes = volumeProblems(view, pod, now);
      const sandbox = events.find((e) => e.reason === 'FailedCreatePodSandBox');
      const attach = events.find((e) => e.reason === 'FailedAttachVolume');
      const reason = volumes[0]
        ? `a volume cannot be mounted (${volumes[0]})`
        : sandbox
          ? 'the pod sandbox cannot be created (container runtime or CNI network plugin failing)'
          : attach
            ? 'a volume cannot be attached to the node'
            : events[0]
              ? 'a volume cannot be mounted'
              : 'its containers have not started';
      return [
        {
          ...subject(view, pod, 'Pod'),
          message: `stuck in ContainerCreating for ${age(started, now)} on node ${pod.spec.nodeName}: ${reason}`,
          evidence: [...volumes, ...eventLines(view, 'Pod', pod, now, STUCK_EVENTS)],
          remediation: volumes.length
            ? 'Create the missing ConfigMap/Secret/claim or fix the volume reference; the kubelet retries the mount on its own.'
            : sandbox
              ? `Check the CNI plugin pods and the container runtime on ${pod.spec.nodeName} (crictl pods, journalctl -u containerd / kubelet): sandbox creation fails there.`
              : attach
                ? 'Check the CSI driver (its controller and node pods) and the VolumeAttachment objects; a volume still attached to another node must be detached first.'
                : `Look at the pod events and the kubelet log on ${pod.spec.nodeName}: image pulls, volume mounts or the runtime are stalling.`,
        },
      ];
    });
  },
};
