import type { SnapshotView } from '../engine/view.js';
import { eventLine, refOf } from '../engine/view.js';
import type { ObjectRef } from '../engine/types.js';
import type { KnownResource } from '../kube/resources.js';
import { podStatus } from '../kubectl/pod-status.js';
import type { Condition, Container, ContainerStatus, KubeObject, Pod } from '../kube/types.js';
import { describeTermination } from './exit-codes.js';
import { schedulingSummary } from './scheduler-message.js';

/** A container's spec and status together; init containers included. */
export interface ContainerEntry {
  name: string;
  init: boolean;
  spec: Container | undefined;
  status: ContainerStatus;
}

export function containerEntries(pod: Pod): ContainerEntry[] {
  const specs = new Map<string, Container>();
  for (const c of pod.spec.initContainers ?? []) specs.set(`init/${c.name}`, c);
  for (const c of pod.spec.containers) specs.set(`app/${c.name}`, c);
  const entries = (statuses: ContainerStatus[] | undefined, init: boolean): ContainerEntry[] =>
    (statuses ?? []).map((status) => ({ name: status.name, init, spec: specs.get(`${init ? 'init' : 'app'}/${status.name}`), status }));
  return [...entries(pod.status?.initContainerStatuses, true), ...entries(pod.status?.containerStatuses, false)];
}

/** `container app` or `init container migrate`, for messages. */
export function containerLabel(entry: Pick<ContainerEntry, 'name' | 'init'>): string {
  return `${entry.init ? 'init container' : 'container'} ${entry.name}`;
}

export function conditionOf(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The object and its top-level owner, the two references every finding carries. */
export function subject(view: SnapshotView, object: KubeObject, kind: string): { object: ObjectRef; owner: ObjectRef | undefined } {
  return { object: refOf(object, kind), owner: view.topOwner(object) };
}

/** `Deployment web`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.name}`;
}

/** Evidence lines for an object's events, newest first, optionally only some reasons. */
export function eventLines(view: SnapshotView, kind: string, object: KubeObject, now: Date, reasons?: readonly string[], limit = 3): string[] {
  return view
    .eventsFor(kind, object.metadata.name, object.metadata.namespace)
    .filter((e) => !reasons || reasons.includes(e.reason ?? ''))
    .slice(0, limit)
    .map((e) => eventLine(e, now));
}

/** Pending pods the scheduler has not bound to a node. */
export function isUnscheduled(pod: Pod): boolean {
  return !pod.spec.nodeName && !pod.metadata.deletionTimestamp && (pod.status?.phase ?? 'Pending') === 'Pending';
}

const ownerIndex = new WeakMap<SnapshotView, Map<string, Pod[]>>();
const ownerKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

/**
 * Pods under a workload at any depth (a Deployment's pods through its ReplicaSets, a CronJob's
 * through its Jobs), from an index built once per snapshot so that big clusters stay linear.
 */
export function podsOwnedBy(view: SnapshotView, kind: string, name: string, namespace: string | undefined): Pod[] {
  let index = ownerIndex.get(view);
  if (!index) {
    index = new Map();
    for (const pod of view.pods()) {
      let owner = view.controllerOf(pod);
      for (let depth = 0; owner && depth < 5; depth++) {
        const k = ownerKey(owner.kind, owner.namespace, owner.name);
        const list = index.get(k);
        if (list) list.push(pod);
        else index.set(k, [pod]);
        const found = view.get(owner.kind, owner.name, owner.namespace);
        owner = found ? view.controllerOf(found) : undefined;
      }
    }
    ownerIndex.set(view, index);
  }
  return index.get(ownerKey(kind, namespace, name)) ?? [];
}

const childIndex = new WeakMap<SnapshotView, Map<KnownResource, Map<string, KubeObject[]>>>();

/** Objects of one kind whose controller is the given owner (a Deployment's ReplicaSets, a CronJob's Jobs). */
export function childrenOf<T extends KubeObject>(view: SnapshotView, resource: KnownResource, owner: ObjectRef): T[] {
  let byResource = childIndex.get(view);
  if (!byResource) childIndex.set(view, (byResource = new Map()));
  let index = byResource.get(resource);
  if (!index) {
    index = new Map();
    for (const object of view.list(resource)) {
      const parent = view.controllerOf(object);
      if (!parent) continue;
      const k = ownerKey(parent.kind, parent.namespace, parent.name);
      const list = index.get(k);
      if (list) list.push(object);
      else index.set(k, [object]);
    }
    byResource.set(resource, index);
  }
  return (index.get(ownerKey(owner.kind, owner.namespace, owner.name)) ?? []) as T[];
}

const namespaceIndex = new WeakMap<SnapshotView, Map<string, Pod[]>>();

export function podsInNamespace(view: SnapshotView, namespace: string | undefined): Pod[] {
  let index = namespaceIndex.get(view);
  if (!index) {
    index = new Map();
    for (const pod of view.pods()) {
      const ns = pod.metadata.namespace ?? '';
      const list = index.get(ns);
      if (list) list.push(pod);
      else index.set(ns, [pod]);
    }
    namespaceIndex.set(view, index);
  }
  return index.get(namespace ?? '') ?? [];
}

/** Why the scheduler could not place the pod, from its PodScheduled condition. */
export function schedulingMessage(pod: Pod): string | undefined {
  const message = conditionOf(pod.status?.conditions, 'PodScheduled')?.message;
  return message ? schedulingSummary(message) : undefined;
}

const QUIET_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

/** One short phrase for what is wrong with a pod, the same for pods with the same problem. */
export function podProblem(pod: Pod, now: Date): string | undefined {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (isUnscheduled(pod)) {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length) return `Pending: held by scheduling gates ${gates.map((g) => g.name).join(', ')}`;
    const message = schedulingMessage(pod);
    return message ? `Pending: ${message}` : 'Pending: not scheduled by any scheduler';
  }
  if (pod.status?.phase === 'Failed') return `Failed${pod.status.reason ? `: ${pod.status.reason}` : ''}`;
  if (pod.status?.phase === 'Succeeded') return undefined;
  for (const entry of containerEntries(pod)) {
    const waiting = entry.status.state?.waiting;
    if (waiting?.reason && !QUIET_WAITING.has(waiting.reason)) {
      const last = entry.status.lastState?.terminated;
      const detail = waiting.reason === 'CrashLoopBackOff' && last ? describeTermination(last) : waiting.message;
      return `${waiting.reason} (${containerLabel(entry)}${detail ? `: ${detail}` : ''})`;
    }
  }
  const status = podStatus(pod, now).status;
  if (status === 'Running') {
    const unready = containerEntries(pod).filter((e) => !e.init && !e.status.ready);
    return unready.length ? `Running but not ready (${unready.map(containerLabel).join(', ')})` : undefined;
  }
  return status === 'Completed' ? undefined : status;
}

export interface PodSummary {
  /** the most common problem, for the finding's message */
  headline: string | undefined;
  /** one line per problem: `3 pods Pending: ... (web-1, web-2, web-3)` */
  lines: string[];
}

/** What is wrong with a workload's pods, problems grouped, most common first. */
export function summarizePods(pods: Pod[], now: Date, maxNames = 3): PodSummary {
  const byProblem = new Map<string, string[]>();
  for (const pod of pods) {
    const problem = podProblem(pod, now);
    if (!problem) continue;
    const names = byProblem.get(problem);
    if (names) names.push(pod.metadata.name);
    else byProblem.set(problem, [pod.metadata.name]);
  }
  const groups = [...byProblem.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = groups.map(([problem, names]) => {
    const shown = names.slice(0, maxNames).join(', ') + (names.length > maxNames ? `, +${names.length - maxNames} more` : '');
    return `${names.length} pod${names.length === 1 ? '' : 's'} ${problem} [${shown}]`;
  });
  return { headline: groups[0]?.[0], lines };
}
