import type { Check, ObjectRef } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { Node, Pod } from '../../src/kube/types.js';
import { age } from '../../src/util/time.js';
import { conditionOf, describeRef, subject } from '../../src/workload/pods.js';

const PRESSURE_BY_SIGNAL: Record<string, string> = {
  memory: 'MemoryPressure',
  'ephemeral-storage': 'DiskPressure',
  nodefs: 'DiskPressure',
  imagefs: 'DiskPressure',
  pids: 'PIDPressure',
};

/** The node condition behind a kubelet eviction message. */
function evictionPressure(message: string | undefined): string {
  const resource = /low on resource: ([a-z-]+)/.exec(message ?? '')?.[1];
  if (resource) return PRESSURE_BY_SIGNAL[resource] ?? `low ${resource}`;
  return /had condition: \[(\w+)\]/.exec(message ?? '')?.[1] ?? 'node pressure';
}

function evictedAt(pod: Pod): string | undefined {
  return conditionOf(pod.status?.conditions, 'DisruptionTarget')?.lastTransitionTime ?? pod.status?.startTime ?? pod.metadata.creationTimestamp;
}

export const podEvicted: Check = {
  id: 'pod-evicted',
  title: 'Pods evicted by node pressure',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  optional: ['nodes'],
  docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
  run(view, { now }) {
    const groups = new Map<string, { owner: ObjectRef | undefined; pods: Pod[] }>();
    for (const pod of view.pods()) {
      if (pod.status?.phase !== 'Failed' || pod.status.reason !== 'Evicted') continue;
      const owner = view.topOwner(pod);
      const key = owner ? `${owner.kind}/${owner.namespace ?? ''}/${owner.name}` : `Pod/${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
      const group = groups.get(key) ?? { owner, pods: [] };
      group.pods.push(pod);
      groups.set(key, group);
    }
    return [...groups.values()].map(({ owner, pods }) => {
      pods.sort((a, b) => (evictedAt(b) ?? '').localeCompare(evictedAt(a) ?? ''));
      const newest = pods[0] as Pod;
      const byNode = new Map<string, { pressures: Set<string>; count: number }>();
      for (const pod of pods) {
        const node = pod.spec.nodeName ?? '(unknown node)';
        const entry = byNode.get(node) ?? { pressures: new Set<string>(), count: 0 };
        entry.count++;
        entry.pressures.add(evictionPressure(pod.status?.message));
        byNode.set(node, entry);
      }
      const pressures = [...new Set([...byNode.values()].flatMap((e) => [...e.pressures]))];
      const nodeLines = [...byNode.entries()].map(([name, { pressures: p, count }]) => {
        const node = view.get<Node>('Node', name);
        const current = [...p].map((type) => `${type} ${conditionOf(node?.status?.conditions, type)?.status === 'True' ? 'still True' : 'now False'}`);
        return `node ${name}: ${count} evicted (${node ? current.join(', ') : [...p].join(', ')})`;
      });
      const bestEffort = pods.filter((p) => p.status?.qosClass === 'BestEffort').length;
      const whose = owner ? `of ${describeRef(owner)} ` : '';
      return {
        ...subject(view, newest, 'Pod'),
        objects: pods.length > 1 ? pods.map((p) => refOf(p, 'Pod')) : undefined,
        message: `${pods.length === 1 ? 'pod' : `${pods.length} pods`} ${whose}${pods.length === 1 ? 'was' : 'were'} evicted by the kubelet under ${pressures.join(', ')}`,
        evidence: [
          ...nodeLines,
          `latest: ${newest.metadata.name}, ${age(evictedAt(newest), now)} ago: ${(newest.status?.message ?? '').trim()}`,
          ...(bestEffort ? [`${bestEffort} of them BestEffort (no requests): evicted first`] : []),
        ],
        remediation: `Give the containers memory/ephemeral-storage requests close to their real use (and limits), and fix the pressure on the nodes; then remove the Failed pods: kubectl delete pods -n ${newest.metadata.namespace ?? ''} --field-selector=status.phase=Failed.`,
      };
    });
  },
};
