import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EtcdStatusReport } from '../../src/etcd/status.js';
import { ReportSchema } from '../../src/report/schema.js';
import type { Report } from '../../src/report/schema.js';
import { readState } from '../../src/embedded/cluster.js';
import { clusterPaths } from '../../src/embedded/paths.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { Node, Pod } from '../../src/kube/types.js';
import { client, clusterName, deleteRestrictedRole, eventually, k8sdoc, restrictedKubeconfig } from './harness.js';
import type { RunResult } from './harness.js';

/**
 * `--via-pod` against the embedded etcd: a pod in kube-system plays kubeadm's etcd static pod,
 * its container command carrying the real etcd's flags (client URL, PKI files), and kwok's
 * ClusterExec runs what is exec'd into its etcd container as a local process, so etcdctl reaches
 * the real member through apiserver → kwok exec.
 */
const NS = 'kube-system';
const VIEWER_NS = 'etcd-via-pod';

let kube: KubeClient;
let scratch: string;
let pod: string;
let endpoint: string;
let refusedWhileOff: RunResult;
let allowing: RunResult;

interface StatusRun {
  status: EtcdStatusReport;
}

async function status(args: string[]): Promise<EtcdStatusReport> {
  const run = await k8sdoc(['etcd', 'status', ...args, '-o', 'json']);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return (JSON.parse(run.stdout) as StatusRun).status;
}

beforeAll(async () => {
  kube = client();
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-via-pod-it-'));
  const paths = clusterPaths(clusterName(), { K8SDOC_STATE_DIR: inject('stateDir') });
  const state = readState(paths);
  if (!state?.binaries.etcd) throw new Error('the test cluster has no state');
  const [node] = (await kube.list<Node>(R.nodes, { labelSelector: 'type=kwok' })).map((n) => n.metadata.name).sort();
  if (!node) throw new Error('the test cluster has no kwok node');
  pod = `etcd-${node}`;
  endpoint = `https://127.0.0.1:${state.ports.etcdClient}`;
  const pki = (file: string): string => path.join(paths.etcdPki, file);
  // kubeadm's manifest, with the embedded etcd's binary, URLs and certificate paths
  await kube.create(
    R.pods,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: NS, labels: { component: 'etcd', tier: 'control-plane' }, annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': endpoint } },
      spec: {
        nodeName: node,
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        containers: [
          {
            name: 'etcd',
            image: 'registry.k8s.io/etcd:3.6.8-0',
            command: [
              state.binaries.etcd,
              `--advertise-client-urls=${endpoint}`,
              `--cert-file=${pki('server.crt')}`,
              '--client-cert-auth=true',
              `--data-dir=${paths.etcdData}`,
              `--key-file=${pki('server.key')}`,
              `--listen-client-urls=${endpoint}`,
              `--name=${clusterName()}-control-plane`,
              `--trusted-ca-file=${pki('ca.crt')}`,
            ],
          },
        ],
      },
    },
    NS,
  );
  await eventually(async () => (await kube.get<Pod>(R.pods, pod, NS)).status?.phase === 'Running', 60_000);
  // exec is off unless asked for: the same request is refused first, then allowed for this file
  refusedWhileOff = await k8sdoc(['etcd', 'status', '--via-pod', '-o', 'json']);
  allowing = await k8sdoc(['cluster', 'up', '--name', clusterName(), '--allow-exec']);
});

afterAll(async () => {
  await k8sdoc(['cluster', 'up', '--name', clusterName(), '--no-allow-exec']);
  await kube.delete(R.pods, pod, NS, { gracePeriodSeconds: 0 }).catch(() => undefined);
  await deleteRestrictedRole(kube, 'etcd-pod-reader', NS);
  await kube.delete(R.namespaces, VIEWER_NS).catch(() => undefined);
  kube.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('etcd --via-pod through the exec API (kwok runs the exec)', () => {
  it('is refused until the cluster is started with --allow-exec, which warns what it opens', () => {
    expect(refusedWhileOff.exitCode).not.toBe(0);
    expect(refusedWhileOff.stderr).toContain('--allow-exec');
    expect(allowing.exitCode).toBe(0);
    expect(allowing.stderr).toMatch(/exec is allowed on cluster .* without a credential/);
  });

  it('status reports the real member, as --embedded does', async () => {
    const before = await status(['--embedded', clusterName()]);
    const viaPod = await status(['--via-pod']);
    const after = await status(['--embedded', clusterName()]);
    expect(viaPod.source).toBe(`pod ${NS}/${pod}`);
    expect(viaPod.clusterId).toBe(before.clusterId);
    expect(viaPod.members).toEqual(before.members);
    expect(viaPod.alarms).toEqual([]);
    const [member] = viaPod.endpoints;
    const [reference] = before.endpoints;
    expect(viaPod.endpoints).toHaveLength(1);
    expect(member).toMatchObject({ endpoint, memberId: reference?.memberId, name: reference?.name, version: reference?.version, healthy: true, isLeader: true, leader: reference?.leader, raftTerm: reference?.raftTerm, errors: [] });
    // the apiserver writes all the time: the revision lies between the two direct reads
    expect(member?.revision).toBeGreaterThanOrEqual(reference?.revision ?? Infinity);
    expect(member?.revision).toBeLessThanOrEqual(after.endpoints[0]?.revision ?? 0);

    const named = await status(['--via-pod', pod]);
    expect(named.endpoints[0]?.memberId).toBe(reference?.memberId);
    const table = await k8sdoc(['etcd', 'status', '--via-pod', pod]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain(`via pod ${NS}/${pod}`);
  });

  it('alarm list and defrag work through the pod', async () => {
    const alarms = await k8sdoc(['etcd', 'alarm', 'list', '--via-pod']);
    expect(alarms).toMatchObject({ exitCode: 0, stdout: 'no alarm raised', stderr: '' });
    const json = await k8sdoc(['etcd', 'alarm', 'list', '--via-pod', pod, '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([]);
    const defrag = await k8sdoc(['etcd', 'defrag', '--via-pod', '--yes']);
    expect(defrag.exitCode).toBe(0);
    expect(defrag.stdout).toMatch(new RegExp(`^${endpoint.replaceAll('.', '\\.')}: \\S+ → \\S+$`));
  });

  it('a missing pod is exit 5, etcd refusing exit 3, no etcdctl in the pod exit 4, snapshot save through a pod exit 2, each in one line', async () => {
    const missing = await k8sdoc(['etcd', 'status', '--via-pod', 'etcd-no-such-node']);
    expect(missing.exitCode).toBe(5);
    expect(missing.stderr).toBe(`error: etcd pod "etcd-no-such-node" not found in namespace ${NS}. list them with \`k8sdoc get pods -n ${NS} -l component=etcd\``);
    // etcdctl's own failure comes back through the status channel as its exit code, then its stderr is read
    const refused = await k8sdoc(['etcd', 'alarm', 'list', '--via-pod', pod, '--endpoints', 'https://127.0.0.1:1', '--timeout', '5s']);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toBe('error: cannot list the etcd alarms: nothing answers at https://127.0.0.1:1 (connection refused). check that etcd runs and the endpoint is right (--endpoints https://HOST:2379)');
    const noTool = await k8sdoc(['etcd', 'alarm', 'list', '--via-pod', pod, '--etcdctl', '/no/such/etcdctl']);
    expect(noTool.exitCode).toBe(4);
    expect(noTool.stderr).toMatch(/^error: cannot run \/no\/such\/etcdctl in container etcd of pod kube-system\/etcd-\S+: .*no such file or directory\. check that the program exists in the container image$/);
    for (const args of [['--via-pod', pod, '--dir', scratch], ['--dir', scratch, '--via-pod']]) {
      const save = await k8sdoc(['etcd', 'snapshot', 'save', ...args]);
      expect(save.exitCode).toBe(2);
      expect(save.stderr.trim().split('\n')).toHaveLength(1);
      expect(save.stderr).toContain('--via-pod cannot save a snapshot');
    }
  });

  it('diagnose reads etcd through the pod named by K8SDOC_ETCD_VIA_POD', async () => {
    const etcdReport = async (value: string): Promise<Report> => {
      const run = await k8sdoc(['diagnose', '-A', '--checks', 'etcd', '--min-severity', 'info', '--fail-on', 'never', '-o', 'json'], { env: { K8SDOC_ETCD_VIA_POD: value } });
      return ReportSchema.parse(JSON.parse(run.stdout));
    };
    const through = await etcdReport(pod);
    expect(through.missing).toEqual([]);
    expect(through.skipped).toEqual([]);
    // a pod that is not there: the etcd checks are skipped, saying why, and the run goes on
    const absent = await etcdReport('etcd-no-such-node');
    expect(absent.missing.find((m) => m.input === 'etcd')?.reason).toMatch(/etcd-no-such-node/);
    expect(absent.skipped.map((c) => c.checkId)).toContain('etcd-leader');
  });

  it('a user who may read pods but not exec into them gets exit 6 naming pods/exec', async () => {
    await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: VIEWER_NS } });
    const file = await restrictedKubeconfig(kube, { name: 'etcd-pod-reader', serviceAccountNamespace: VIEWER_NS, roleNamespace: NS, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }], file: path.join(scratch, 'viewer.kubeconfig') });
    // RBAC caches settle within a moment: the pod list must be allowed before exec is tried
    await eventually(async () => (await k8sdoc(['get', 'pods', '-n', NS, '--kubeconfig', file])).exitCode === 0, 30_000);
    const denied = await k8sdoc(['etcd', 'status', '--via-pod', '--kubeconfig', file]);
    expect(denied.exitCode).toBe(6);
    expect(denied.stderr).toBe(`error: forbidden: you may not create pods/exec in namespace ${NS} (exec into pod ${NS}/${pod}). ask a cluster admin for the permission: verb create on resource pods/exec in namespace ${NS}`);
    const alarms = await k8sdoc(['etcd', 'alarm', 'list', '--via-pod', pod, '--kubeconfig', file]);
    expect(alarms.exitCode).toBe(6);
  });
});
