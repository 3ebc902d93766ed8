import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { promises as dns } from 'node:dns';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { readState } from '../../src/embedded/cluster.js';
import { clusterPaths, embeddedClientTls } from '../../src/embedded/paths.js';
import { probe } from '../../src/embedded/health.js';
import { resolve4OverTls } from '../../src/dns/dot.js';
import { COMPONENT_SETS } from '../../src/embedded/versions.js';
import { R } from '../../src/kube/resources.js';
import type { Node } from '../../src/kube/types.js';
import { client, clusterName, eventually, k8sdoc, kubectl } from './harness.js';

function state() {
  const found = readState(clusterPaths(clusterName()));
  if (!found) throw new Error('no cluster state');
  return found;
}

/** The pids of a process group: a component's supervisor leads one, with the program inside it. */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // the fields after the command name (which may hold spaces) start with state, ppid, pgrp
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface Listener {
  protocol: 'tcp' | 'udp';
  /** as /proc/net writes it: 0100007F:1F90 */
  local: string;
  port: number;
}

/** Every TCP socket listening and every UDP socket bound by these processes, read from /proc. */
function listeners(pids: number[]): Listener[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: Listener[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const table of [`/proc/net/${protocol}`, `/proc/net/${protocol}6`]) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        const listening = protocol === 'udp' || cols[3] === '0A';
        if (listening && cols[9] && inodes.has(cols[9])) out.push({ protocol, local: cols[1] ?? '', port: parseInt((cols[1] ?? ':0').split(':')[1] ?? '0', 16) });
      }
    }
  }
  return out;
}

type Answer = { refused: true; how: string } | { refused: false; how: string };

/** What an HTTP(S) GET without any credential gets: refused is a TLS or connection failure, or 400/401/403/404. */
async function anonymousGet(port: number, tls: boolean, urlPath: string): Promise<Answer> {
  const lib = tls ? https : http;
  return await new Promise((resolve) => {
    const req = lib.get({ host: '127.0.0.1', port, path: urlPath, timeout: 3000, ...(tls ? { rejectUnauthorized: false } : {}) }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve({ refused: [400, 401, 403, 404].includes(status), how: `HTTP ${status}` });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ refused: true, how: error.message }));
  });
}

/** A plain DNS question over UDP: refused when nothing answers in time. */
async function anonymousDns(port: number): Promise<Answer> {
  const resolver = new dns.Resolver({ timeout: 1500, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return resolver.resolve4('kubernetes.default.svc.cluster.local').then(
    (answers) => ({ refused: false, how: `answered ${answers.join(',')}` }),
    (error: { code?: string }) => ({ refused: true, how: error.code ?? 'error' }),
  );
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
      ['kubelet', true],
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
      // over TLS with the cluster's client certificate, as `k8sdoc dns check` asks it
      const server = `127.0.0.1:${state().ports.dns}`;
      const tls = embeddedClientTls(clusterPaths(clusterName()));
      expect(await resolve4OverTls(server, 'kubernetes.default.svc.cluster.local', tls, 2000)).toEqual(['10.96.0.1']);
      await expect(resolve4OverTls(server, 'no-such-service.default.svc.cluster.local', tls, 2000)).rejects.toMatchObject({ code: 'ENOTFOUND' });
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

  it('opens no port that answers without authentication', async () => {
    const current = state();
    const found = Object.entries(current.components).flatMap(([component, info]) => listeners(groupMembers(info.pid)).map((l) => ({ component, ...l })));
    // every port the plane needs is there, so the checks below cannot pass on an empty list
    const ports = current.ports;
    expect(found.map((l) => l.port).sort()).toEqual([ports.etcdClient, ports.etcdPeer, ports.apiserver, ports.kwok, ports.dns].sort());
    for (const socket of found) {
      const where = `${socket.component} ${socket.protocol} ${socket.port}`;
      // /proc/net writes 127.0.0.1 as 0100007F
      expect(socket.local.split(':')[0], where).toBe('0100007F');
      const answers = socket.protocol === 'udp'
        ? [await anonymousDns(socket.port)]
        : [
            await anonymousGet(socket.port, false, '/healthz'),
            ...(await Promise.all(['/healthz', '/version', '/metrics', '/api/v1/namespaces', '/containerLogs/kube-system/x/y', '/exec/kube-system/x/etcd?command=id'].map((p) => anonymousGet(socket.port, true, p)))),
            await anonymousDns(socket.port),
          ];
      for (const answer of answers) expect(answer, where).toMatchObject({ refused: true });
    }
    // the same requests with the apiserver's kubelet-client certificate get through: the probes can tell
    const tls = embeddedClientTls(clusterPaths(clusterName()));
    const authenticated = await probe(`https://127.0.0.1:${ports.kwok}/containerLogs/kube-system/x/y?tailLines=1`, tls);
    expect(authenticated?.status).toBe(200);
  });

  it('restarts a component that exits, with back-off, and shows the restart', async () => {
    const before = JSON.parse((await k8sdoc(['cluster', 'status', '--name', clusterName(), '-o', 'json'])).stdout) as { components: { component: string; pid: number; restarts: number }[] };
    const scheduler = before.components.find((c) => c.component === 'kube-scheduler');
    expect(scheduler?.pid).toBeGreaterThan(0);
    process.kill(scheduler?.pid ?? 0, 'SIGKILL');
    const after = await eventually(async () => {
      const status = await k8sdoc(['cluster', 'status', '--name', clusterName(), '-o', 'json']);
      const parsed = JSON.parse(status.stdout) as { components: { component: string; pid: number; restarts: number; healthy: boolean; lastExit?: { signal: string } }[] };
      const again = parsed.components.find((c) => c.component === 'kube-scheduler');
      return again?.healthy && again.pid !== scheduler?.pid ? again : undefined;
    }, 60_000, 500);
    expect(after.restarts).toBe((scheduler?.restarts ?? 0) + 1);
    expect(after.lastExit?.signal).toBe('SIGKILL');
    const text = await k8sdoc(['cluster', 'status', '--name', clusterName()]);
    expect(text.stdout).toMatch(/kube-scheduler\s+healthy\s+pid \d+\s+restarted \d+x, last exit SIGKILL/);
  });
});
