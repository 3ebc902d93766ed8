import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { ThrowawayCluster } from '../../src/etcd/throwaway.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { KubeObject, Node, Pod } from '../../src/kube/types.js';
import { client, clusterName, eventually, k8sdoc, kubeconfig } from './harness.js';

const NS = 'sop-it';
const LABEL = 'k8sdoc.io/sop-it';
const NODES = ['kwok-node-0', 'kwok-node-1'];
const ROOT = path.resolve(import.meta.dirname, '../..');

function runsDir(): string {
  return path.join(inject('stateDir'), 'sop-runs');
}

function runIds(): string[] {
  return existsSync(runsDir()) ? readdirSync(runsDir()).sort() : [];
}

interface Status {
  id: string;
  result: string;
  steps: { key: string; state: string }[];
}

async function status(id: string): Promise<Status> {
  const result = await k8sdoc(['sop', 'status', id, '-o', 'json']);
  return JSON.parse(result.stdout) as Status;
}

/** A Deployment and a PodDisruptionBudget with minAvailable over its pods. */
async function guardedDeployment(kube: KubeClient, name: string, replicas: number, minAvailable: number, podSpec: Record<string, unknown> = {}): Promise<void> {
  const labels = { app: name };
  const template = { metadata: { labels }, spec: { ...podSpec, containers: [{ name: 'app', image: `registry.example.com/${name}:1` }] } };
  await kube.create(R.deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS }, spec: { replicas, selector: { matchLabels: labels }, template } } as KubeObject, NS);
  await kube.create(R.poddisruptionbudgets, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: NS }, spec: { minAvailable, selector: { matchLabels: labels } } } as KubeObject, NS);
  await eventually(async () => (await kube.get<KubeObject & { status?: { currentHealthy?: number } }>(R.poddisruptionbudgets, name, NS)).status?.currentHealthy === replicas);
}

describe('k8sdoc sop on the embedded cluster', () => {
  let kube: KubeClient;
  let version: string;

  const clusterState = async (): Promise<string> => {
    const nodes = await kube.list<Node>(R.nodes);
    const pods = await kube.list<Pod>(R.pods, { namespace: NS });
    return JSON.stringify({
      nodes: nodes.map((n) => [n.metadata.name, n.spec?.unschedulable ?? false, n.spec?.taints ?? []]).sort(),
      pods: pods.map((p) => [p.metadata.name, p.spec.nodeName]).sort(),
    });
  };

  beforeAll(async () => {
    kube = client();
    const first = await kube.get<Node>(R.nodes, 'kwok-node-0');
    version = first.status?.nodeInfo?.kubeletVersion ?? '';
    for (const node of NODES) await kube.patch(R.nodes, node, { metadata: { labels: { [LABEL]: 'yes' } } });
    await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    // one pod may go at a time: the drain must wait for each replacement to be ready
    await guardedDeployment(kube, 'web', 3, 2);
  });

  afterAll(async () => {
    for (const node of NODES) await kube.patch(R.nodes, node, { metadata: { labels: { [LABEL]: null } }, spec: { unschedulable: null } }).catch(() => undefined);
    await kube.delete(R.namespaces, NS).catch(() => undefined);
    kube.close();
  });

  it('--dry-run says what each step would do and changes nothing', async () => {
    const before = await clusterState();
    const runsBefore = runIds();
    const result = await k8sdoc(['sop', 'run', 'node-upgrade', '-p', `version=${version}`, '-p', 'upgrade-command=echo upgrade {{node}}', '-p', `selector=${LABEL}=yes`, '--dry-run']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('nodes[kwok-node-0].drain: would drain node kwok-node-0 through the Eviction API');
    expect(result.stdout).toContain('nodes[kwok-node-1].upgrade: would run: sh -c "echo upgrade kwok-node-1"');
    expect(await clusterState()).toBe(before);
    expect(runIds()).toEqual(runsBefore);
  });

  it('drains through the Eviction API, survives a kill mid-run and resumes to completion, never running a step twice at once or silently again', async () => {
    const runsBefore = new Set(runIds());
    const child = execa('node', [path.join(ROOT, 'bin/run.js'), 'sop', 'run', 'node-upgrade', '-p', `version=${version}`, '-p', 'upgrade-command=sleep 4; echo upgraded {{node}}', '-p', `selector=${LABEL}=yes`], {
      env: { KUBECONFIG: kubeconfig(), K8SDOC_STATE_DIR: inject('stateDir'), NO_COLOR: '1', CI: 'true' },
      reject: false,
      stdin: 'ignore',
    });
    const id = await eventually(async () => runIds().find((r) => !runsBefore.has(r)));
    const journal = path.join(runsDir(), id, 'journal.jsonl');
    // kill it while the first node's upgrade command runs, after its drain
    // once the upgrade command's process group is journaled, so the kill cannot fall between its start and that record
    await eventually(async () => readFileSync(journal, 'utf8').split('\n').some((l) => l.includes('"type":"step-child"') && l.includes('"key":"nodes[kwok-node-0].upgrade"')), 90_000, 50);
    child.kill('SIGKILL');
    await child;
    const killed = await status(id);
    expect(killed.result).toBe('running-or-killed');
    expect(killed.steps.find((s) => s.key === 'nodes[kwok-node-0].drain')?.state).toBe('ok');
    expect(killed.steps.find((s) => s.key === 'nodes[kwok-node-0].upgrade')?.state).toBe('interrupted');
    expect((await kube.get<Node>(R.nodes, 'kwok-node-0')).spec?.unschedulable).toBe(true);

    // the upgrade command outlived the killed k8sdoc: a resume must not start a second one beside it
    const whileAlive = await k8sdoc(['sop', 'resume', id]);
    expect(whileAlive.exitCode).toBe(4);
    expect(whileAlive.stderr).toMatch(/step nodes\[kwok-node-0\]\.upgrade of run .* still runs as process group \d+, started by a k8sdoc that is gone/);
    const text = (await k8sdoc(['sop', 'status', id])).stdout;
    expect(text).toMatch(/cluster: https:\/\/127\.0\.0\.1:\d+ \(kube-system [0-9a-f-]{36}\)/);
    // once it ended, the step it ran in is not run again unless the user says so
    await eventually(async () => (await k8sdoc(['sop', 'resume', id])).exitCode === 2, 30_000, 500);
    const undecided = await k8sdoc(['sop', 'resume', id]);
    expect(undecided.stderr).toMatch(/step nodes\[kwok-node-0\]\.upgrade was in flight when run .* died.*--rerun-step .*--skip-step/);

    const resumed = await k8sdoc(['sop', 'resume', id, '--rerun-step'], { timeoutMs: 300_000 });
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('✔ nodes[kwok-node-0].upgrade');
    expect(resumed.stdout).not.toContain('nodes[kwok-node-0].drain');
    const done = await status(id);
    expect(done.result).toBe('succeeded');
    expect(done.steps.every((s) => s.state === 'ok')).toBe(true);
    for (const node of NODES) expect((await kube.get<Node>(R.nodes, node)).spec?.unschedulable ?? false).toBe(false);
    // pods left through evictions, and never more than one at a time below the budget
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; key?: string; output?: string[] });
    const drained = lines.filter((l) => l.type === 'step-end' && l.key?.endsWith('.drain')).flatMap((l) => l.output ?? []);
    expect(drained.some((l) => / evicted$/.test(l) && l.startsWith(`${NS}/web-`))).toBe(true);
  });

  it('honours a PodDisruptionBudget that allows no disruption: the drain retries, times out, and the node is rolled back', async () => {
    await kube.patch(R.nodes, 'kwok-node-0', { metadata: { labels: { [`${LABEL}-first`]: 'yes' } } });
    // pinned to the node and never allowed to leave it
    await guardedDeployment(kube, 'locked', 1, 1, { nodeName: 'kwok-node-0' });
    try {
      const result = await k8sdoc(['sop', 'run', 'node-upgrade', '-p', `version=${version}`, '-p', 'upgrade-command=true', '-p', `selector=${LABEL}-first=yes`, '-p', 'drain-timeout=12s'], { timeoutMs: 120_000 });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/✖ nodes\[kwok-node-0\]\.drain \([^)]*\): node kwok-node-0 was not drained within the timeout: sop-it\/locked-[a-z0-9-]+ \(PodDisruptionBudget locked/);
      expect(result.stdout).toContain('run rolled-back at nodes[kwok-node-0].drain');
      const id = runIds().at(-1) ?? '';
      expect(readFileSync(path.join(runsDir(), id, 'journal.jsonl'), 'utf8')).toMatch(/eviction refused, retrying: PodDisruptionBudget locked/);
      expect((await kube.get<Node>(R.nodes, 'kwok-node-0')).spec?.unschedulable ?? false).toBe(false);
      const locked = await kube.list<Pod>(R.pods, { namespace: NS, labelSelector: 'app=locked' });
      expect(locked.map((p) => p.spec.nodeName)).toEqual(['kwok-node-0']);
    } finally {
      await kube.delete(R.deployments, 'locked', NS).catch(() => undefined);
      await kube.delete(R.poddisruptionbudgets, 'locked', NS).catch(() => undefined);
      await kube.patch(R.nodes, 'kwok-node-0', { metadata: { labels: { [`${LABEL}-first`]: null } }, spec: { unschedulable: null } });
    }
  });

  it('rolls a node back to schedulable when the upgrade command fails', async () => {
    const result = await k8sdoc(['sop', 'run', 'node-upgrade', '-p', `version=${version}`, '-p', 'upgrade-command=echo broken kubelet >&2; exit 7', '-p', `selector=${LABEL}=yes`], { timeoutMs: 300_000 });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✖ nodes[kwok-node-0].upgrade');
    expect(result.stdout).toContain('sh exited with 7');
    expect(result.stdout).toContain('rollback of nodes[kwok-node-0].cordon');
    expect(result.stdout).toContain('run rolled-back at nodes[kwok-node-0].upgrade');
    expect((await kube.get<Node>(R.nodes, 'kwok-node-0')).spec?.unschedulable ?? false).toBe(false);
    const id = runIds().at(-1) ?? '';
    const journal = readFileSync(path.join(runsDir(), id, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('broken kubelet');
    expect((await status(id)).steps.find((s) => s.key === 'nodes[kwok-node-0].cordon')?.state).toBe('rolled-back');
  });

  it('pre-upgrade runs the plan checks and saves a verified etcd snapshot, 0600', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-sop-snap-'));
    try {
      const result = await k8sdoc(['sop', 'run', 'pre-upgrade', '-p', 'target=1.37', '-p', `snapshot-dir=${dir}`, '-p', `etcd-embedded=${clusterName()}`], { timeoutMs: 180_000 });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/✔ plan[\s\S]*✔ snapshot[\s\S]*run succeeded/);
      const snapshots = readdirSync(dir).filter((f) => f.endsWith('.db'));
      expect(snapshots).toHaveLength(1);
      expect(statSync(path.join(dir, snapshots[0] ?? '')).mode & 0o777).toBe(0o600);
      const id = runIds().at(-1) ?? '';
      expect(readFileSync(path.join(runsDir(), id, 'journal.jsonl'), 'utf8')).toMatch(/verified \(status\)/);
      // the plan gate now sees the backup
      const plan = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '--snapshot-dir', dir, '-o', 'json', '--fail-on', 'never']);
      const backup = (JSON.parse(plan.stdout) as { findings: { checkId: string; severity: string }[] }).findings.find((f) => f.checkId === 'upgrade-backup');
      expect(backup?.severity).toBe('info');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records the cluster a run acts on and refuses to resume it against another one', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'k8sdoc-sop-identity-'));
    const other = await ThrowawayCluster.create();
    try {
      const book = path.join(folder, 'fails.yaml');
      writeFileSync(book, 'name: fails\ndescription: a step that fails, so the run can be resumed\nsteps:\n  - id: boom\n    kind: exec\n    command: [sh, -c, "exit 3"]\n');
      const runsBefore = new Set(runIds());
      expect((await k8sdoc(['sop', 'run', book])).exitCode).toBe(1);
      const id = runIds().find((r) => !runsBefore.has(r)) ?? '';
      const recorded = JSON.parse(readFileSync(path.join(runsDir(), id, 'run.json'), 'utf8')) as { cluster: { server: string; kubeSystemUid: string } };
      const kubeSystem = await kube.get(R.namespaces, 'kube-system');
      expect(recorded.cluster).toEqual({ server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), kubeSystemUid: kubeSystem.metadata.uid });
      // a real second cluster: a throwaway etcd and kube-apiserver of their own
      await other.startEtcd(cachedBinary('etcd') ?? 'etcd');
      const otherKubeconfig = await other.startApiserver(cachedBinary('kube-apiserver') ?? 'kube-apiserver');
      const elsewhere = await k8sdoc(['sop', 'resume', id, '--kubeconfig', otherKubeconfig]);
      expect(elsewhere.exitCode).toBe(8);
      expect(elsewhere.stderr).toMatch(/run .* acted on https:\/\/127\.0\.0\.1:\d+ \(kube-system .*\), but the current kubeconfig points at https:\/\/127\.0\.0\.1:\d+ \(kube-system/);
      expect((await k8sdoc(['sop', 'resume', id])).exitCode).toBe(1);
    } finally {
      await other.destroy();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('etcd-restore verifies the snapshot before it stops anything, and restores with k8sdoc\'s own etcdutl into a staged folder', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'k8sdoc-sop-restore-'));
    try {
      const snapshots = path.join(folder, 'snapshots');
      expect((await k8sdoc(['etcd', 'snapshot', 'save', '--embedded', clusterName(), '--dir', snapshots, '--name', 'good'])).exitCode).toBe(0);
      const good = path.join(snapshots, 'good.db');
      const bad = path.join(snapshots, 'bad.db');
      const bytes = readFileSync(good);
      bytes[8192] = (bytes[8192] ?? 0) ^ 0xff;
      writeFileSync(bad, bytes);
      const stopped = path.join(folder, 'apiservers-stopped');
      const params = (snapshot: string, dataDir: string): string[] => [
        '-p', `snapshot=${snapshot}`, '-p', `data-dir=${dataDir}`, '-p', 'name=cp-0', '-p', 'initial-cluster=cp-0=https://127.0.0.1:2380', '-p', 'initial-advertise-peer-urls=https://127.0.0.1:2380',
        '-p', `stop-apiservers-command=touch ${stopped}`, '-p', 'switch-etcd-command=true',
        // stop the run here: the cluster under test is not really switched to the restored data
        '-p', 'start-apiservers-command=exit 9',
      ];
      // etcdutl is not on this PATH: only k8sdoc's resolution finds it
      const env = { PATH: path.dirname(process.execPath) + ':/usr/bin:/bin' };
      const corrupt = await k8sdoc(['sop', 'run', 'etcd-restore', ...params(bad, path.join(folder, 'from-bad')), '--yes'], { env });
      expect(corrupt.exitCode).toBe(1);
      expect(corrupt.stdout).toMatch(/✖ verify-snapshot .*is corrupt or altered/);
      expect(existsSync(stopped)).toBe(false);
      expect(existsSync(path.join(folder, 'from-bad'))).toBe(false);

      const restored = path.join(folder, 'restored');
      const run = await k8sdoc(['sop', 'run', 'etcd-restore', ...params(good, restored), '--yes'], { env });
      expect(run.stdout).toMatch(/✔ verify-snapshot[\s\S]*✔ stop-apiservers[\s\S]*✔ restore[\s\S]*✔ switch-etcd[\s\S]*✖ start-apiservers/);
      expect(existsSync(stopped)).toBe(true);
      expect(existsSync(path.join(restored, 'member', 'snap', 'db'))).toBe(true);
      expect(readdirSync(folder).filter((f) => f.includes('restoring'))).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lists the built-in runbooks and refuses a run that lacks a required parameter', async () => {
    const list = await k8sdoc(['sop', 'list']);
    expect(list.stdout).toMatch(/node-upgrade\s+built-in/);
    const missing = await k8sdoc(['sop', 'run', 'node-upgrade', '-p', 'version=1.36']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/needs --param upgrade-command=VALUE/);
  });
});
