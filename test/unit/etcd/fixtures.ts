import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { ToolResult } from '../../../src/etcd/etcdctl.js';
import { statusReport } from '../../../src/etcd/status.js';
import type { EtcdStatusReport } from '../../../src/etcd/status.js';

const DIR = path.resolve(import.meta.dirname, '../../../fixtures/etcd');

/** A recorded etcdctl/etcdutl output under fixtures/etcd. */
export function fixture(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

export function fixturePath(name: string): string {
  return path.join(DIR, name);
}

const ok = (stdout: string): ToolResult => ({ stdout, stderr: '', exitCode: 0 });

/** A status report as `etcd status` builds it from recorded runs. */
export function recordedReport(files: { members: string; status: string; statusStderr?: string; health: string; alarms: string }, quotaBytes?: number): EtcdStatusReport {
  const stderr = files.statusStderr ? fixture(files.statusStderr) : '';
  return statusReport(
    { memberList: fixture(files.members), status: { stdout: fixture(files.status), stderr, exitCode: stderr ? 1 : 0 }, health: ok(fixture(files.health)), alarms: ok(fixture(files.alarms)) },
    { source: 'test', quotaBytes, now: new Date('2026-11-22T03:00:00Z') },
  );
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch folder, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `k8sdoc-etcd-${prefix}-`));
  made.push(dir);
  return dir;
}
