import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, lstat, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../../embedded/paths.js';
import { processesMentioning, stopProcess } from '../../embedded/process.js';
import { K8sdocError } from '../../errors.js';

export const METADATA_FORMAT = 'k8sdoc.etcd-snapshot/v1';
/** The metadata file beside `NAME.db`. */
export const METADATA_SUFFIX = '.meta.json';
/** etcd appends the sha256 of the snapshot's content to the file it streams: 32 bytes after 512-byte pages. */
const HASH_BYTES = 32;

export interface SnapshotVerification {
  at: string;
  /** status: hashes and `etcdutl snapshot status`; restore-test: also served by a throwaway etcd */
  level: 'status' | 'restore-test';
  ok: boolean;
}

/** What k8sdoc writes beside each snapshot it saves (never any Secret value). */
export interface SnapshotMetadata {
  format: typeof METADATA_FORMAT;
  /** the snapshot's file name, in the same folder */
  file: string;
  createdAt: string;
  endpoint: string;
  clusterId?: string | undefined;
  memberId?: string | undefined;
  etcdVersion?: string | undefined;
  /** the apiserver's version when it was known at save time */
  kubernetesVersion?: string | undefined;
  revision: number;
  totalKeys: number;
  size: number;
  /** `etcdutl snapshot status` hash */
  hash: number;
  sha256: string;
  verified?: SnapshotVerification | undefined;
}

export function metadataPath(snapshotFile: string): string {
  return `${snapshotFile}${METADATA_SUFFIX}`;
}

function isMetadata(value: unknown): value is SnapshotMetadata {
  const m = value as Partial<SnapshotMetadata> | null;
  return m?.format === METADATA_FORMAT && typeof m.file === 'string' && typeof m.sha256 === 'string' && typeof m.createdAt === 'string';
}

/** The metadata beside a snapshot; undefined when there is none or it is not k8sdoc's. */
export async function readMetadata(snapshotFile: string): Promise<SnapshotMetadata | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(metadataPath(snapshotFile), 'utf8'));
    return isMetadata(value) && value.file === path.basename(snapshotFile) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Flushes a file's data, or a folder's entries (a rename), to disk. */
async function fsync(file: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes, fsyncs and renames into place; `link` refuses an existing target where rename would
 * replace it. `syncDir: false` leaves the folder's fsync to a caller that places more files.
 */
export async function writeFileAtomic(file: string, content: string, options: { overwrite: boolean; syncDir?: boolean }): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await placeFile(tmp, file, options);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  if (options.syncDir !== false) await fsyncDir(path.dirname(file));
}

/** Moves `from` to `to`; without overwrite an existing `to` is an error (exit 8), never replaced. */
export async function placeFile(from: string, to: string, options: { overwrite: boolean }): Promise<void> {
  if (options.overwrite) {
    await rename(from, to);
    return;
  }
  try {
    await link(from, to);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw refusedOverwrite(to);
    throw error;
  }
  await unlink(from);
}

export function refusedOverwrite(file: string): K8sdocError {
  return new K8sdocError('snapshot-exists', `${file} already exists; k8sdoc never overwrites a snapshot`, { exit: 'conflict', hint: 'pick another --name, or move the old snapshot away first' });
}

export async function writeMetadata(snapshotFile: string, metadata: SnapshotMetadata, overwrite: boolean, options: { syncDir?: boolean } = {}): Promise<void> {
  await writeFileAtomic(metadataPath(snapshotFile), `${JSON.stringify(metadata, null, 2)}\n`, { overwrite, ...options });
}

/**
 * sha256 of a whole snapshot file, and whether the hash etcd appended to its content matches,
 * fed chunk by chunk (also while the file is still being written). One pass: the content is
 * hashed holding the last 32 bytes back, and the whole file's hash is a copy of that state
 * fed those bytes.
 */
export class SnapshotDigest {
  private readonly content: Hash = createHash('sha256');
  /** the last 32 bytes seen: the appended hash if the stream ends here */
  private tail: Buffer = Buffer.alloc(0);
  bytes = 0;

  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (chunk.length >= HASH_BYTES) {
      this.content.update(this.tail);
      this.content.update(chunk.subarray(0, chunk.length - HASH_BYTES));
      this.tail = Buffer.from(chunk.subarray(chunk.length - HASH_BYTES));
    } else {
      const joined = Buffer.concat([this.tail, chunk]);
      const cut = Math.max(0, joined.length - HASH_BYTES);
      this.content.update(joined.subarray(0, cut));
      this.tail = joined.subarray(cut);
    }
  }

  /** appendedHash: undefined when the file carries none (a db file copied from a data dir). */
  result(): { sha256: string; size: number; appendedHash: 'ok' | 'mismatch' | undefined } {
    const sha256 = this.content.copy().update(this.tail).digest('hex');
    if (this.bytes % 512 !== HASH_BYTES) return { sha256, size: this.bytes, appendedHash: undefined };
    return { sha256, size: this.bytes, appendedHash: this.content.digest().equals(this.tail) ? 'ok' : 'mismatch' };
  }
}

export async function digestFile(file: string): Promise<ReturnType<SnapshotDigest['result']>> {
  const digest = new SnapshotDigest();
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      digest.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return digest.result();
}

export interface ListedSnapshot {
  file: string;
  name: string;
  size: number;
  metadata: SnapshotMetadata;
}

/** The k8sdoc snapshots in a folder: files whose metadata names them. Anything else is not ours and is left alone. */
export async function listSnapshots(dir: string): Promise<ListedSnapshot[]> {
  if (!existsSync(dir)) throw new K8sdocError('not-found', `snapshot folder ${dir} does not exist`, { exit: 'notFound', hint: 'pass the folder snapshots were saved to with --dir' });
  const names = await readdir(dir);
  const found: ListedSnapshot[] = [];
  for (const name of names) {
    if (!name.endsWith(METADATA_SUFFIX) || name.startsWith('.')) continue;
    const file = path.join(dir, name.slice(0, -METADATA_SUFFIX.length));
    const metadata = await readMetadata(file);
    if (!metadata) continue;
    // a link could name a file outside the folder: only regular files in it are k8sdoc's
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    found.push({ file, name: path.basename(file), size: info.size, metadata });
  }
  return found.sort((a, b) => b.metadata.createdAt.localeCompare(a.metadata.createdAt) || b.name.localeCompare(a.name));
}

/** What re-reading a snapshot showed: its size and sha256 against what its metadata recorded at save. */
export interface Recheck {
  intact: boolean;
  detail: string;
}

/**
 * Re-reads the whole file: nothing vouches for a snapshot (list, prune, the upgrade gate) on
 * what was recorded when it was saved, only on what the file holds now.
 */
export async function recheckSnapshot(snapshot: ListedSnapshot): Promise<Recheck> {
  if (snapshot.size !== snapshot.metadata.size) return { intact: false, detail: `size ${snapshot.size} bytes, but ${snapshot.metadata.size} recorded at save` };
  const { sha256 } = await digestFile(snapshot.file);
  if (sha256 !== snapshot.metadata.sha256) return { intact: false, detail: `sha256 ${sha256.slice(0, 16)}… differs from ${snapshot.metadata.sha256.slice(0, 16)}… recorded at save` };
  return { intact: true, detail: `sha256 re-checked (${sha256.slice(0, 16)}…)` };
}

export interface CheckedSnapshot extends ListedSnapshot {
  recheck: Recheck;
}

/** listSnapshots, each re-checked. */
export async function listChecked(dir: string): Promise<CheckedSnapshot[]> {
  const out: CheckedSnapshot[] = [];
  for (const snapshot of await listSnapshots(dir)) out.push({ ...snapshot, recheck: await recheckSnapshot(snapshot) });
  return out;
}

/** A save's temporary file: `.NAME.partial-PID` (and etcdctl's `.part` of it), PID the k8sdoc that saved. */
const PARTIAL = /^\..+\.partial-(\d+)(\.part)?$/;

/** A partial file whose saving k8sdoc is gone (killed): it is not a snapshot and nothing will finish it. */
export interface StalePartial {
  file: string;
  size: number;
  ownerPid: number;
  /** processes still writing it (an etcdctl the dead k8sdoc started) */
  writers: number[];
}

/** The partial files of saves whose k8sdoc died, with whatever still writes them. */
export async function stalePartials(dir: string): Promise<StalePartial[]> {
  const out: StalePartial[] = [];
  for (const name of await readdir(dir)) {
    const owner = Number(PARTIAL.exec(name)?.[1] ?? 0);
    if (!owner || processAlive(owner)) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => undefined);
    // etcdctl names the file without the .part it writes first
    if (info?.isFile()) out.push({ file, size: info.size, ownerPid: owner, writers: processesMentioning(file.replace(/\.part$/, '')) });
  }
  return out;
}

/** Stops what still writes a stale partial, then deletes it. */
export async function removeStalePartial(partial: StalePartial): Promise<void> {
  await Promise.all(partial.writers.map((pid) => stopProcess(pid, 2000)));
  await unlink(partial.file).catch(() => undefined);
}

/** Retention: the newest `keep` stay, the rest go (input newest first, as listSnapshots sorts). */
export function pruneSelection<T extends { metadata: Pick<SnapshotMetadata, 'createdAt'> }>(snapshots: readonly T[], keep: number): { kept: T[]; pruned: T[] } {
  const sorted = [...snapshots].sort((a, b) => b.metadata.createdAt.localeCompare(a.metadata.createdAt));
  return { kept: sorted.slice(0, keep), pruned: sorted.slice(keep) };
}

/** Deletes a snapshot and its metadata; only one whose re-check just showed it is the file its metadata describes. */
export async function removeSnapshot(snapshot: CheckedSnapshot): Promise<void> {
  if (!snapshot.recheck.intact) throw new K8sdocError('internal', `refusing to delete ${snapshot.file}: it does not match its metadata`, { exit: 'internal' });
  await unlink(snapshot.file);
  await unlink(metadataPath(snapshot.file)).catch(() => undefined);
}

/** Default file name: etcd-snapshot-20260102T030405Z.db (sorts by time). */
export function defaultSnapshotName(now: Date): string {
  return `etcd-snapshot-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.db`;
}

/** --name as given, with .db added; a path or a hidden name is refused. */
export function snapshotFileName(name: string | undefined, now: Date): string {
  if (name === undefined) return defaultSnapshotName(now);
  if (name === '' || name.includes('/') || name.startsWith('.')) {
    throw new K8sdocError('usage', `--name "${name}" is not a plain file name`, { exit: 'usage', hint: 'give a name without folders and not starting with a dot; use --dir for the folder' });
  }
  return name.endsWith('.db') ? name : `${name}.db`;
}

export const fsyncDir = (dir: string): Promise<void> => fsync(dir, 'r');
export const fsyncFile = (file: string): Promise<void> => fsync(file, 'r+');
