import { K8sdocError } from '../../errors.js';
import { lastErrorLine, runTool } from '../etcdctl.js';
import { parseSnapshotStatus } from '../parse.js';
import type { SnapshotStatus } from '../parse.js';

/** `etcdutl snapshot status FILE -w json`; a file it cannot read as a snapshot is corrupt data (exit 7). */
export async function snapshotStatus(etcdutl: string, file: string, signal?: AbortSignal): Promise<SnapshotStatus> {
  const result = await runTool(etcdutl, ['snapshot', 'status', file, '-w', 'json'], { timeoutMs: 300_000, ...(signal ? { cancelSignal: signal } : {}) });
  if (result.exitCode !== 0) {
    throw new K8sdocError('snapshot-corrupt', `${file} is not a readable etcd snapshot: ${lastErrorLine(result.stderr)}`, { exit: 'data', hint: 'use another snapshot; this one cannot be restored' });
  }
  return parseSnapshotStatus(result.stdout);
}
