import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METADATA_FORMAT, SnapshotDigest, defaultSnapshotName, digestFile, listSnapshots, pruneSelection, readMetadata, snapshotFileName, writeFileAtomic, writeMetadata } from '../../../src/etcd/snapshot/files.js';
import type { SnapshotMetadata } from '../../../src/etcd/snapshot/files.js';
import { compareSteps } from '../../../src/etcd/snapshot/verify.js';
import { ExitCode, K8sdocError } from '../../../src/errors.js';
import { fixturePath, tempDir } from './fixtures.js';

const SMALL = fixturePath('small-snapshot.db');
const SMALL_SHA = 'ffafe470b4c9a1be4e508108d93d3d20ff581da24a20c89598e7e40a934f650a';

function meta(file: string, createdAt: string, extra: Partial<SnapshotMetadata> = {}): SnapshotMetadata {
  return { format: METADATA_FORMAT, file, createdAt, endpoint: 'https://127.0.0.1:2379', revision: 51, totalKeys: 50, size: 24608, hash: 2031492384, sha256: SMALL_SHA, ...extra };
}

function scratch(): string {
  return tempDir('unit');
}

describe('snapshot hashing', () => {
  it('computes the sha256 and checks the hash etcd appended, however the bytes arrive', async () => {
    expect(await digestFile(SMALL)).toEqual({ sha256: SMALL_SHA, size: 24608, appendedHash: 'ok' });
    const bytes = readFileSync(SMALL);
    const digest = new SnapshotDigest();
    // odd chunk sizes, some shorter than the 32-byte hash, as a growing file is read
    for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7) % 5000 || 3) digest.update(bytes.subarray(at, at + step));
    expect(digest.result()).toEqual({ sha256: SMALL_SHA, size: 24608, appendedHash: 'ok' });
  });

  it('notices one flipped byte, and a file without an appended hash', async () => {
    const dir = scratch();
    const flipped = Buffer.from(readFileSync(SMALL));
    flipped[5000] = (flipped[5000] ?? 0) ^ 0xff;
    writeFileSync(path.join(dir, 'bad.db'), flipped);
    expect((await digestFile(path.join(dir, 'bad.db'))).appendedHash).toBe('mismatch');
    writeFileSync(path.join(dir, 'raw.db'), readFileSync(SMALL).subarray(0, 24576));
    expect((await digestFile(path.join(dir, 'raw.db'))).appendedHash).toBeUndefined();
  });
});

describe('verification steps', () => {
  const hashes = { sha256: SMALL_SHA, size: 24608, appendedHash: 'ok' as const };
  const status = { hash: 2031492384, revision: 51, totalKey: 50, totalSize: 24576, version: '3.6.0' };

  it('passes when sha256, appended hash and status agree with the metadata', () => {
    expect(compareSteps(hashes, meta('a.db', '2026-01-01T00:00:00Z'), status, undefined).map((s) => s.ok)).toEqual([true, true, true]);
  });

  it('fails on a sha256, revision or key count that differs from the metadata, or an unreadable file', () => {
    expect(compareSteps({ ...hashes, sha256: 'beef' }, meta('a.db', '2026-01-01T00:00:00Z'), status, undefined)[0]?.ok).toBe(false);
    expect(compareSteps(hashes, meta('a.db', '2026-01-01T00:00:00Z', { totalKeys: 49 }), status, undefined)[2]).toMatchObject({ ok: false, detail: expect.stringMatching(/recorded revision 51 \/ 49 keys/) });
    expect(compareSteps(hashes, undefined, undefined, 'not a snapshot')[2]).toEqual({ name: 'snapshot status', ok: false, detail: 'not a snapshot' });
  });

  it('skips, not fails, the sha256 comparison when there is no metadata', () => {
    expect(compareSteps(hashes, undefined, status, undefined)[0]).toMatchObject({ ok: undefined });
  });

  it('fails a file without the hash etcd appends, as restore would, unless --skip-hash-check', () => {
    const bare = { ...hashes, appendedHash: undefined };
    expect(compareSteps(bare, meta('a.db', '2026-01-01T00:00:00Z'), status, undefined)[1]).toMatchObject({ ok: false, detail: expect.stringMatching(/pass --skip-hash-check/) });
    expect(compareSteps(bare, meta('a.db', '2026-01-01T00:00:00Z'), status, undefined, true)[1]).toMatchObject({ ok: undefined, detail: expect.stringMatching(/not checked \(--skip-hash-check\)/) });
  });
});

describe('snapshot files', () => {
  it('writes metadata 0600 and refuses to overwrite an existing file (exit 8), leaving it as it was', async () => {
    const dir = scratch();
    const file = path.join(dir, 'a.db');
    await writeMetadata(file, meta('a.db', '2026-01-01T00:00:00Z'), false);
    expect(statSync(`${file}.meta.json`).mode & 0o777).toBe(0o600);
    const before = readFileSync(`${file}.meta.json`, 'utf8');
    const refused = await writeFileAtomic(`${file}.meta.json`, 'other', { overwrite: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(K8sdocError);
    expect((refused as K8sdocError).exitCode).toBe(ExitCode.conflict);
    expect(readFileSync(`${file}.meta.json`, 'utf8')).toBe(before);
  });

  it('lists only k8sdoc snapshots, newest first, ignoring foreign files and metadata naming another file', async () => {
    const dir = scratch();
    for (const [name, at] of [['old.db', '2026-01-01T00:00:00Z'], ['new.db', '2026-03-01T00:00:00Z']] as const) {
      writeFileSync(path.join(dir, name), 'x');
      await writeMetadata(path.join(dir, name), meta(name, at), false);
    }
    writeFileSync(path.join(dir, 'foreign.db'), 'not ours');
    writeFileSync(path.join(dir, 'copied.db'), 'x');
    writeFileSync(path.join(dir, 'copied.db.meta.json'), JSON.stringify(meta('old.db', '2026-02-01T00:00:00Z')));
    writeFileSync(path.join(dir, 'other.db.meta.json'), JSON.stringify({ format: 'something-else', file: 'other.db' }));
    const listed = await listSnapshots(dir);
    expect(listed.map((s) => s.name)).toEqual(['new.db', 'old.db']);
    expect(await readMetadata(path.join(dir, 'foreign.db'))).toBeUndefined();
  });

  it('keeps the newest N when pruning', () => {
    const snaps = ['2026-01-01', '2026-01-03', '2026-01-02', '2026-01-04'].map((d) => ({ name: d, metadata: { createdAt: `${d}T00:00:00Z` } }));
    const { kept, pruned } = pruneSelection(snaps, 2);
    expect(kept.map((s) => s.name)).toEqual(['2026-01-04', '2026-01-03']);
    expect(pruned.map((s) => s.name)).toEqual(['2026-01-02', '2026-01-01']);
    expect(pruneSelection(snaps, 10).pruned).toEqual([]);
  });

  it('names snapshots by UTC time and refuses names that are paths or hidden', () => {
    expect(defaultSnapshotName(new Date('2026-01-02T03:04:05.678Z'))).toBe('etcd-snapshot-20260102T030405Z.db');
    expect(snapshotFileName('before-upgrade', new Date())).toBe('before-upgrade.db');
    expect(() => snapshotFileName('../x', new Date())).toThrow(/not a plain file name/);
    expect(() => snapshotFileName('.hidden', new Date())).toThrow(/not a plain file name/);
  });
});
