import { listSnapshots } from '../etcd/snapshot/files.js';
import type { BackupStatus } from './types.js';

/** The newest k8sdoc etcd snapshot in a folder and whether its save verified it. */
export async function backupStatus(dir: string, maxAgeMs: number): Promise<BackupStatus> {
  const [newest] = await listSnapshots(dir);
  if (!newest) return { dir, maxAgeMs };
  const verification = newest.metadata.verified;
  const detail = verification
    ? `${verification.level === 'restore-test' ? 'restore drill' : 'hash and etcdutl status'} ${verification.ok ? 'passed' : 'FAILED'} at ${verification.at}; revision ${newest.metadata.revision}, ${newest.metadata.totalKeys} keys, ${newest.size} bytes`
    : `never verified; revision ${newest.metadata.revision}, ${newest.size} bytes`;
  return { dir, maxAgeMs, newest: { file: newest.file, createdAt: newest.metadata.createdAt, verified: verification?.ok === true, detail } };
}
