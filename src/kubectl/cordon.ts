import type { KubeClient } from '../kube/client.js';
import { notFound } from '../kube/client.js';
import { R } from '../kube/resources.js';
import type { Node } from '../kube/types.js';

export type CordonClient = Pick<KubeClient, 'find' | 'patch'>;

export interface CordonResult {
  node: string;
  /** false when the node already was as asked */
  changed: boolean;
  /** "node/x cordoned", "node/x already uncordoned" (with " (dry run)" when nothing was written) */
  message: string;
}

/**
 * Marks a node unschedulable (cordon) or schedulable again (uncordon) with a merge patch of
 * spec.unschedulable, as kubectl does. A dry run reads the node and writes nothing.
 */
export async function setSchedulable(client: CordonClient, name: string, cordon: boolean, dryRun = false): Promise<CordonResult> {
  const node = await client.find<Node>(R.nodes, name);
  if (!node) throw notFound('node', name);
  const verb = cordon ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === cordon) return { node: name, changed: false, message: `node/${name} already ${verb}` };
  // null removes the field, which is what an uncordoned node looks like
  if (!dryRun) await client.patch(R.nodes, name, { spec: { unschedulable: cordon ? true : null } });
  return { node: name, changed: true, message: `node/${name} ${verb}${dryRun ? ' (dry run)' : ''}` };
}
