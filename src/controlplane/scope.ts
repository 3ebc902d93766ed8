import type { SnapshotView } from '../engine/view.js';

/** The control plane and cluster DNS live in kube-system. */
export const KUBE_SYSTEM = 'kube-system';

/**
 * Whether the snapshot covers kube-system: a diagnosis scoped to another namespace has none of
 * its objects, and their absence there says nothing.
 */
export function seesKubeSystem(view: SnapshotView): boolean {
  return view.snapshot.namespace === undefined || view.snapshot.namespace === KUBE_SYSTEM;
}
