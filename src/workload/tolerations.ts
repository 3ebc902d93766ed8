import type { Node, Pod, Taint, Toleration } from '../kube/types.js';

/** Whether a toleration matches a taint (v1.Toleration.ToleratesTaint). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  // an empty key with operator Exists tolerates every taint
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (!toleration.key) return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The effects that keep a pod off a node at scheduling time. */
const SCHEDULING_EFFECTS = new Set(['NoSchedule', 'NoExecute']);

/** The taints of a node that keep this pod off it. */
export function untoleratedTaints(pod: Pod, node: Node): Taint[] {
  const tolerations = pod.spec.tolerations ?? [];
  return (node.spec?.taints ?? []).filter((taint) => SCHEDULING_EFFECTS.has(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

/** `key=value:Effect`, as kubectl taint writes it. */
export function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** The toleration that lets a pod onto a node with this taint, as YAML flow text. */
export function tolerationFor(taint: Taint): string {
  const value = taint.value ? `operator: Equal, value: ${JSON.stringify(taint.value)}` : 'operator: Exists';
  return `{key: ${taint.key}, ${value}, effect: ${taint.effect}}`;
}
