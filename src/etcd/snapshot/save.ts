import { existsSync } from 'node:fs';
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, rm, stat, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { K8sdocError, messageOf } from '../../errors.js';
import type { EtcdConnection } from '../connection.js';
import { etcdctl, etcdctlError, lastErrorLine } from '../etcdctl.js';
import { interruptible } from '../interrupt.js';
import { parseEndpointStatus } from '../parse.js';
import { snapshotStatus } from './status.js';
import { SnapshotDigest, fsyncDir, fsyncFile, metadataPath, placeFile, refusedOverwrite, snapshotFileName, writeMetadata } from './files.js';
import type { SnapshotMetadata } from './files.js';
import type { SnapshotStatus } from '../parse.js';

export interface SaveOptions {
  connection: EtcdConnection;
  etcdctl: string;
  etcdutl: string;
  dir: string;
  name: string | undefined;
  /** the apiserver's version, asked for in parallel with the download; undefined when no apiserver is known */
  kubernetesVersion?: () => Promise<string | undefined>;
  timeoutMs: number;
  /** give up when etcd sends nothing for this long (etcdctl itself waits for a dead etcd until timeoutMs) */
  stallMs?: number;
  onProgress?: (bytes: number) => void;
  now?: Date;
}

export interface SaveResult {
  file: string;
  metadataFile: string;
  metadata: SnapshotMetadata;
}

const CHUNK = 4 * 1024 * 1024;
export const DEFAULT_STALL_MS = 30_000;

/**
 * Hashes the file etcdctl is writing while it grows, so the sha256 costs no second read of a
 * large snapshot. Stops when `finished` says etcdctl exited and everything written was read.
 */
async function hashWhileWritten(file: string, digest: SnapshotDigest, finished: () => boolean, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<void> {
  while (!existsSync(file)) {
    if (finished() || signal.aborted) return;
    await sleep(20);
  }
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let lastReport = 0;
    for (;;) {
      if (signal.aborted) return;
      const done = finished();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, digest.bytes);
      if (bytesRead > 0) {
        digest.update(buffer.subarray(0, bytesRead));
        if (onProgress && Date.now() - lastReport > 1000) {
          lastReport = Date.now();
          onProgress(digest.bytes);
        }
        continue;
      }
      if (done) return;
      await sleep(10);
    }
  } finally {
    await handle.close();
  }
}

async function saveError(error: K8sdocError, bytes: number, stderr: string, dir: string): Promise<K8sdocError> {
  if (/no space left on device/i.test(stderr)) {
    // what was hashed lags what etcdctl wrote: the free space says more than a byte count would
    const free = await statfs(dir).then((s) => s.bavail * s.bsize, () => undefined);
    return new K8sdocError('disk-full', `the snapshot was not saved: the disk of ${dir} filled up${free === undefined ? '' : ` (${free} bytes free now)`}; the partial file was removed`, { exit: 'precondition', hint: 'free space in the target folder (a snapshot is about as large as etcd\'s database) or pick another --dir' });
  }
  if (/read-only file system|could not open .*permission denied/i.test(stderr)) {
    return new K8sdocError('dir-not-writable', `the snapshot was not saved: ${dir} cannot be written (${lastErrorLine(stderr)})`, { exit: 'precondition', hint: 'pick a --dir you may write to' });
  }
  return new K8sdocError(error.code, `the snapshot was not saved (${bytes} bytes received, partial file removed): ${error.message}`, { exit: error.exitCode === 3 ? 'cluster' : 'precondition', ...(error.hint ? { hint: error.hint } : {}) });
}

/** etcdctl writes `<target>.part` and renames it to the target when complete. */
const partPath = (target: string): string => `${target}.part`;

/**
 * Runs `etcdctl snapshot save` into `tmp`, hashing the file as it grows; gives up when etcd
 * sends nothing for `stallMs`. etcdctl is spawned before this returns its promise, which
 * resolves when etcdctl has exited, with the hashing of what it wrote still finishing.
 */
async function download(options: SaveOptions, endpoint: string, tmp: string, digest: SnapshotDigest, signal: AbortSignal): Promise<{ hashed: Promise<void> }> {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const stalled = new AbortController();
  const cancel = AbortSignal.any([signal, stalled.signal]);
  let exited = false;
  const run = etcdctl(options.etcdctl, options.connection, ['snapshot', 'save', tmp], { timeoutMs: options.timeoutMs, cancelSignal: cancel }).finally(() => {
    exited = true;
  });
  const hashing = hashWhileWritten(partPath(tmp), digest, () => exited, cancel, options.onProgress);
  // a read error before etcdctl exits is reported when the hash is awaited, not as an unhandled rejection
  hashing.catch(() => undefined);
  let seen = -1;
  let since = Date.now();
  const watchdog = setInterval(() => {
    if (digest.bytes !== seen) [seen, since] = [digest.bytes, Date.now()];
    else if (Date.now() - since >= stallMs) stalled.abort();
  }, Math.min(500, stallMs / 4));
  try {
    const result = await run;
    if (result.exitCode !== 0) throw await saveError(etcdctlError('save a snapshot', [endpoint], result.stderr), digest.bytes, result.stderr, path.dirname(tmp));
  } catch (error) {
    await Promise.allSettled([hashing]);
    if (stalled.signal.aborted && !signal.aborted) {
      throw new K8sdocError('etcd-stalled', `the snapshot was not saved (${digest.bytes} bytes received, partial file removed): etcd at ${endpoint} sent nothing for ${stallMs / 1000}s; is it down?`, { exit: 'cluster', hint: 'check `k8sdoc etcd status`; on a slow disk allow longer with --stall-timeout' });
    }
    throw error;
  } finally {
    clearInterval(watchdog);
  }
  // bytes etcdctl wrote before `.part` was opened are read under its final name
  return { hashed: hashing.then(() => hashWhileWritten(tmp, digest, () => true, signal)) };
}

/**
 * The checks of a complete download, side by side: `etcdutl snapshot status`, mode 0600 +
 * fsync, and the rest of the sha256 with etcd's appended hash. A damaged stream is reported
 * as such (exit 7) even when etcdutl would also have refused the file.
 */
async function checkDownloaded(etcdutl: string, tmp: string, digest: SnapshotDigest, hashed: Promise<void>, signal: AbortSignal): Promise<[ReturnType<SnapshotDigest['result']>, SnapshotStatus]> {
  if (!existsSync(tmp)) {
    await hashed.catch(() => undefined);
    throw new K8sdocError('snapshot-missing', 'etcdctl reported success but wrote no file', { exit: 'internal' });
  }
  const damaged = new AbortController();
  const status = snapshotStatus(etcdutl, tmp, AbortSignal.any([signal, damaged.signal]));
  const synced = chmod(tmp, 0o600).then(() => fsyncFile(tmp));
  // handled from now on: either may fail while the hash is still being finished
  const settled = Promise.allSettled([status, synced]);
  try {
    await hashed;
    // an interrupted hash stopped early: that is not a damaged stream
    signal.throwIfAborted();
    const hashes = digest.result();
    if (hashes.appendedHash !== 'ok') {
      damaged.abort();
      throw new K8sdocError('snapshot-corrupt', `the snapshot stream is damaged: ${hashes.appendedHash === 'mismatch' ? "its content does not match the sha256 etcd appended" : 'etcd appended no sha256'}; nothing was saved`, { exit: 'data', hint: 'save again; if it repeats, check the member with `k8sdoc etcd status`' });
    }
    const [checked] = await Promise.all([status, synced]);
    return [hashes, checked];
  } finally {
    // settled before the caller's cleanup removes the file, whatever failed first
    await settled;
  }
}

/** --dir made (0700) if missing; a file in its place is a usage error, a folder that cannot be written a precondition. */
async function prepareDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new K8sdocError('usage', `--dir ${dir} is a file, not a folder`, { exit: 'usage', hint: 'name the folder to save snapshots into' });
  if (!info) {
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') throw new K8sdocError('usage', `--dir ${dir} cannot be a folder: a file stands in its path`, { exit: 'usage', hint: 'name a folder whose parents are folders' });
      throw new K8sdocError('dir-not-writable', `--dir ${dir} cannot be created (${messageOf(error)})`, { exit: 'precondition', hint: 'pick a --dir you may write to' });
    });
  }
  await access(dir, constants.W_OK).catch((error: unknown) => {
    throw new K8sdocError('dir-not-writable', `--dir ${dir} cannot be written (${(error as { code?: string }).code === 'EROFS' ? 'a read-only file system' : messageOf(error)})`, { exit: 'precondition', hint: 'pick a --dir you may write to' });
  });
}

/**
 * `etcd snapshot save`: etcdctl streams into a dot-named temporary file in the target folder
 * (never a name that looks like a snapshot), hashed as it arrives; then, side by side, the end
 * of the hash, chmod + fsync and `etcdutl snapshot status`; then the metadata and a no-clobber
 * rename into place. On any failure or interruption the temporary files are removed.
 */
export async function saveSnapshot(options: SaveOptions): Promise<SaveResult> {
  const now = options.now ?? new Date();
  if (options.connection.endpoints.length !== 1) {
    throw new K8sdocError('usage', `a snapshot is taken from one member, but ${options.connection.endpoints.length} endpoints were given`, { exit: 'usage', hint: 'pass the one --endpoints to save from (the local member on a kubeadm node)' });
  }
  const endpoint = options.connection.endpoints[0] ?? '';
  const fileName = snapshotFileName(options.name, now);
  await prepareDir(options.dir);
  const file = path.join(path.resolve(options.dir), fileName);
  if (existsSync(file) || existsSync(metadataPath(file))) throw refusedOverwrite(file);
  const tmp = path.join(path.dirname(file), `.${fileName}.partial-${process.pid}`);
  const digest = new SnapshotDigest();

  return interruptible(
    async (signal) => {
      // etcdctl is started first (it is the critical path); the rest overlaps the download or its checks
      const downloaded = download(options, endpoint, tmp, digest, signal);
      const member = etcdctl(options.etcdctl, options.connection, ['endpoint', 'status', '-w', 'json'], { timeoutMs: Math.min(options.timeoutMs, 15_000), cancelSignal: signal }).catch(() => undefined);
      const kubernetes = (options.kubernetesVersion?.() ?? Promise.resolve(undefined)).catch(() => undefined);
      const { hashed } = await downloaded;
      const [hashes, status] = await checkDownloaded(options.etcdutl, tmp, digest, hashed, signal);
      const [statusRun, kubernetesVersion] = await Promise.all([member, kubernetes]);
      const memberStatus = statusRun?.exitCode === 0 ? parseEndpointStatus(statusRun.stdout)[0] : undefined;
      const metadata: SnapshotMetadata = {
        format: 'k8sdoc.etcd-snapshot/v1',
        file: fileName,
        createdAt: now.toISOString(),
        endpoint,
        clusterId: memberStatus?.clusterId,
        memberId: memberStatus?.memberId,
        etcdVersion: memberStatus?.version,
        kubernetesVersion,
        revision: status.revision,
        totalKeys: status.totalKey,
        size: hashes.size,
        hash: status.hash,
        sha256: hashes.sha256,
        verified: { at: new Date().toISOString(), level: 'status', ok: true },
      };
      // one folder fsync for both renames: the metadata's and the snapshot's
      await writeMetadata(file, metadata, false, { syncDir: false });
      try {
        await placeFile(tmp, file, { overwrite: false });
      } catch (error) {
        await unlink(metadataPath(file)).catch(() => undefined);
        throw error;
      }
      await fsyncDir(path.dirname(file));
      options.onProgress?.(hashes.size);
      return { file, metadataFile: metadataPath(file), metadata };
    },
    async () => {
      await Promise.all([rm(tmp, { force: true }), rm(partPath(tmp), { force: true })]).catch((error: unknown) => {
        process.stderr.write(`warning: could not remove the partial snapshot ${tmp}: ${messageOf(error)}\n`);
      });
    },
  );
}
