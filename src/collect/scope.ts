import { usageError } from '../errors.js';
import type { KnownResource } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { parseLabelSelector } from '../engine/selector.js';
import { matchesLabelSelector } from '../workload/selectors.js';
import type { Snapshot } from '../engine/types.js';
import { LABEL_SELECTED, listNamespace } from './plan.js';

/**
 * Narrows a snapshot the way the same flags narrow a live collection (-n, -l), so a dump of
 * the whole cluster can answer a question about one namespace.
 */
export function scopeSnapshot(snapshot: Snapshot, scope: { namespace?: string | undefined; labelSelector?: string | undefined }): Snapshot {
  const { namespace, labelSelector } = scope;
  if (namespace !== undefined && snapshot.namespace !== undefined && namespace !== snapshot.namespace) {
    throw usageError(`the dump holds only namespace ${snapshot.namespace}, not ${namespace}`, `run with -n ${snapshot.namespace}, or take a dump with -A`);
  }
  const selector = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  if (namespace === undefined && !selector) return snapshot;
  const resources: Snapshot['resources'] = {};
  for (const [resource, items] of Object.entries(snapshot.resources) as [KnownResource, KubeObject[]][]) {
    const inScope = (item: KubeObject): boolean =>
      (listNamespace(resource, namespace) === undefined || item.metadata.namespace === namespace) &&
      (!selector || !LABEL_SELECTED.includes(resource) || matchesLabelSelector(selector, item.metadata.labels));
    resources[resource] = items.filter(inScope);
  }
  return { ...snapshot, namespace: namespace ?? snapshot.namespace, resources };
}
