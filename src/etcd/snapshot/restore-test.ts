import path from 'node:path';
import { etcdctlOk } from '../etcdctl.js';
import { parseFields } from '../parse.js';
import { ThrowawayCluster } from '../throwaway.js';
import { snapshotStatus } from './status.js';
import type { ServedCheck } from './verify.js';

export interface RestoreTestTools {
  etcd: string;
  etcdctl: string;
  etcdutl: string;
}

/**
 * Restores the snapshot into a temporary data dir, starts a throwaway etcd on it and asks what
 * it serves: the revision, the live keys, and (through a snapshot of the throwaway) the total
 * key count `etcdutl snapshot status` reports, which must equal the original's.
 */
export async function restoreTest(tools: RestoreTestTools, snapshot: string, signal?: AbortSignal, skipHashCheck = false): Promise<ServedCheck> {
  const throwaway = await ThrowawayCluster.create();
  try {
    await throwaway.restore(tools.etcdutl, snapshot, signal, skipHashCheck);
    await throwaway.startEtcd(tools.etcd, signal);
    const connection = throwaway.etcdConnection;
    const run = { timeoutMs: 120_000, ...(signal ? { cancelSignal: signal } : {}) };
    const counted = parseFields(await etcdctlOk(tools.etcdctl, connection, 'count the keys the throwaway etcd serves', ['get', '', '--prefix', '--count-only', '-w', 'fields'], run));
    const copy = path.join(throwaway.root, 'served.db');
    await etcdctlOk(tools.etcdctl, connection, 'snapshot the throwaway etcd', ['snapshot', 'save', copy], run);
    const served = await snapshotStatus(tools.etcdutl, copy, signal);
    return { revision: counted.Revision ?? 0, totalKeys: served.totalKey, liveKeys: counted.Count ?? 0 };
  } finally {
    await throwaway.destroy();
  }
}
