import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveSnapshot } from '../../../src/etcd/snapshot/save.js';
import { verifySnapshot } from '../../../src/etcd/snapshot/verify.js';
import type { SaveOptions } from '../../../src/etcd/snapshot/save.js';
import { ExitCode, K8sdocError } from '../../../src/errors.js';
import { fixturePath, tempDir } from './fixtures.js';

const SMALL = fixturePath('small-snapshot.db');
const SMALL_SHA = 'ffafe470b4c9a1be4e508108d93d3d20ff581da24a20c89598e7e40a934f650a';

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * Stand-ins for etcdctl and etcdutl that behave as the real ones do on disk: `snapshot save T`
 * writes `T.part` in two bursts (so it is read while it grows), fsyncs and renames it to T.
 */
function fakeTools(source: string, opts: { statusFails?: boolean; saveFails?: boolean } = {}): Pick<SaveOptions, 'etcdctl' | 'etcdutl'> {
  const bin = tempDir('tools');
  const etcdctl = script(
    bin,
    'etcdctl',
    `for a in "$@"; do last="$a"; done
case "$*" in
  *"endpoint status"*) cat '${fixturePath('endpoint-status.json')}' ;;
  *"snapshot save"*)
    ${opts.saveFails ? `head -c 4096 '${source}' > "$last.part"; cat '${fixturePath('unreachable.stderr')}' >&2; exit 1` : ''}
    head -c 10000 '${source}' > "$last.part"; sleep 0.3
    tail -c +10001 '${source}' >> "$last.part"; sync "$last.part"; mv "$last.part" "$last" ;;
esac`,
  );
  const etcdutl = script(bin, 'etcdutl', opts.statusFails ? `echo 'Error: snapshot file integrity check failed. 1 errors found.' >&2; exit 1` : `cat '${fixturePath('snapshot-status.json')}'`);
  return { etcdctl, etcdutl };
}

function options(dir: string, tools: Pick<SaveOptions, 'etcdctl' | 'etcdutl'>, progress: number[] = []): SaveOptions {
  return {
    connection: { endpoints: ['https://127.0.0.1:2379'], source: 'test' },
    ...tools,
    dir,
    name: 'nightly',
    timeoutMs: 30_000,
    onProgress: (bytes) => progress.push(bytes),
  };
}

async function failure(run: Promise<unknown>): Promise<K8sdocError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(K8sdocError);
  return error as K8sdocError;
}

describe('snapshot save', () => {
  it('saves a 0600 copy of what etcd sent, with its sha256, size and etcdutl status in the metadata beside it', async () => {
    const dir = tempDir('save');
    const progress: number[] = [];
    const saved = await saveSnapshot(options(dir, fakeTools(SMALL), progress));
    expect(saved.file).toBe(path.join(dir, 'nightly.db'));
    expect(readFileSync(saved.file).equals(readFileSync(SMALL))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['nightly.db', 'nightly.db.meta.json']);
    expect(statSync(saved.file).mode & 0o777).toBe(0o600);
    expect(statSync(saved.metadataFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(saved.metadataFile, 'utf8'))).toEqual(saved.metadata);
    expect(saved.metadata).toMatchObject({ file: 'nightly.db', sha256: SMALL_SHA, size: 24608, revision: 51, totalKeys: 50, hash: 2031492384, etcdVersion: '3.6.8', verified: { level: 'status', ok: true } });
    expect(saved.metadata.clusterId).toMatch(/^[0-9a-f]+$/);
    expect(progress.at(-1)).toBe(24608);
  });

  it('refuses a stream whose content does not match the hash etcd appended (exit 7) and leaves nothing behind', async () => {
    const dir = tempDir('save');
    const damaged = path.join(tempDir('src'), 'damaged.db');
    const bytes = readFileSync(SMALL);
    bytes[8192] = (bytes[8192] ?? 0) ^ 0xff;
    writeFileSync(damaged, bytes);
    const error = await failure(saveSnapshot(options(dir, fakeTools(damaged))));
    expect(error.exitCode).toBe(ExitCode.data);
    expect(error.message).toMatch(/stream is damaged: its content does not match the sha256 etcd appended/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file etcdutl cannot read as a snapshot (exit 7) and leaves nothing behind', async () => {
    const dir = tempDir('save');
    const error = await failure(saveSnapshot(options(dir, fakeTools(SMALL, { statusFails: true }))));
    expect(error.exitCode).toBe(ExitCode.data);
    expect(error.message).toMatch(/is not a readable etcd snapshot: snapshot file integrity check failed/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says how much arrived when etcdctl fails mid-stream (exit 3), and removes the partial file', async () => {
    const dir = tempDir('save');
    const error = await failure(saveSnapshot(options(dir, fakeTools(SMALL, { saveFails: true }))));
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.message).toMatch(/^the snapshot was not saved \(\d+ bytes received, partial file removed\): cannot save a snapshot: nothing answers/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saves a snapshot that verifies, and that no longer verifies once a byte of it changed', async () => {
    const dir = tempDir('save');
    const tools = fakeTools(SMALL);
    const saved = await saveSnapshot(options(dir, tools));
    const good = await verifySnapshot(saved.file, { etcdutl: tools.etcdutl, record: false });
    expect(good.ok).toBe(true);
    const bytes = readFileSync(saved.file);
    bytes[4096] = (bytes[4096] ?? 0) ^ 0xff;
    writeFileSync(saved.file, bytes);
    const bad = await verifySnapshot(saved.file, { etcdutl: tools.etcdutl, record: false });
    expect(bad.ok).toBe(false);
    expect(bad.steps.filter((s) => s.ok === false).map((s) => s.name)).toEqual(['sha256', 'appended hash']);
  });
});
