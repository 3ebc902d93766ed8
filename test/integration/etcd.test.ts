import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillEtcd } from '../../scripts/bench-snapshot.js';
import { connectionArgs } from '../../src/etcd/etcdctl.js';
import type { SnapshotMetadata } from '../../src/etcd/snapshot/files.js';
import type { DrillReport } from '../../src/etcd/snapshot/drill.js';
import type { EtcdStatusReport } from '../../src/etcd/status.js';
import { ThrowawayCluster } from '../../src/etcd/throwaway.js';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { processesMentioning } from '../../src/embedded/process.js';
import type { Finding } from '../../src/engine/types.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import { applyScenario, client, clusterName, eventually, k8sdoc, kubeconfig, resetScenario } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAMESPACE = 'etcd-round-trip';
const CONFIGMAPS = 7;

let kube: KubeClient;
let scratch: string;
beforeAll(() => {
  kube = client();
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-etcd-it-'));
});
afterAll(async () => {
  await kube.delete(R.namespaces, NAMESPACE).catch(() => undefined);
  kube.close();
  rmSync(scratch, { recursive: true, force: true });
});

const embedded = (): string[] => ['--embedded', clusterName()];
const mode = (file: string): number => statSync(file).mode & 0o777;

/** Files a person (or a restore script) could take for a snapshot: anything not hidden that ends in .db. */
function snapshotLooking(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.db') || !f.startsWith('.')) : [];
}

describe('etcd status on the embedded etcd (TLS, client certificates)', () => {
  it('reports health with commit latency, version, sizes, leader and raft state of the member, and no finding', async () => {
    const run = await k8sdoc(['etcd', 'status', ...embedded(), '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const { status, findings } = JSON.parse(run.stdout) as { status: EtcdStatusReport; findings: Finding[] };
    expect(findings).toEqual([]);
    expect(status.members).toHaveLength(1);
    expect(status.alarms).toEqual([]);
    expect(status.quotaSource).toBe('etcd');
    const [member] = status.endpoints;
    expect(member).toMatchObject({ healthy: true, version: '3.6.8', isLeader: true, isLearner: false, name: `${clusterName()}-control-plane`, errors: [] });
    expect(member?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(member?.commitMs).toBeGreaterThan(0);
    expect(member?.dbSize).toBeGreaterThan(0);
    expect(member?.dbSizeInUse).toBeGreaterThan(0);
    expect(member?.raftTerm).toBeGreaterThan(0);
    expect(member?.raftIndex).toBeGreaterThan(0);
    expect(member?.memberId).toMatch(/^[0-9a-f]+$/);
    const table = await k8sdoc(['etcd', 'status', ...embedded()]);
    expect(table.stdout).toMatch(/ENDPOINT +NAME +ID +HEALTH +COMMIT +VERSION +DB SIZE +IN USE +FRAG +LEADER/);
    expect(table.stdout).toContain('alarms: none');
  });

  /** etcd status against the embedded member with these PKI files (relative to the cluster's pki/): one line, exit 3. */
  async function statusWith(cacert: string, cert: string, key: string): Promise<string> {
    const pki = path.join(path.dirname(kubeconfig()), 'pki');
    const status = JSON.parse((await k8sdoc(['etcd', 'status', ...embedded(), '-o', 'json'])).stdout) as { status: EtcdStatusReport };
    const endpoint = status.status.endpoints[0]?.endpoint ?? '';
    const run = await k8sdoc(['etcd', 'status', '--endpoints', endpoint, '--cacert', path.join(pki, cacert), '--cert', path.join(pki, cert), '--key', path.join(pki, key), '--timeout', '5s']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    return run.stderr;
  }

  it('refuses a client certificate etcd does not trust with a one-line error (exit 3)', async () => {
    // signed by the Kubernetes CA, not etcd's
    expect(await statusWith('etcd/ca.crt', 'apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key')).toMatch(/rejected the TLS connection.*healthcheck-client/);
  });

  it("says it is our --cacert that does not match when etcd's serving certificate does not verify (exit 3)", async () => {
    // the right client pair, but the front-proxy CA in place of etcd's
    const stderr = await statusWith('front-proxy-ca.crt', 'etcd/healthcheck-client.crt', 'etcd/healthcheck-client.key');
    expect(stderr).toMatch(/the serving certificate of etcd at .* does not verify against --cacert \(x509: certificate signed by unknown authority/);
    expect(stderr).not.toMatch(/rejected the TLS connection/);
  });

  it('a --dir it may not write into is exit 4 (a precondition), not 3 (etcd unreachable), and leaves nothing', async () => {
    const run = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', '/sys']);
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toMatch(/^error: (the snapshot was not saved: \/sys cannot be written|--dir \/sys cannot be written)/);
    expect(readdirSync('/sys').filter((f) => f.includes('etcd-snapshot'))).toEqual([]);
  });

  it('a disk that fills up mid-save: exit 4, the partial file removed, and the message says what is free, not "after 0 bytes"', async () => {
    // a 512 KiB tmpfs (CI runs as root): smaller than the cluster's etcd database
    const small = path.join(scratch, 'small-disk');
    mkdirSync(small);
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', small]);
    try {
      const run = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', small]);
      expect(run.exitCode).toBe(4);
      expect(run.stderr).toMatch(/^error: the snapshot was not saved: the disk of .*small-disk filled up \(\d+ bytes free now\); the partial file was removed/);
      expect(run.stderr).not.toMatch(/after 0 bytes/);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      await execa('umount', [small]);
    }
  });

  it('finds the NOSPACE alarm the etcd-nospace scenario raises', async () => {
    // the scenario restarts etcd with a 1 MiB quota: a fresh cluster's database can be smaller than
    // that, and then its trigger write fits; grow the file first (etcd never shrinks it without a defrag)
    await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'etcd-nospace-fill' } });
    for (let i = 0; i < 3; i++) {
      await kube.create(R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `fill-${i}`, namespace: 'etcd-nospace-fill' }, data: { fill: 'x'.repeat(400 * 1024) } }, 'etcd-nospace-fill');
    }
    await kube.delete(R.namespaces, 'etcd-nospace-fill');
    try {
      await applyScenario('etcd-nospace');
      const run = await k8sdoc(['etcd', 'status', ...embedded(), '-o', 'json']);
      expect(run.exitCode).toBe(1);
      const { status, findings } = JSON.parse(run.stdout) as { status: EtcdStatusReport; findings: Finding[] };
      expect(status.alarms.map((a) => a.alarm)).toEqual(['NOSPACE']);
      const alarm = findings.find((f) => f.checkId === 'etcd-alarm');
      expect(alarm).toMatchObject({ severity: 'error', object: { kind: 'EtcdMember', name: `${clusterName()}-control-plane` } });
      expect(alarm?.message).toMatch(/^etcd alarm NOSPACE raised/);
      const list = await k8sdoc(['etcd', 'alarm', 'list', ...embedded()]);
      expect(list.exitCode).toBe(1);
      expect(list.stdout).toMatch(/^NOSPACE on member [0-9a-f]+$/);
      const disarm = await k8sdoc(['etcd', 'alarm', 'disarm', ...embedded()]);
      expect(disarm.exitCode).toBe(2);
      expect(disarm.stderr).toMatch(/refusing without confirmation.*pass --yes/);
    } finally {
      await resetScenario('etcd-nospace');
    }
  }, 420_000);
});

describe('snapshot save → verify → list → prune → restore → drill', () => {
  let dir: string;
  let saved: { file: string; metadata: SnapshotMetadata };
  let configMapsAtSave: number;

  beforeAll(async () => {
    dir = path.join(scratch, 'snapshots');
    await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    for (let i = 0; i < CONFIGMAPS; i++) {
      await kube.create(R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${i}`, namespace: NAMESPACE }, data: { index: String(i) } }, NAMESPACE);
    }
    // the root CA publisher adds kube-root-ca.crt to every new namespace: wait, so counts are stable
    await eventually(async () => (await kube.list(R.configmaps, { namespace: NAMESPACE })).length === CONFIGMAPS + 1);
    configMapsAtSave = (await kube.list(R.configmaps)).length;
  });

  it('saves a 0600 snapshot with its metadata, and refuses to overwrite it (exit 8)', async () => {
    const run = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', dir, '--name', 'round-trip', '-o', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/snapshot: .* received/);
    saved = JSON.parse(run.stdout) as typeof saved;
    expect(saved.file).toBe(path.join(dir, 'round-trip.db'));
    expect(mode(saved.file)).toBe(0o600);
    expect(mode(`${saved.file}.meta.json`)).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['round-trip.db', 'round-trip.db.meta.json']);
    expect(saved.metadata).toMatchObject({ file: 'round-trip.db', etcdVersion: '3.6.8', kubernetesVersion: 'v1.36.3', size: statSync(saved.file).size });
    expect(saved.metadata.revision).toBeGreaterThan(0);
    expect(saved.metadata.totalKeys).toBeGreaterThan(CONFIGMAPS);
    expect(saved.metadata.clusterId).toMatch(/^[0-9a-f]+$/);
    const sha = await execa('sha256sum', [saved.file]);
    expect(sha.stdout.split(' ')[0]).toBe(saved.metadata.sha256);
    const again = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', dir, '--name', 'round-trip']);
    expect(again.exitCode).toBe(8);
    expect(again.stderr).toMatch(/already exists; k8sdoc never overwrites a snapshot/);
    expect(statSync(saved.file).size).toBe(saved.metadata.size);
  });

  it('verifies it, also by restoring it into a throwaway etcd that serves the same revision and keys', async () => {
    const run = await k8sdoc(['etcd', 'snapshot', 'verify', saved.file, '--restore-test']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('verified:');
    expect(run.stdout).toMatch(new RegExp(`ok +restore test: a throwaway etcd on the restored data served revision ${saved.metadata.revision}, ${saved.metadata.totalKeys} keys`));
  });

  it('lists and prunes: newest kept, older k8sdoc snapshots deleted only with --yes, foreign files never', async () => {
    await sleep(1100);
    const second = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', dir, '--name', 'newer']);
    expect(second.exitCode).toBe(0);
    writeFileSync(path.join(dir, 'not-ours.db'), 'someone else\'s file');
    const list = await k8sdoc(['etcd', 'snapshot', 'list', '--dir', dir, '-o', 'json']);
    const listed = JSON.parse(list.stdout) as (SnapshotMetadata & { name: string })[];
    expect(listed.map((s) => s.name)).toEqual(['newer.db', 'round-trip.db']);
    expect(listed[1]?.verified).toMatchObject({ level: 'restore-test', ok: true });
    const table = await k8sdoc(['etcd', 'snapshot', 'list', '--dir', dir]);
    expect(table.stdout).toMatch(/NAME +CREATED +AGE +SIZE +REVISION +KEYS +KUBERNETES +VERIFIED/);
    expect(table.stdout).toMatch(/round-trip\.db .* restore-tested/);
    // keep the round-trip snapshot for the restore below: prune a copy of the folder
    const copy = path.join(scratch, 'prune');
    mkdirSync(copy);
    for (const f of readdirSync(dir)) writeFileSync(path.join(copy, f), readFileSync(path.join(dir, f)));
    const dry = await k8sdoc(['etcd', 'snapshot', 'prune', '--keep', '1', '--dir', copy]);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toMatch(/would delete round-trip\.db/);
    expect(readdirSync(copy)).toContain('round-trip.db');
    const pruned = await k8sdoc(['etcd', 'snapshot', 'prune', '--keep', '1', '--dir', copy, '--yes']);
    expect(pruned.exitCode).toBe(0);
    expect(readdirSync(copy).sort()).toEqual(['newer.db', 'newer.db.meta.json', 'not-ours.db']);
  });

  it('restores into a new data dir, with the next steps and the data-loss window', async () => {
    const target = path.join(scratch, 'restored-data');
    const run = await k8sdoc(['etcd', 'snapshot', 'restore', saved.file, '--data-dir', target, '--name', 'cp-1', '--initial-cluster', 'cp-1=https://127.0.0.1:2380', '--initial-advertise-peer-urls', 'https://127.0.0.1:2380']);
    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(target, 'member', 'snap', 'db'))).toBe(true);
    expect(run.stdout).toContain(`data-loss window: every write between ${saved.metadata.createdAt} (the snapshot) and now`);
    expect(run.stdout).toMatch(/stop the apiservers first[\s\S]*etcd\.yaml[\s\S]*k8sdoc etcd status/);
    expect(readdirSync(scratch).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('refuses to restore into an existing data dir and leaves it untouched (exit 8)', async () => {
    const existing = path.join(scratch, 'existing-data');
    mkdirSync(existing);
    writeFileSync(path.join(existing, 'keep-me'), 'old member data');
    const run = await k8sdoc(['etcd', 'snapshot', 'restore', saved.file, '--data-dir', existing]);
    expect(run.exitCode).toBe(8);
    expect(run.stderr).toMatch(/already exists; k8sdoc restores only into a new folder/);
    expect(readdirSync(existing)).toEqual(['keep-me']);
    expect(readFileSync(path.join(existing, 'keep-me'), 'utf8')).toBe('old member data');
  });

  it('a drill killed with SIGKILL leaves no throwaway etcd or apiserver running and no restored data behind', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('k8sdoc-throwaway-')));
    const child = execa('node', [path.join(ROOT, 'bin/run.js'), 'etcd', 'snapshot', 'drill', saved.file], { reject: false, env: { NO_COLOR: '1' } });
    let folder = '';
    await eventually(async () => {
      folder = readdirSync(tmpdir()).find((f) => f.startsWith('k8sdoc-throwaway-') && !before.has(f)) ?? '';
      return folder !== '' && processesMentioning(path.join(tmpdir(), folder)).length >= 2;
    }, 60_000, 50);
    child.kill('SIGKILL');
    await child;
    await eventually(async () => processesMentioning(path.join(tmpdir(), folder)).length === 0 && !existsSync(path.join(tmpdir(), folder)), 20_000, 100);
  });

  it('drills it: a throwaway etcd and apiserver serve what was created before the snapshot, then are gone', async () => {
    const run = await k8sdoc(['etcd', 'snapshot', 'drill', saved.file, '-o', 'json'], { timeoutMs: 240_000 });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as DrillReport;
    expect(report).toMatchObject({ usable: true, readyz: true, serverVersion: 'v1.36.3', failedKinds: [] });
    expect(report.namespaces).toContain(NAMESPACE);
    expect(report.nodes).toEqual(['kwok-node-0', 'kwok-node-1', 'kwok-node-2']);
    expect(report.counts.find((c) => c.resource === 'configmaps')?.count).toBe(configMapsAtSave);
    expect(report.counts.find((c) => c.resource === 'namespaces')?.count).toBe(report.namespaces.length);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('k8sdoc-throwaway-'))).toEqual([]);
  });
});

describe('a corrupted snapshot', () => {
  it('fails verify and restore with a clear error (exit 7), and restore creates nothing', async () => {
    const dir = path.join(scratch, 'corrupt');
    const save = await k8sdoc(['etcd', 'snapshot', 'save', ...embedded(), '--dir', dir, '--name', 'flipped']);
    expect(save.exitCode).toBe(0);
    const file = path.join(dir, 'flipped.db');
    const bytes = readFileSync(file);
    for (const at of [4096, 8192, Math.floor(bytes.length / 2)]) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const verify = await k8sdoc(['etcd', 'snapshot', 'verify', file]);
    expect(verify.exitCode).toBe(7);
    expect(verify.stdout).toMatch(/^CORRUPT: /);
    expect(verify.stderr).toMatch(/flipped\.db is corrupt or altered \(sha256: .* differs from .* recorded at save/);
    const target = path.join(scratch, 'from-corrupt');
    const restore = await k8sdoc(['etcd', 'snapshot', 'restore', file, '--data-dir', target]);
    expect(restore.exitCode).toBe(7);
    expect(restore.stderr).toMatch(/is corrupt or altered.*do not restore it/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('nothing vouches for a snapshot on what was recorded at save time', () => {
  let dir: string;
  const saveNamed = async (folder: string, name: string, extra: string[] = embedded()): Promise<void> => {
    const run = await k8sdoc(['etcd', 'snapshot', 'save', ...extra, '--dir', folder, '--name', name]);
    expect(run.exitCode, run.stderr).toBe(0);
    await sleep(1100);
  };
  const flipByte = (file: string): void => {
    const bytes = readFileSync(file);
    bytes[8192] = (bytes[8192] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);
  };
  const gate = async (folder: string): Promise<Finding | undefined> => {
    const run = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '--snapshot-dir', folder, '-o', 'json']);
    return (JSON.parse(run.stdout) as { findings: Finding[] }).findings.find((f) => f.checkId === 'upgrade-backup');
  };

  beforeAll(async () => {
    dir = path.join(scratch, 'trust');
    for (const name of ['oldest', 'middle', 'newest']) await saveNamed(dir, name);
    // one flipped byte after save, whose verification the metadata still records as passed
    flipByte(path.join(dir, 'newest.db'));
    // a hand-written metadata file naming a file that is not a snapshot
    writeFileSync(path.join(dir, 'precious.txt'), 'not a snapshot');
    const forged: Partial<SnapshotMetadata> = { format: 'k8sdoc.etcd-snapshot/v1', file: 'precious.txt', createdAt: '2020-01-01T00:00:00Z', sha256: '0'.repeat(64), size: 14, revision: 1, totalKeys: 1, hash: 1, endpoint: 'x' };
    writeFileSync(path.join(dir, 'precious.txt.meta.json'), JSON.stringify(forged));
  });

  it('list re-reads each file and shows an altered one as ALTERED, whatever its recorded verification', async () => {
    const json = JSON.parse((await k8sdoc(['etcd', 'snapshot', 'list', '--dir', dir, '-o', 'json'])).stdout) as { name: string; intact: boolean; verified?: { ok: boolean } }[];
    expect(json.find((s) => s.name === 'newest.db')).toMatchObject({ intact: false, verified: { ok: true } });
    expect(json.filter((s) => s.intact).map((s) => s.name)).toEqual(['middle.db', 'oldest.db']);
    const table = (await k8sdoc(['etcd', 'snapshot', 'list', '--dir', dir])).stdout;
    expect(table).toMatch(/newest\.db .* ALTERED: sha256 .* differs from .* recorded at save/);
  });

  it('the upgrade gate passes over the altered snapshot and vouches for the newest intact one of this cluster', async () => {
    const finding = await gate(dir);
    expect(finding).toMatchObject({ severity: 'info', message: expect.stringMatching(/a verified etcd snapshot of this cluster \(Kubernetes v1\.36\.3\)/) });
    expect(finding?.evidence.join('\n')).toMatch(/newest intact: .*middle\.db/);
    expect(finding?.evidence.join('\n')).toMatch(/passed over, does not match its metadata: .*newest\.db/);
  });

  it('prune keeps the newest intact snapshot, never counts or deletes the altered one, and never deletes a file a forged metadata names', async () => {
    const run = await k8sdoc(['etcd', 'snapshot', 'prune', '--keep', '1', '--dir', dir, '--yes']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/keep +middle\.db/);
    expect(run.stdout).toMatch(/deleted oldest\.db/);
    expect(run.stdout).toMatch(/left in place, not counted: newest\.db does not match its metadata/);
    expect(run.stdout).toMatch(/left in place, not counted: precious\.txt does not match its metadata/);
    expect(readdirSync(dir).sort()).toEqual(['middle.db', 'middle.db.meta.json', 'newest.db', 'newest.db.meta.json', 'precious.txt', 'precious.txt.meta.json']);
  });

  it("the gate refuses a verified snapshot of another etcd cluster", async () => {
    const other = await ThrowawayCluster.create();
    try {
      await other.startEtcd(cachedBinary('etcd') ?? 'etcd');
      const { cacert, cert, key } = other.etcdConnection;
      const foreign = path.join(scratch, 'foreign');
      await saveNamed(foreign, 'elsewhere', ['--endpoints', other.etcdEndpoint, '--cacert', cacert ?? '', '--cert', cert ?? '', '--key', key ?? '']);
      const finding = await gate(foreign);
      expect(finding).toMatchObject({ severity: 'error', message: expect.stringMatching(/is of etcd cluster [0-9a-f]+, not this cluster's [0-9a-f]+/) });
    } finally {
      await other.destroy();
    }
  });

  it('verify and restore agree on a db without the hash etcd appends: both refuse it, both accept it with --skip-hash-check', async () => {
    const bare = path.join(scratch, 'bare.db');
    const source = readFileSync(path.join(dir, 'middle.db'));
    writeFileSync(bare, source.subarray(0, source.length - 32));
    const verify = await k8sdoc(['etcd', 'snapshot', 'verify', bare]);
    expect(verify.exitCode).toBe(7);
    expect(verify.stderr).toMatch(/appended hash: no sha256 appended by etcd .* pass --skip-hash-check/);
    const restore = await k8sdoc(['etcd', 'snapshot', 'restore', bare, '--data-dir', path.join(scratch, 'bare-restored')]);
    expect(restore.exitCode).toBe(7);
    expect(existsSync(path.join(scratch, 'bare-restored'))).toBe(false);
    const verifySkip = await k8sdoc(['etcd', 'snapshot', 'verify', bare, '--skip-hash-check']);
    expect(verifySkip.exitCode, verifySkip.stderr).toBe(0);
    const restoreSkip = await k8sdoc(['etcd', 'snapshot', 'restore', bare, '--data-dir', path.join(scratch, 'bare-restored'), '--skip-hash-check']);
    expect(restoreSkip.exitCode, restoreSkip.stderr).toBe(0);
    expect(existsSync(path.join(scratch, 'bare-restored', 'member', 'snap', 'db'))).toBe(true);
  });
});

describe('an interrupted save leaves no snapshot-looking file', () => {
  let throwaway: ThrowawayCluster;
  beforeAll(async () => {
    // a database big enough that a save takes a while, on an etcd of our own: never the shared cluster's
    throwaway = await ThrowawayCluster.create();
    await throwaway.startEtcd(cachedBinary('etcd') ?? 'etcd');
    await fillEtcd(throwaway.etcdConnection, 60);
  }, 240_000);
  afterAll(() => throwaway.destroy(), 60_000);

  /** Starts a save and resolves once its temporary file exists, with the running process. */
  async function startSave(dir: string): Promise<{ child: ResultPromise }> {
    const child = execa('node', [path.join(ROOT, 'bin/run.js'), 'etcd', 'snapshot', 'save', ...connectionArgs(throwaway.etcdConnection), '--dir', dir, '--name', 'interrupted', '--stall-timeout', '5s'], { reject: false, env: { NO_COLOR: '1' } });
    await eventually(async () => (existsSync(dir) && readdirSync(dir).some((f) => f.includes('.partial-'))) || child.exitCode !== null, 60_000, 5);
    // wrapped: a returned promise would be awaited, i.e. the save waited for to the end
    return { child };
  }

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('on %s (SIGHUP: a closed terminal): exit 130, the partial file removed, the error says so', async (signal) => {
    const dir = path.join(scratch, signal.toLowerCase());
    const { child } = await startSave(dir);
    expect(child.exitCode).toBeNull();
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toMatch(new RegExp(`stopped by ${signal}`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('after SIGKILL: list names the partial file a dead k8sdoc left, and prune stops what still writes it and removes it', async () => {
    const dir = path.join(scratch, 'sigkill');
    const { child } = await startSave(dir);
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    await child;
    const partials = readdirSync(dir).filter((f) => f.includes('.partial-'));
    expect(partials.length).toBeGreaterThan(0);
    const list = await k8sdoc(['etcd', 'snapshot', 'list', '--dir', dir]);
    expect(list.exitCode).toBe(0);
    expect(list.stderr).toMatch(new RegExp(`warning: stale \\.interrupted\\.db\\.partial-${child.pid}(\\.part)? .*a partial save left by k8sdoc pid ${child.pid}, which is gone`));
    const dry = await k8sdoc(['etcd', 'snapshot', 'prune', '--keep', '1', '--dir', dir]);
    expect(dry.stdout).toMatch(/would remove \.interrupted\.db\.partial-/);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-')).length).toBeGreaterThan(0);
    const pruned = await k8sdoc(['etcd', 'snapshot', 'prune', '--keep', '1', '--dir', dir, '--yes']);
    expect(pruned.stdout).toMatch(/removed \.interrupted\.db\.partial-/);
    // nothing writes into the folder any more, and nothing is left in it
    expect(processesMentioning(path.join(dir, `.interrupted.db.partial-${child.pid}`))).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('when etcd goes away mid-save: exit 3, the partial file removed, the error says what happened', async () => {
    const dir = path.join(scratch, 'etcd-down');
    const { child } = await startSave(dir);
    expect(child.exitCode).toBeNull();
    // a crash, not a shutdown: etcd stopping gracefully would finish the stream first
    const etcdBinary = cachedBinary('etcd') ?? 'etcd';
    for (const pid of processesMentioning(throwaway.root)) {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(`${etcdBinary}\0`)) process.kill(pid, 'SIGKILL');
    }
    const result = await child;
    expect(result.exitCode).toBe(3);
    // etcd may vanish before or during the stream: either way the save stops and says so
    expect(String(result.stderr)).toMatch(/the snapshot was not saved \(\d+ bytes received, partial file removed\): (etcd at \S+ sent nothing for 5s; is it down\?|cannot save a snapshot)/);
    expect(snapshotLooking(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});
