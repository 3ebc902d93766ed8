import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { clusterPaths } from '../../src/embedded/paths.js';
import { processesMentioning } from '../../src/embedded/process.js';
import type { BinaryName } from '../../src/embedded/versions.js';
import { k8sdoc } from './harness.js';

/** A second, throwaway cluster beside the shared one: these tests break it on purpose. */
const FAULTY = 'faulty';
const BINARIES: BinaryName[] = ['etcd', 'etcdctl', 'etcdutl', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'coredns'];

/** A --bin-dir with the real binaries, where `broken` is replaced by a program that fails at once. */
function binDir(broken?: BinaryName, missing?: BinaryName): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-bins-'));
  for (const name of BINARIES) {
    if (name === missing) continue;
    if (name === broken) {
      writeFileSync(path.join(dir, name), '#!/bin/sh\necho "fatal: cannot load TLS material: corrupt binary" >&2\nexit 1\n');
      chmodSync(path.join(dir, name), 0o755);
      continue;
    }
    symlinkSync(cachedBinary(name) ?? name, path.join(dir, name));
  }
  return dir;
}

afterAll(async () => {
  await k8sdoc(['cluster', 'down', '--name', FAULTY, '--purge']);
});

describe('embedded control plane faults', () => {
  it('a component that exits at start is named with its log tail, and nothing is left running', async () => {
    const result = await k8sdoc(['cluster', 'up', '--name', FAULTY, '--bin-dir', binDir('kube-apiserver')]);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/kube-apiserver exited during start: .*corrupt binary/);
    expect(result.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    // etcd had started before the apiserver died: it must be gone too
    expect(processesMentioning(clusterPaths(FAULTY).root)).toEqual([]);
  });

  it('status of that half-up cluster shows what is down with its log tail (exit 4)', async () => {
    const result = await k8sdoc(['cluster', 'status', '--name', FAULTY]);
    expect(result.exitCode).toBe(4);
    expect(result.stdout).toMatch(/kube-apiserver\s+down/);
    expect(result.stdout).toContain('corrupt binary');
  });

  it('down on a half-up cluster succeeds and leaves no process', async () => {
    const result = await k8sdoc(['cluster', 'down', '--name', FAULTY]);
    expect(result.exitCode).toBe(0);
    expect(processesMentioning(clusterPaths(FAULTY).root)).toEqual([]);
  });

  it('a binary missing from --bin-dir is named, exit 4', async () => {
    const result = await k8sdoc(['cluster', 'up', '--name', FAULTY, '--bin-dir', binDir(undefined, 'kwok')]);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/kwok is not an executable file in .*--bin-dir/);
  });

  it('a second `up` while one runs is refused by the lock, exit 4', async () => {
    const paths = clusterPaths(FAULTY);
    mkdirSync(paths.root, { recursive: true });
    // a live process holds the lock (this test's own pid)
    writeFileSync(paths.lockFile, String(process.pid));
    try {
      const result = await k8sdoc(['cluster', 'up', '--name', FAULTY]);
      expect(result.exitCode).toBe(4);
      expect(result.stderr).toMatch(new RegExp(`another k8sdoc \\(pid ${process.pid}\\) is starting or stopping cluster "${FAULTY}"`));
    } finally {
      await execa('rm', ['-f', paths.lockFile]);
    }
  });

  it('a lock left by a killed run and a stale state are cleaned up, and the cluster starts', async () => {
    const paths = clusterPaths(FAULTY);
    writeFileSync(paths.lockFile, '999999');
    const result = await k8sdoc(['cluster', 'up', '--name', FAULTY, '--nodes', '1']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`cluster "${FAULTY}" is up`);
    const down = await k8sdoc(['cluster', 'down', '--name', FAULTY]);
    expect(down.exitCode).toBe(0);
    expect(processesMentioning(paths.root)).toEqual([]);
  }, 180_000);

  it('an unknown component for logs is a usage error', async () => {
    const result = await k8sdoc(['cluster', 'logs', 'kube-proxy', '--name', FAULTY]);
    expect(result.exitCode).toBe(2);
  });
});
