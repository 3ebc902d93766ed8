import { usageError } from '../errors.js';
import { matchResource } from '../kube/discovery.js';
import type { ApiResource } from '../kube/discovery.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import type { KubeObject, Pod } from '../kube/types.js';
import type { Finding, ObjectRef } from './types.js';
import { refKey, refOf } from './view.js';
import type { SnapshotView } from './view.js';

/** kubectl's short names for the kinds k8sdoc collects, so `diagnose deploy/web` works offline too. */
const SHORT_NAMES: Partial<Record<KnownResource, string[]>> = {
  pods: ['po'],
  nodes: ['no'],
  namespaces: ['ns'],
  services: ['svc'],
  endpoints: ['ep'],
  configmaps: ['cm'],
  serviceaccounts: ['sa'],
  persistentvolumeclaims: ['pvc'],
  persistentvolumes: ['pv'],
  resourcequotas: ['quota'],
  deployments: ['deploy'],
  replicasets: ['rs'],
  statefulsets: ['sts'],
  daemonsets: ['ds'],
  cronjobs: ['cj'],
  horizontalpodautoscalers: ['hpa'],
  poddisruptionbudgets: ['pdb'],
  storageclasses: ['sc'],
  ingresses: ['ing'],
  networkpolicies: ['netpol'],
};

const KNOWN: ApiResource[] = (Object.entries(R) as [KnownResource, (typeof R)[KnownResource]][]).map(([resource, ref]) => ({
  ...ref,
  singular: ref.kind.toLowerCase(),
  shortNames: SHORT_NAMES[resource] ?? [],
  verbs: ['list'],
  categories: [],
}));

export interface FocusTarget {
  resource: KnownResource;
  ref: ObjectRef;
}

/** Reads `pod/web-7d9f` or `deployment.apps/web` into the object a deep dive is about. */
export function parseFocusTarget(text: string, namespace: string | undefined): FocusTarget {
  const slash = text.indexOf('/');
  const type = text.slice(0, slash);
  const name = text.slice(slash + 1);
  if (slash <= 0 || name === '' || name.includes('/')) {
    throw usageError(`"${text}" is not TYPE/NAME`, 'name one object, e.g. pod/web-7d9f, deployment/web, node/worker-1 or service/api');
  }
  let match: ApiResource;
  try {
    match = matchResource(KNOWN, type);
  } catch {
    throw usageError(`diagnose cannot look into "${type}" objects`, `use one of: ${KNOWN.map((r) => r.singular).join(', ')}`);
  }
  const resource = match.resource as KnownResource;
  return { resource, ref: { kind: match.kind, name, namespace: match.namespaced ? namespace : undefined } };
}

/**
 * What an object leads to when looking for causes: what it owns, selects or runs on. A node
 * leads to its pods only as the target: reached from a pod, it is a cause, not a way to the
 * pods of unrelated workloads.
 */
function causes(view: SnapshotView, ref: ObjectRef, children: Map<string, ObjectRef[]>, isTarget: boolean): ObjectRef[] {
  const out = [...(children.get(refKey(ref)) ?? [])];
  const object = view.get(ref.kind, ref.name, ref.namespace);
  if (!object) return out;
  switch (ref.kind) {
    case 'Service': {
      const selector = (object.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (selector && Object.keys(selector).length > 0) out.push(...view.podsMatching(ref.namespace, selector).map((pod) => refOf(pod, 'Pod')));
      out.push({ kind: 'Endpoints', name: ref.name, namespace: ref.namespace });
      for (const slice of view.list('endpointslices')) {
        if (slice.metadata.namespace === ref.namespace && slice.metadata.labels?.['kubernetes.io/service-name'] === ref.name) out.push(refOf(slice, 'EndpointSlice'));
      }
      break;
    }
    case 'Node':
      if (isTarget) out.push(...view.podsOnNode(ref.name).map((pod) => refOf(pod, 'Pod')));
      break;
    case 'Pod': {
      const pod = object as Pod;
      if (pod.spec.nodeName) out.push({ kind: 'Node', name: pod.spec.nodeName });
      for (const volume of pod.spec.volumes ?? []) {
        if (volume.persistentVolumeClaim) out.push({ kind: 'PersistentVolumeClaim', name: volume.persistentVolumeClaim.claimName, namespace: ref.namespace });
      }
      break;
    }
    case 'PersistentVolumeClaim': {
      const volumeName = (object.spec as { volumeName?: string } | undefined)?.volumeName;
      if (volumeName) out.push({ kind: 'PersistentVolume', name: volumeName });
      break;
    }
  }
  return out;
}

/** Owner → the objects it controls, over everything collected. */
function childIndex(view: SnapshotView): Map<string, ObjectRef[]> {
  const index = new Map<string, ObjectRef[]>();
  for (const [resource, items] of Object.entries(view.snapshot.resources) as [KnownResource, KubeObject[]][]) {
    const kind = R[resource].kind;
    for (const item of items) {
      for (const owner of item.metadata.ownerReferences ?? []) {
        const parent = refKey({ kind: owner.kind, name: owner.name, namespace: item.metadata.namespace });
        const list = index.get(parent);
        const child = refOf(item, kind);
        if (list) list.push(child);
        else index.set(parent, [child]);
      }
    }
  }
  return index;
}

/**
 * How far each related object is from the target: 0 the target, 1 what it owns or selects, and
 * so on down to nodes and volumes, so findings read top-down as a chain of causes.
 */
export function focusDepths(view: SnapshotView, target: ObjectRef): Map<string, number> {
  const children = childIndex(view);
  const depths = new Map<string, number>([[refKey(target), 0]]);
  const queue: [ObjectRef, number][] = [[target, 0]];
  for (let next = 0; next < queue.length; next++) {
    const [ref, depth] = queue[next] as [ObjectRef, number];
    for (const cause of causes(view, ref, children, next === 0)) {
      const key = refKey(cause);
      if (depths.has(key)) continue;
      depths.set(key, depth + 1);
      queue.push([cause, depth + 1]);
    }
  }
  return depths;
}

/** A finding in a deep dive, with its place in the chain of causes. */
export interface FocusedFinding extends Finding {
  /** 0: on the target itself; 1: on what it owns or selects; and so on */
  depth: number;
}

/** Keeps the findings about the target and what leads from it, ordered top-down. */
export function focusFindings(findings: readonly Finding[], depths: ReadonlyMap<string, number>): FocusedFinding[] {
  const out: FocusedFinding[] = [];
  const depthOf = (refs: readonly ObjectRef[]): number | undefined => {
    const found = refs.map((ref) => depths.get(refKey(ref))).filter((depth): depth is number => depth !== undefined);
    return found.length > 0 ? Math.min(...found) : undefined;
  };
  for (const finding of findings) {
    // a grouped finding stands for its pods, so it sits where the pods sit in the chain
    const depth = depthOf(finding.objects ?? []) ?? depthOf([finding.object]) ?? depthOf(finding.owner ? [finding.owner] : []);
    if (depth !== undefined) out.push({ ...finding, depth });
  }
  return out;
}
