import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { kubeconfig } from './harness.js';

describe('kubectl plugin', () => {
  it('runs as `kubectl doctor` once kubectl-doctor is on PATH', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-plugin-'));
    symlinkSync(path.resolve(import.meta.dirname, '../../bin/kubectl-doctor.js'), path.join(dir, 'kubectl-doctor'));
    const result = await execa(cachedBinary('kubectl') ?? 'kubectl', ['doctor', 'version'], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig(), NO_COLOR: '1' },
      reject: false,
    });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toMatch(/Client Version: k8sdoc \d+\.\d+\.\d+/);
    expect(result.stdout).toContain('Server Version: v1.36.3');
  });
});
