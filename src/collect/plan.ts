import { qualifiedName } from '../kube/discovery.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import type { Check, Extra } from '../engine/types.js';

export interface CollectPlan {
  resources: KnownResource[];
  extras: Extra[];
}

/** Kinds `-l` narrows: pods and the workloads that own them. Everything else is listed whole. */
export const LABEL_SELECTED: readonly KnownResource[] = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'];

/**
 * Namespaced kinds checks read from system namespaces (node Leases in kube-node-lease, the
 * scheduler's in kube-system): listed across namespaces even when the run is scoped with -n.
 */
export const ALWAYS_ALL_NAMESPACES: readonly KnownResource[] = ['leases'];

/** Listed first: the largest collections, so they do not start last in the parallel pool. */
const LARGE_FIRST: readonly KnownResource[] = ['events', 'pods', 'replicasets'];

/** Every input the selected checks need or can use, each once, whatever number of checks ask for it. */
export function planInputs(checks: readonly Check[], also: readonly KnownResource[] = []): CollectPlan {
  const resources = new Set<KnownResource>([...checks.flatMap((check) => [...check.needs, ...(check.optional ?? [])]), ...also]);
  const extras = new Set<Extra>(checks.flatMap((check) => check.extras ?? []));
  const rank = (r: KnownResource): number => (LARGE_FIRST.includes(r) ? LARGE_FIRST.indexOf(r) : LARGE_FIRST.length);
  const order = Object.keys(R) as KnownResource[];
  return {
    resources: [...resources].sort((a, b) => rank(a) - rank(b) || order.indexOf(a) - order.indexOf(b)),
    extras: [...extras],
  };
}

/** The namespace a kind is listed in: undefined lists across all namespaces (or is cluster-scoped). */
export function listNamespace(resource: KnownResource, namespace: string | undefined): string | undefined {
  return R[resource].namespaced && !ALWAYS_ALL_NAMESPACES.includes(resource) ? namespace : undefined;
}

/** The permission a LIST needs, as a user would ask an admin for it: "list pods in all namespaces". */
export function listPermission(resource: KnownResource, namespace: string | undefined): string {
  const ref = R[resource];
  const name = qualifiedName(ref);
  if (!ref.namespaced) return `list ${name}`;
  const ns = listNamespace(resource, namespace);
  return ns === undefined ? `list ${name} in all namespaces` : `list ${name} in namespace ${ns}`;
}
