import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { advertiseAddress, waitHealthy } from '../embedded/cluster.js';
import { SERVICE_IP, componentSpec } from '../embedded/components.js';
import type { Component, ComponentContext, Ports } from '../embedded/components.js';
import { clusterPaths } from '../embedded/paths.js';
import type { ClusterPaths } from '../embedded/paths.js';
import { ensurePki, writeKubeconfig } from '../embedded/pki.js';
import { freePort, logTail, startSupervised, stopProcess } from '../embedded/process.js';
import { K8sdocError } from '../errors.js';
import type { EtcdConnection } from './connection.js';
import { lastErrorLine, runTool } from './etcdctl.js';

const MEMBER = 'restored';

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/**
 * A throwaway etcd (and optionally kube-apiserver) on a restored snapshot: a temporary folder
 * with its own kubeadm-style PKI, free ports on 127.0.0.1, the embedded control plane's command
 * lines. It shares nothing with any real cluster; destroy() stops it and deletes the folder.
 */
export class ThrowawayCluster {
  private readonly pids: number[] = [];

  private constructor(
    readonly root: string,
    readonly paths: ClusterPaths,
    readonly ctx: ComponentContext,
  ) {}

  static async create(): Promise<ThrowawayCluster> {
    const root = await mkdtemp(path.join(tmpdir(), 'k8sdoc-throwaway-'));
    const paths = clusterPaths(MEMBER, { K8SDOC_STATE_DIR: root });
    const ports: Ports = { etcdClient: 0, etcdPeer: 0, apiserver: 0, kwok: 0, dns: 0 };
    const taken = new Set<number>();
    for (const name of ['etcdClient', 'etcdPeer', 'apiserver'] as const) {
      let port = await freePort();
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      ports[name] = port;
    }
    const ctx: ComponentContext = { paths, ports, advertiseAddress: advertiseAddress(), nodeName: MEMBER, etcdQuotaBytes: 8 * 1024 ** 3, allowExec: false };
    return new ThrowawayCluster(root, paths, ctx);
  }

  get etcdEndpoint(): string {
    return `https://127.0.0.1:${this.ctx.ports.etcdClient}`;
  }

  /** A client connection with the throwaway PKI's healthcheck-client pair. */
  get etcdConnection(): EtcdConnection {
    const pki = this.paths.etcdPki;
    return { endpoints: [this.etcdEndpoint], cacert: path.join(pki, 'ca.crt'), cert: path.join(pki, 'healthcheck-client.crt'), key: path.join(pki, 'healthcheck-client.key'), source: 'throwaway etcd' };
  }

  /** Restores the snapshot into the data dir the throwaway etcd starts on. */
  async restore(etcdutl: string, snapshot: string, signal?: AbortSignal, skipHashCheck = false): Promise<void> {
    await mkdir(this.paths.root, { recursive: true, mode: 0o700 });
    const peer = `https://127.0.0.1:${this.ctx.ports.etcdPeer}`;
    const result = await runTool(etcdutl, ['snapshot', 'restore', snapshot, `--data-dir=${this.paths.etcdData}`, `--name=${MEMBER}`, `--initial-cluster=${MEMBER}=${peer}`, `--initial-advertise-peer-urls=${peer}`, ...(skipHashCheck ? ['--skip-hash-check'] : [])], { timeoutMs: 600_000, ...(signal ? { cancelSignal: signal } : {}) });
    if (result.exitCode !== 0) throw new K8sdocError('snapshot-corrupt', `etcdutl cannot restore ${snapshot}: ${lastErrorLine(result.stderr)}`, { exit: 'data', hint: 'this snapshot cannot bring a cluster back; use another one' });
  }

  private async start(component: Component, binary: string, signal?: AbortSignal): Promise<void> {
    await mkdir(this.paths.logs, { recursive: true, mode: 0o700 });
    const spec = componentSpec(component, this.ctx);
    const log = path.join(this.paths.logs, `${component}.log`);
    // tied to this k8sdoc: killed, even by SIGKILL, it takes them and the restored data with it
    const pid = startSupervised(binary, spec.args, log, { mode: 'tied', remove: [this.root] });
    this.pids.push(pid);
    try {
      await Promise.race([waitHealthy(component, pid, this.ctx, 90_000), aborted(signal)]);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new K8sdocError('throwaway-failed', `the throwaway ${component} on the restored data did not become healthy: ${logTail(log, 3).join(' | ') || (error as Error).message}`, { exit: 'data', hint: 'the snapshot restored but does not serve; rerun with --keep to inspect the folder' });
    }
  }

  async startEtcd(etcd: string, signal?: AbortSignal): Promise<void> {
    await ensurePki(this.paths, { advertiseAddress: this.ctx.advertiseAddress, serviceIP: SERVICE_IP, nodeName: MEMBER });
    await this.start('etcd', etcd, signal);
  }

  /** Starts kube-apiserver on the throwaway etcd; returns an admin kubeconfig for it. */
  async startApiserver(apiserver: string, signal?: AbortSignal): Promise<string> {
    await mkdir(this.paths.kubernetesDir, { recursive: true, mode: 0o700 });
    await writeKubeconfig(this.paths, `https://127.0.0.1:${this.ctx.ports.apiserver}`, { file: this.paths.kubeconfig, cn: 'kubernetes-admin', orgs: ['system:masters'] });
    await this.start('kube-apiserver', apiserver, signal);
    return this.paths.kubeconfig;
  }

  /** Stops the processes it started (only those: a client using its certificates is not ours to end), then deletes the folder. */
  async destroy(keep = false): Promise<void> {
    await Promise.all([...this.pids].reverse().map((pid) => stopProcess(pid, 3000)));
    if (!keep) await rm(this.root, { recursive: true, force: true });
  }
}
