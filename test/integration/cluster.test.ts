import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { promises as dns } from 'node:dns';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { readState } from '../../src/embedded/cluster.js';
import { clusterPaths } from '../../src/embedded/paths.js';
import { COMPONENT_SETS } from '../../src/embedded/versions.js';
import { R } from '../../src/kube/resources.js';
import type { Node } from '../../src/kube/types.js';
import { client, clusterName, k8sdoc, kubectl } from './harness.js';

function state() {
  const found = readState(clusterPaths(clusterName()));
  if (!found) throw new Error('no cluster state');
  return found;
}

/** Local addresses of the TCP sockets a process listens on, read from /proc. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && cols[9] && inodes.has(cols[9])) out.push(cols[1] ?? '');
    }
  }
  return out;
}

/** How each program prints its version. */
const VERSION_ARGS: Record<string, string[]> = { coredns: ['-version'], kubectl: ['version', '--client'], etcdctl: ['version'], etcdutl: ['version'] };

describe('embedded control plane', () => {
  it('runs every component healthy with all nodes Ready', async () => {
    const status = await k8sdoc(['cluster', 'status', '--name', clusterName(), '-o', 'json']);
    expect(status.exitCode).toBe(0);
    const parsed = JSON.parse(status.stdout) as { running: boolean; components: { component: string; healthy: boolean }[]; nodes: { ready: boolean }[] };
    expect(parsed.components.map((c) => [c.component, c.healthy])).toEqual([
      ['etcd', true],
      ['kube-apiserver', true],
      ['kube-controller-manager', true],
      ['kube-scheduler', true],
      ['kwok', true],
      ['coredns', true],
    ]);
    expect(parsed.nodes.filter((n) => n.ready).length).toBeGreaterThanOrEqual(3);
  });

  it('passes every /readyz check, as kubectl sees it', async () => {
    const result = await kubectl(['get', '--raw', '/readyz?verbose']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('readyz check passed');
    expect(result.stdout).not.toMatch(/\[-\]/);
  });

  it('reports a second `cluster up` as already running', async () => {
    const result = await k8sdoc(['cluster', 'up', '--name', clusterName()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('already running');
  });

  it('runs the pinned versions', async () => {
    for (const set of COMPONENT_SETS) {
      for (const binary of Object.keys(set.binaries)) {
        const file = cachedBinary(binary as never);
        expect(file, binary).toBeDefined();
        const args = VERSION_ARGS[binary] ?? ['--version'];
        const result = await execa(file ?? '', args, { reject: false });
        expect(`${result.stdout}${result.stderr}`, binary).toContain(set.version.replace(/^v/, ''));
      }
    }
    const kube = client();
    try {
      expect((await kube.version()).gitVersion).toBe(COMPONENT_SETS[0]?.version);
    } finally {
      kube.close();
    }
  });

  it('keeps the scheduler and controller-manager leader Leases renewed', async () => {
    const kube = client();
    try {
      for (const name of ['kube-scheduler', 'kube-controller-manager']) {
        const lease = await kube.get<{ metadata: { name: string }; spec: { holderIdentity?: string; renewTime?: string } }>(R.leases, name, 'kube-system');
        expect(lease.spec.holderIdentity).toBeTruthy();
        expect(Date.now() - Date.parse(lease.spec.renewTime ?? '')).toBeLessThan(30_000);
      }
    } finally {
      kube.close();
    }
  });

  it('fakes nodes with realistic capacity, labels, node info and renewed Leases', async () => {
    const kube = client();
    try {
      const nodes = await kube.list<Node>(R.nodes, { labelSelector: 'type=kwok' });
      const node = nodes.find((n) => n.metadata.name === 'kwok-node-0');
      expect(node?.status?.allocatable?.cpu).toBe('4');
      expect(node?.status?.nodeInfo?.kubeletVersion).toBe(COMPONENT_SETS[0]?.version);
      expect(node?.metadata.labels?.['topology.kubernetes.io/zone']).toBe('zone-a');
      const lease = await kube.get<{ metadata: { name: string }; spec: { renewTime?: string } }>(R.leases, 'kwok-node-0', 'kube-node-lease');
      expect(Date.now() - Date.parse(lease.spec.renewTime ?? '')).toBeLessThan(40_000);
    } finally {
      kube.close();
    }
  });

  it('has the kubeadm CoreDNS objects, and a real CoreDNS answering for the cluster domain', async () => {
    const kube = client();
    try {
      const svc = await kube.get<{ metadata: { name: string }; spec: { clusterIP: string } }>(R.services, 'kube-dns', 'kube-system');
      expect(svc.spec.clusterIP).toBe('10.96.0.10');
      const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
      resolver.setServers([`127.0.0.1:${state().ports.dns}`]);
      expect(await resolver.resolve4('kubernetes.default.svc.cluster.local')).toEqual(['10.96.0.1']);
      await expect(resolver.resolve4('no-such-service.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    } finally {
      kube.close();
    }
  });

  it('serves container logs through the apiserver from the fake kubelet', async () => {
    const pods = await kubectl(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'jsonpath={.items[0].metadata.name}']);
    const logs = await kubectl(['logs', '-n', 'kube-system', pods.stdout.trim()]);
    expect(logs.exitCode).toBe(0);
    expect(logs.stdout).toContain('listening on :8080');
  });

  it('writes a kubeadm-shaped PKI with private keys readable by the owner only', () => {
    const { pki, kubernetesDir } = clusterPaths(clusterName());
    for (const name of ['ca', 'apiserver', 'apiserver-kubelet-client', 'apiserver-etcd-client', 'front-proxy-ca', 'front-proxy-client', 'etcd/ca', 'etcd/server', 'etcd/peer', 'etcd/healthcheck-client']) {
      expect(statSync(path.join(pki, `${name}.crt`)).isFile(), name).toBe(true);
      expect(statSync(path.join(pki, `${name}.key`)).mode & 0o777, name).toBe(0o600);
    }
    expect(statSync(path.join(pki, 'sa.key')).mode & 0o777).toBe(0o600);
    for (const conf of ['admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf']) {
      expect(statSync(path.join(kubernetesDir, conf)).mode & 0o777, conf).toBe(0o600);
    }
  });

  it('listens on 127.0.0.1 only', () => {
    const current = state();
    for (const [component, info] of Object.entries(current.components)) {
      const addresses = listeningAddresses(info.pid);
      expect(addresses.length, component).toBeGreaterThan(0);
      // /proc/net/tcp writes 127.0.0.1 as 0100007F
      for (const address of addresses) expect(address.split(':')[0], `${component} ${address}`).toBe('0100007F');
    }
  });
});
