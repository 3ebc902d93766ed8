import type { Check } from '../../src/engine/types.js';
import type { Node } from '../../src/kube/types.js';
import { ageMs, humanDuration } from '../../src/util/time.js';
import { conditionOf, subject } from '../../src/workload/pods.js';

export const podStuckTerminating: Check = {
  id: 'pod-stuck-terminating',
  title: 'Pods stuck Terminating',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  optional: ['nodes'],
  docs: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
  run(view, { now, thresholds }) {
    return view.pods().flatMap((pod) => {
      // deletionTimestamp is the end of the grace period, so its age is the time overdue
      const overdue = ageMs(pod.metadata.deletionTimestamp, now);
      if (overdue === undefined || overdue < thresholds.stuckTerminatingSeconds * 1000) return [];
      const finalizers = pod.metadata.finalizers ?? [];
      const nodeName = pod.spec.nodeName;
      const node = nodeName ? view.get<Node>('Node', nodeName) : undefined;
      const ready = conditionOf(node?.status?.conditions, 'Ready');
      const nodeState = !nodeName
        ? 'never scheduled'
        : !node
          ? view.has('nodes')
            ? `node ${nodeName} no longer exists`
            : `node ${nodeName}`
          : ready?.status === 'True'
            ? `node ${nodeName} is Ready`
            : `node ${nodeName} is ${ready?.status === 'Unknown' ? 'Unknown (kubelet not reporting)' : 'NotReady'}`;
      const nodeGone = Boolean(nodeName) && (!node || ready?.status !== 'True') && view.has('nodes');
      const cause = finalizers.length
        ? `finalizer${finalizers.length > 1 ? 's' : ''} ${finalizers.join(', ')} not removed`
        : nodeGone
          ? `the kubelet on ${nodeName} cannot confirm the containers stopped`
          : 'the kubelet has not finished stopping its containers';
      return [
        {
          ...subject(view, pod, 'Pod'),
          message: `stuck Terminating for ${humanDuration(overdue)} past its grace period: ${cause}`,
          evidence: [
            `deletionTimestamp ${pod.metadata.deletionTimestamp} (grace ${pod.metadata.deletionGracePeriodSeconds ?? 30}s)`,
            `finalizers: ${finalizers.join(', ') || 'none'}`,
            nodeState,
          ],
          remediation: finalizers.length
            ? `Find the controller that owns ${finalizers.join(', ')} and why it does not finish; only if it is gone for good, remove the finalizer: kubectl patch pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? ''} --type=merge -p '{"metadata":{"finalizers":null}}'.`
            : nodeGone
              ? `If ${nodeName} is really down, force the deletion so the workload can replace the pod: kubectl delete pod ${pod.metadata.name} -n ${pod.metadata.namespace ?? ''} --force --grace-period=0 (for StatefulSets, make sure the old pod no longer runs first).`
              : `Check the kubelet and container runtime on ${nodeName ?? 'the node'} (a container that ignores SIGTERM is killed after the grace period; a hung runtime is not).`,
        },
      ];
    });
  },
};
