import { existsSync, statSync } from 'node:fs';
import { K8sdocError, usageError } from '../../errors.js';
import { digestFile, readMetadata, writeMetadata } from './files.js';
import type { SnapshotMetadata } from './files.js';
import { snapshotStatus } from './status.js';
import type { SnapshotStatus } from '../parse.js';

export interface VerifyStep {
  name: 'sha256' | 'appended hash' | 'snapshot status' | 'restore test';
  /** undefined: not checked (no metadata, no appended hash, no --restore-test) */
  ok: boolean | undefined;
  detail: string;
}

export interface VerifyReport {
  file: string;
  size: number;
  sha256: string;
  metadata: SnapshotMetadata | undefined;
  status: SnapshotStatus | undefined;
  steps: VerifyStep[];
  ok: boolean;
}

/** What a restore test proves: a throwaway etcd on the restored data served this. */
export interface ServedCheck {
  revision: number;
  totalKeys: number;
  liveKeys: number;
}

export interface VerifyOptions {
  etcdutl: string;
  /** restore into a temporary data dir and start a throwaway etcd on it */
  restoreTest?: (status: SnapshotStatus, signal?: AbortSignal) => Promise<ServedCheck>;
  /** record the outcome in the metadata (verify does; restore's pre-check does not) */
  record: boolean;
  /** accept a file without the hash etcd appends (a db copied from a data dir), as restore then must */
  skipHashCheck?: boolean;
}

/** The facts a snapshot can be checked against, in the order a failure is most telling. */
export function compareSteps(hashes: { sha256: string; size: number; appendedHash: 'ok' | 'mismatch' | undefined }, metadata: SnapshotMetadata | undefined, status: SnapshotStatus | undefined, statusError: string | undefined, skipHashCheck = false): VerifyStep[] {
  const steps: VerifyStep[] = [];
  if (!metadata) steps.push({ name: 'sha256', ok: undefined, detail: 'no k8sdoc metadata beside the file: nothing to compare the sha256 with' });
  else if (metadata.sha256 !== hashes.sha256) steps.push({ name: 'sha256', ok: false, detail: `sha256 ${hashes.sha256.slice(0, 16)}… differs from ${metadata.sha256.slice(0, 16)}… recorded at save (size ${hashes.size}, recorded ${metadata.size})` });
  else steps.push({ name: 'sha256', ok: true, detail: `matches the metadata (${hashes.sha256.slice(0, 16)}…)` });
  // verify and restore agree: etcdutl refuses to restore such a file unless told to skip the check
  if (hashes.appendedHash === undefined) {
    steps.push(skipHashCheck
      ? { name: 'appended hash', ok: undefined, detail: 'no sha256 appended by etcd; not checked (--skip-hash-check): the file\'s integrity rests on the sha256 in its metadata alone' }
      : { name: 'appended hash', ok: false, detail: 'no sha256 appended by etcd (a db file copied from a data dir?); restore refuses it: pass --skip-hash-check to verify and restore it anyway' });
  }
  else steps.push({ name: 'appended hash', ok: hashes.appendedHash === 'ok', detail: hashes.appendedHash === 'ok' ? "the content matches the sha256 etcd appended" : "the content does not match the sha256 etcd appended: the file was damaged after etcd sent it" });
  if (!status) {
    steps.push({ name: 'snapshot status', ok: false, detail: statusError ?? 'etcdutl could not read it' });
  } else {
    const mismatch = metadata && (metadata.revision !== status.revision || metadata.totalKeys !== status.totalKey);
    steps.push({
      name: 'snapshot status',
      ok: !mismatch,
      detail: mismatch
        ? `revision ${status.revision} / ${status.totalKey} keys, but the metadata recorded revision ${metadata.revision} / ${metadata.totalKeys} keys`
        : `revision ${status.revision}, ${status.totalKey} keys, hash ${status.hash}`,
    });
  }
  return steps;
}

/**
 * `etcd snapshot verify`: sha256 against the metadata, the hash etcd appended, `etcdutl
 * snapshot status`, and optionally a restore test. Throws only when the file cannot be read.
 */
export async function verifySnapshot(file: string, options: VerifyOptions, signal?: AbortSignal): Promise<VerifyReport> {
  if (!existsSync(file)) throw new K8sdocError('not-found', `snapshot ${file} does not exist`, { exit: 'notFound', hint: 'list the saved ones with `k8sdoc etcd snapshot list --dir DIR`' });
  if (!statSync(file).isFile()) throw usageError(`${file} is a folder, not a snapshot file`, 'pass the snapshot file; `k8sdoc etcd snapshot list --dir DIR` lists those in a folder');
  // etcdutl reads the file while it is hashed here: two passes side by side, not one after the other
  type StatusOutcome = { status?: SnapshotStatus; statusError?: string };
  const statusRun = snapshotStatus(options.etcdutl, file, signal).then(
    (status): StatusOutcome => ({ status }),
    (error: unknown): StatusOutcome => {
      if (!(error instanceof K8sdocError) || error.code !== 'snapshot-corrupt') throw error;
      return { statusError: error.message };
    },
  );
  const [hashes, metadata, { status, statusError }] = await Promise.all([digestFile(file), readMetadata(file), statusRun]);
  const steps = compareSteps(hashes, metadata, status, statusError, options.skipHashCheck);
  if (options.restoreTest && status && steps.every((s) => s.ok !== false)) {
    const served = await options.restoreTest(status, signal);
    const same = served.revision === status.revision && served.totalKeys === status.totalKey;
    steps.push({
      name: 'restore test',
      ok: same,
      detail: same
        ? `a throwaway etcd on the restored data served revision ${served.revision}, ${served.totalKeys} keys (${served.liveKeys} live)`
        : `a throwaway etcd on the restored data served revision ${served.revision} / ${served.totalKeys} keys instead of ${status.revision} / ${status.totalKey}`,
    });
  }
  const ok = steps.every((s) => s.ok !== false);
  if (options.record && metadata) {
    const level = steps.some((s) => s.name === 'restore test') ? 'restore-test' : 'status';
    await writeMetadata(file, { ...metadata, verified: { at: new Date().toISOString(), level, ok } }, true);
  }
  return { file, size: hashes.size, sha256: hashes.sha256, metadata, status, steps, ok };
}

/** The one-line error for a snapshot that failed verification (exit 7). */
export function corruptError(report: VerifyReport): K8sdocError {
  const failed = report.steps.filter((s) => s.ok === false).map((s) => `${s.name}: ${s.detail}`);
  return new K8sdocError('snapshot-corrupt', `${report.file} is corrupt or altered (${failed.join('; ')})`, { exit: 'data', hint: 'do not restore it; use another snapshot' });
}
