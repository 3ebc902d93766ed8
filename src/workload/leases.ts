import type { SnapshotView } from '../engine/view.js';
import type { KubeObject } from '../kube/types.js';
import { ageMs } from '../util/time.js';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string };
}

export interface LeaseState {
  lease: Lease;
  /** time since the holder last renewed it, undefined when it never was */
  renewedAgoMs: number | undefined;
  /** not renewed for longer than its own duration and the stale threshold */
  stale: boolean;
}

/** A Lease and how long ago it was renewed; undefined when the snapshot has no such Lease. */
export function leaseState(view: SnapshotView, namespace: string, name: string, now: Date, staleSeconds: number): LeaseState | undefined {
  const lease = view.get<Lease>('Lease', name, namespace);
  if (!lease) return undefined;
  const renewedAgoMs = ageMs(lease.spec?.renewTime ?? lease.spec?.acquireTime, now);
  const limitMs = Math.max(staleSeconds, lease.spec?.leaseDurationSeconds ?? 0) * 1000;
  return { lease, renewedAgoMs, stale: renewedAgoMs === undefined || renewedAgoMs > limitMs };
}
