import { listSnapshots, recheckSnapshot } from '../etcd/snapshot/files.js';
import type { BackupStatus } from './types.js';

/**
 * The newest k8sdoc etcd snapshot in a folder that still is the file its metadata describes
 * (re-read now, not trusted from save time), with what it records about its cluster. Newer
 * files that fail the re-check are named, never vouched for.
 */
export async function backupStatus(dir: string, maxAgeMs: number): Promise<BackupStatus> {
  const altered: string[] = [];
  for (const snapshot of await listSnapshots(dir)) {
    const recheck = await recheckSnapshot(snapshot);
    if (!recheck.intact) {
      altered.push(`${snapshot.file}: ${recheck.detail}`);
      continue;
    }
    const { metadata } = snapshot;
    const verification = metadata.verified;
    const detail = [
      recheck.detail,
      verification ? `${verification.level === 'restore-test' ? 'restore drill' : 'hash and etcdutl status'} ${verification.ok ? 'passed' : 'FAILED'} at ${verification.at}` : 'never verified',
      `revision ${metadata.revision}, ${metadata.totalKeys} keys, ${snapshot.size} bytes, etcd cluster ${metadata.clusterId ?? 'not recorded'}, Kubernetes ${metadata.kubernetesVersion ?? 'not recorded'}`,
    ].join('; ');
    const newest = { file: snapshot.file, createdAt: metadata.createdAt, verified: verification?.ok === true, clusterId: metadata.clusterId, kubernetesVersion: metadata.kubernetesVersion, detail };
    return { dir, maxAgeMs, newest, altered };
  }
  return { dir, maxAgeMs, altered };
}
