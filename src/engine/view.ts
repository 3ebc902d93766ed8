import type { KnownResource } from '../kube/resources.js';
import { R } from '../kube/resources.js';
import type { KubeEvent, KubeObject, Node, Pod } from '../kube/types.js';
import { ageMs, humanDuration } from '../util/time.js';
import type { ObjectRef, Snapshot } from './types.js';

const key = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

/** A stable string for an object reference, for indexes and de-duplication. */
export function refKey(ref: ObjectRef): string {
  return key(ref.kind, ref.namespace, ref.name);
}

/** Kinds that own pods through a chain, in the order ownership is walked. */
const KIND_TO_RESOURCE: Record<string, KnownResource> = Object.fromEntries(
  Object.entries(R).map(([resource, ref]) => [ref.kind, resource as KnownResource]),
);

/**
 * Read-only, indexed access to a snapshot. Checks receive this view and nothing else, so they
 * stay pure functions over the collected data.
 */
export class SnapshotView {
  private readonly byKey = new Map<string, KubeObject>();
  private readonly events = new Map<string, KubeEvent[]>();
  private podsByNodeIndex: Map<string, Pod[]> | undefined;

  constructor(readonly snapshot: Snapshot) {
    for (const [resource, items] of Object.entries(snapshot.resources) as [KnownResource, KubeObject[]][]) {
      const kind = R[resource].kind;
      for (const item of items) this.byKey.set(key(kind, item.metadata.namespace, item.metadata.name), item);
    }
    for (const event of (snapshot.resources.events ?? []) as KubeEvent[]) {
      const io = event.involvedObject;
      if (!io?.kind || !io.name) continue;
      const k = key(io.kind, io.namespace, io.name);
      const list = this.events.get(k);
      if (list) list.push(event);
      else this.events.set(k, [event]);
    }
    for (const list of this.events.values()) list.sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
  }

  /** Whether a kind was collected (not forbidden, not skipped). */
  has(resource: KnownResource): boolean {
    return this.snapshot.resources[resource] !== undefined;
  }

  list<T extends KubeObject = KubeObject>(resource: KnownResource): T[] {
    return (this.snapshot.resources[resource] ?? []) as T[];
  }

  get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): T | undefined {
    return this.byKey.get(key(kind, namespace, name)) as T | undefined;
  }

  pods(): Pod[] {
    return this.list<Pod>('pods');
  }

  nodes(): Node[] {
    return this.list<Node>('nodes');
  }

  /** Pods bound to a node (spec.nodeName). */
  podsOnNode(nodeName: string): Pod[] {
    if (!this.podsByNodeIndex) {
      this.podsByNodeIndex = new Map();
      for (const pod of this.pods()) {
        const node = pod.spec.nodeName;
        if (!node) continue;
        const list = this.podsByNodeIndex.get(node);
        if (list) list.push(pod);
        else this.podsByNodeIndex.set(node, [pod]);
      }
    }
    return this.podsByNodeIndex.get(nodeName) ?? [];
  }

  /** Pods in a namespace whose labels match an equality selector (a Service's). */
  podsMatching(namespace: string | undefined, selector: Record<string, string>): Pod[] {
    const entries = Object.entries(selector);
    return this.pods().filter(
      (pod) => pod.metadata.namespace === namespace && entries.every(([k, v]) => pod.metadata.labels?.[k] === v),
    );
  }

  /** Events about an object, newest first. */
  eventsFor(kind: string, name: string, namespace?: string): KubeEvent[] {
    return this.events.get(key(kind, namespace, name)) ?? [];
  }

  /** Last log lines of the previous instance of a container, when they were collected. */
  logs(namespace: string | undefined, pod: string, container: string): string[] | undefined {
    return this.snapshot.extras.logs?.[`${namespace ?? ''}/${pod}/${container}`];
  }

  /** The controller owner of an object, one level up. */
  controllerOf(object: KubeObject): ObjectRef | undefined {
    const ref = object.metadata.ownerReferences?.find((o) => o.controller) ?? object.metadata.ownerReferences?.[0];
    return ref ? { kind: ref.kind, name: ref.name, namespace: object.metadata.namespace } : undefined;
  }

  /**
   * The top-level workload owning an object: pod → ReplicaSet → Deployment, pod → Job →
   * CronJob. Stops at the last owner present in the snapshot, or at an owner kind k8sdoc does
   * not collect (a custom controller), which is then named as it appears in the reference.
   */
  topOwner(object: KubeObject): ObjectRef | undefined {
    let current = this.controllerOf(object);
    for (let depth = 0; current && depth < 5; depth++) {
      if (!KIND_TO_RESOURCE[current.kind]) return current;
      const found = this.get(current.kind, current.name, current.namespace);
      const next = found ? this.controllerOf(found) : undefined;
      if (!next) return current;
      current = next;
    }
    return current;
  }
}

export function eventTime(event: KubeEvent): string {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp ?? '';
}

export function eventCount(event: KubeEvent): number {
  return event.series?.count ?? event.count ?? 1;
}

/** An event as one evidence line: `Warning BackOff (x12 over 6m, last 20s ago): Back-off restarting...` */
export function eventLine(event: KubeEvent, now: Date): string {
  const count = eventCount(event);
  const last = ageMs(eventTime(event), now);
  const first = ageMs(event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp, now);
  const when: string[] = [];
  if (count > 1) when.push(first !== undefined ? `x${count} over ${humanDuration(first)}` : `x${count}`);
  if (last !== undefined) when.push(`last ${humanDuration(last)} ago`);
  const meta = when.length ? ` (${when.join(', ')})` : '';
  return `${event.type ?? 'Normal'} ${event.reason ?? ''}${meta}: ${(event.message ?? '').trim()}`;
}

export function refOf(object: KubeObject, kind: string): ObjectRef {
  return { kind, name: object.metadata.name, namespace: object.metadata.namespace };
}
