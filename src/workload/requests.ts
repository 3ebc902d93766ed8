import type { SnapshotView } from '../engine/view.js';
import type { Container, Node, Pod, ResourceList } from '../kube/types.js';
import { parseQuantity } from './quantity.js';

/** Amounts per resource name (cpu in cores, memory in bytes), as numbers. */
export type Amounts = Record<string, number>;

/** Amounts of a resource list (requests, limits, allocatable, quota hard/used). */
export function amountsOf(list: ResourceList | undefined): Amounts {
  const amounts: Amounts = {};
  for (const [name, value] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(value);
    if (parsed !== undefined) amounts[name] = parsed;
  }
  return amounts;
}

function add(into: Amounts, from: Amounts): void {
  for (const [name, value] of Object.entries(from)) into[name] = (into[name] ?? 0) + value;
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [name, value] of Object.entries(from)) into[name] = Math.max(into[name] ?? 0, value);
}

function containerRequests(container: Container): Amounts {
  return amountsOf(container.resources?.requests);
}

/**
 * What the scheduler reserves for a pod (resourcehelper.PodRequests): the app containers and
 * native sidecars run together, each plain init container runs alone next to the sidecars
 * started before it, the larger of the two wins, then the RuntimeClass overhead is added.
 * Pod-level requests, when set, replace the container sum for their resources.
 */
export function podRequests(pod: Pod): Amounts {
  const total: Amounts = {};
  for (const container of pod.spec.containers) add(total, containerRequests(container));
  const sidecars: Amounts = {};
  const initPeak: Amounts = {};
  for (const container of pod.spec.initContainers ?? []) {
    const requests = containerRequests(container);
    if (container.restartPolicy === 'Always') {
      add(total, requests);
      add(sidecars, requests);
      maxInto(initPeak, sidecars);
    } else {
      const alone: Amounts = { ...sidecars };
      add(alone, requests);
      maxInto(initPeak, alone);
    }
  }
  maxInto(total, initPeak);
  Object.assign(total, amountsOf(pod.spec.resources?.requests));
  add(total, amountsOf(pod.spec.overhead));
  return total;
}

/** Succeeded and Failed pods hold no node resources. */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export interface NodeUsage {
  node: Node;
  allocatable: Amounts;
  /** sum of the requests of the non-terminal pods bound to the node */
  requested: Amounts;
  /** how many non-terminal pods are bound to it */
  pods: number;
}

const usageCache = new WeakMap<SnapshotView, Map<string, NodeUsage>>();

/** Allocatable and requested resources of a node, computed once per snapshot. */
export function nodeUsage(view: SnapshotView, node: Node): NodeUsage {
  let cache = usageCache.get(view);
  if (!cache) usageCache.set(view, (cache = new Map()));
  const cached = cache.get(node.metadata.name);
  if (cached) return cached;
  const requested: Amounts = {};
  let pods = 0;
  for (const pod of view.podsOnNode(node.metadata.name)) {
    if (isTerminal(pod)) continue;
    pods++;
    add(requested, podRequests(pod));
  }
  const usage: NodeUsage = { node, allocatable: amountsOf(node.status?.allocatable), requested, pods };
  cache.set(node.metadata.name, usage);
  return usage;
}

/** Free allocatable of one resource ("pods" counts pods). */
export function freeOf(usage: NodeUsage, resource: string): number {
  const used = resource === 'pods' ? usage.pods : (usage.requested[resource] ?? 0);
  return (usage.allocatable[resource] ?? 0) - used;
}
