/**
 * The scheduler's FailedScheduling / PodScheduled=False message, e.g.
 * `0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. preemption: ...`,
 * split into one entry per reason with the number of nodes it applies to.
 */
export type SchedulingReason =
  | { kind: 'insufficient'; resource: string }
  | { kind: 'too-many-pods' }
  | { kind: 'taint'; key?: string | undefined; value?: string | undefined }
  | { kind: 'node-affinity' }
  | { kind: 'pod-affinity' }
  | { kind: 'pod-anti-affinity' }
  | { kind: 'topology-spread' }
  | { kind: 'pvc-not-found'; claim: string }
  | { kind: 'pvc-unbound' }
  | { kind: 'volume-node-affinity' }
  | { kind: 'no-persistent-volume' }
  | { kind: 'node-unschedulable' }
  | { kind: 'ports' }
  | { kind: 'other' };

export interface SchedulingFailure {
  /** how many nodes this reason ruled out; undefined for pod-level reasons (an unbound PVC) */
  nodes: number | undefined;
  /** the reason as the scheduler wrote it */
  text: string;
  reason: SchedulingReason;
}

export interface SchedulingMessage {
  available: number | undefined;
  total: number | undefined;
  failures: SchedulingFailure[];
}

const HEAD = /^(\d+)\/(\d+) nodes are available:?\s*/;

function classifySchedulingReason(text: string): SchedulingReason {
  const insufficient = /^Insufficient (\S+)/.exec(text);
  if (insufficient?.[1]) return { kind: 'insufficient', resource: insufficient[1] };
  if (/^Too many pods/i.test(text)) return { kind: 'too-many-pods' };
  if (/untolerated taint/.test(text)) {
    // newer schedulers may leave out the taint; the nodes' taints are then read instead
    const taint = /\{([^:}]+):\s*([^}]*)\}/.exec(text);
    return { kind: 'taint', key: taint?.[1]?.trim(), value: taint?.[2]?.trim() };
  }
  if (/node affinity\/selector|node\(s\) didn't match node selector/.test(text)) return { kind: 'node-affinity' };
  if (/anti-affinity/.test(text)) return { kind: 'pod-anti-affinity' };
  if (/pod affinity/.test(text)) return { kind: 'pod-affinity' };
  if (/topology spread/.test(text)) return { kind: 'topology-spread' };
  const claim = /persistentvolumeclaim "([^"]+)" not found/.exec(text);
  if (claim?.[1]) return { kind: 'pvc-not-found', claim: claim[1] };
  if (/unbound immediate PersistentVolumeClaims/.test(text)) return { kind: 'pvc-unbound' };
  if (/volume node affinity conflict/.test(text)) return { kind: 'volume-node-affinity' };
  if (/didn't find available persistent volumes/.test(text)) return { kind: 'no-persistent-volume' };
  if (/were unschedulable/.test(text)) return { kind: 'node-unschedulable' };
  if (/free ports/.test(text)) return { kind: 'ports' };
  return { kind: 'other' };
}

/**
 * The sentence that says why the nodes failed: `0/3 nodes are available: 3 Insufficient cpu`.
 * What follows it (`no new claims to deallocate,` from DRA, `preemption: ...`) is about what
 * the scheduler tried next.
 */
export function schedulingSummary(message: string): string {
  const start = HEAD.exec(message)?.[0].length ?? 0;
  const end = message.slice(start).search(/\.(\s|$)|,?\s*preemption:/);
  return (end === -1 ? message : message.slice(0, start + end)).trim();
}

export function parseSchedulingMessage(message: string): SchedulingMessage {
  const main = schedulingSummary(message);
  const head = HEAD.exec(main);
  const body = (head ? main.slice(head[0].length) : main).trim();
  const failures: SchedulingFailure[] = [];
  // reasons are joined with ", "; a taint's "{key: value}" holds ": " but never ", "
  for (const part of body.split(/,\s+/)) {
    const text = part.trim();
    if (!text) continue;
    const counted = /^(\d+) (.*)$/.exec(text);
    const reasonText = counted?.[2] ?? text;
    failures.push({ nodes: counted ? Number(counted[1]) : undefined, text: reasonText, reason: classifySchedulingReason(reasonText) });
  }
  return { available: head ? Number(head[1]) : undefined, total: head ? Number(head[2]) : undefined, failures };
}
