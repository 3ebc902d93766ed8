import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { K8sdocError } from '../errors.js';
import { KubeClient } from '../kube/client.js';
import { resolveKubeConfig } from '../kube/config.js';
import { R } from '../kube/resources.js';
import type { KubeObject, Node } from '../kube/types.js';
import { applyAll, kubeadmAddons } from './addons.js';
import { resolveBinaries } from './binaries.js';
import type { ProvisionOptions } from './binaries.js';
import { CLUSTER_DOMAIN, COMPONENTS, LOCAL_SERVING, NODE_LEASE_SECONDS, PORT_NAMES, SERVICE_IP, activeComponents, componentSpec, hostCorefile } from './components.js';
import type { Component, ComponentContext, Ports } from './components.js';
import { probe } from './health.js';
import { fakeNode, kwokConfig } from './kwok.js';
import { clusterPaths, embeddedClientTls, processAlive } from './paths.js';
import type { ClusterPaths } from './paths.js';
import { ensurePki, issue, loadAuthority, writeKubeconfig } from './pki.js';
import { freePort, isRunning, portFree, logTail, processesMentioning, startSupervised, stopProcess, supervisedStatus } from './process.js';
import type { SupervisedStatus } from './supervise.js';
import { resolve4Tls } from '../dns/dot.js';
import { COMPONENT_SETS, KUBERNETES_VERSION } from './versions.js';
import type { BinaryName } from './versions.js';

export const DEFAULT_NODES = 3;
export const DEFAULT_ETCD_QUOTA = 2 * 1024 ** 3;
const NODE_ZONES = ['zone-a', 'zone-b', 'zone-c'];

export interface ClusterState {
  name: string;
  createdAt: string;
  startedAt: string;
  nodes: number;
  advertiseAddress: string;
  etcdQuotaBytes: number;
  ports: Ports;
  versions: Record<string, string>;
  binaries: Partial<Record<BinaryName, string>>;
  /** kwok serves exec into pods as local processes (`cluster up --allow-exec`) */
  allowExec: boolean;
  /** each component's supervisor (the pid signalled to stop its process group) */
  components: Partial<Record<Component, { pid: number; startedAt: string }>>;
}

export interface UpOptions {
  name: string;
  nodes: number;
  /** true/false switch kwok's exec serving on or off; undefined keeps what the cluster had (off when new) */
  allowExec?: boolean;
  provision: ProvisionOptions;
  onProgress: (message: string) => void;
}

export interface ComponentStatus {
  component: Component;
  /** the program's own pid (its supervisor's when it is waiting to be restarted) */
  pid: number | undefined;
  running: boolean;
  healthy: boolean;
  /** times its supervisor started it again after it exited */
  restarts: number;
  lastExit: SupervisedStatus['lastExit'];
  /** last log lines of a component that is down */
  logTail: string[];
}

export interface ClusterStatus {
  name: string;
  exists: boolean;
  running: boolean;
  state: ClusterState | undefined;
  components: ComponentStatus[];
  nodes: { name: string; ready: boolean }[];
  kubeconfig: string;
}

export function readState(paths: ClusterPaths): ClusterState | undefined {
  if (!existsSync(paths.stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

let saving: Promise<void> = Promise.resolve();

/** Saves are chained, so the last call always wins even when components start in parallel. */
async function saveState(paths: ClusterPaths, state: ClusterState): Promise<void> {
  const text = JSON.stringify(state, null, 2);
  saving = saving.then(async () => {
    const tmp = `${paths.stateFile}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, paths.stateFile);
  });
  await saving;
}

/** The host address the apiserver advertises: a non-loopback IPv4 of this machine (loopback is rejected). */
export function advertiseAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  // documentation range: never routed, only written into the `kubernetes` Endpoints
  return '192.0.2.1';
}

/** An exclusive lock on the cluster folder, so two `up`/`down` runs never interleave. */
async function lock(paths: ClusterPaths): Promise<() => Promise<void>> {
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(paths.lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(paths.lockFile, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(paths.lockFile, 'utf8').catch(() => '0'));
      if (processAlive(holder)) {
        throw new K8sdocError('cluster-locked', `another k8sdoc (pid ${holder}) is starting or stopping cluster "${paths.name}"`, { exit: 'precondition', hint: 'wait for it to finish, then run the command again' });
      }
      // left behind by a killed run
      await rm(paths.lockFile, { force: true });
    }
  }
  throw new K8sdocError('cluster-locked', `cannot lock ${paths.lockFile}`, { exit: 'precondition' });
}

function clientFor(paths: ClusterPaths, timeoutMs = 10_000): KubeClient {
  return new KubeClient(resolveKubeConfig({ kubeconfig: paths.kubeconfig, env: {} }), { timeoutMs, maxAttempts: 1 });
}

/** The status file a component's supervisor keeps (its pid, restarts, last exit). */
function statusFile(paths: ClusterPaths, component: Component): string {
  return path.join(paths.run, `${component}.status.json`);
}

/** True when a leader-election Lease in kube-system was renewed within its duration. */
async function leaseFresh(paths: ClusterPaths, name: string): Promise<boolean> {
  const client = clientFor(paths, 3000);
  try {
    const lease = await client.find<KubeObject & { spec?: { renewTime?: string; leaseDurationSeconds?: number } }>(R.leases, name, 'kube-system');
    const renewed = lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : 0;
    return Date.now() - renewed <= (lease?.spec?.leaseDurationSeconds ?? 15) * 1000;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/**
 * Whether a component answers its health check. `starting`: etcd counts as up even with a
 * NOSPACE alarm (it serves reads; the alarm is reported by status and the etcd checks).
 */
async function healthy(component: Component, ctx: ComponentContext, starting = false): Promise<boolean> {
  const health = componentSpec(component, ctx).health;
  switch (health.kind) {
    case 'process':
      return true;
    case 'lease':
      return await leaseFresh(ctx.paths, health.lease);
    case 'dns':
      // any answer, NXDOMAIN or REFUSED included, is a CoreDNS serving (the dns-broken scenario serves no cluster domain)
      return await resolve4Tls(health.server, `kubernetes.default.svc.${CLUSTER_DOMAIN}`, embeddedClientTls(ctx.paths), 2000).then(() => true, () => false);
    case 'http': {
      const url = starting && component === 'etcd' ? `${health.url}?exclude=NOSPACE` : health.url;
      const answer = await probe(url, health);
      return answer !== undefined && answer.status === 200 && answer.body.includes(health.expect ?? '');
    }
  }
}

function componentDied(component: Component, paths: ClusterPaths): K8sdocError {
  const tail = logTail(path.join(paths.logs, `${component}.log`), 6);
  return new K8sdocError('component-exited', `${component} exited during start: ${tail.join(' | ') || 'no log output'}`, {
    exit: 'precondition',
    hint: `see ${path.join(paths.logs, `${component}.log`)}; \`k8sdoc cluster down\` cleans up, then \`k8sdoc cluster up\` retries`,
  });
}

/** Waits until a started component answers its health check; throws when it exits or the time is up. */
export async function waitHealthy(component: Component, pid: number, ctx: ComponentContext, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // its supervisor would start it again, but a program that exits while starting is broken
    if (!isRunning(pid) || (supervisedStatus(statusFile(ctx.paths, component))?.restarts ?? 0) > 0) throw componentDied(component, ctx.paths);
    if (await healthy(component, ctx, true)) return;
    await sleep(100);
  }
  throw new K8sdocError('component-timeout', `${component} did not become healthy within ${timeoutMs / 1000}s`, {
    exit: 'precondition',
    hint: `see ${path.join(ctx.paths.logs, `${component}.log`)}`,
  });
}

async function startComponent(component: Component, ctx: ComponentContext, state: ClusterState, binaries: Record<BinaryName, string>): Promise<number> {
  const spec = componentSpec(component, ctx);
  const binary = spec.binary === 'node' ? process.execPath : binaries[spec.binary];
  const status = statusFile(ctx.paths, component);
  await rm(status, { force: true });
  const pid = startSupervised(binary, spec.args, path.join(ctx.paths.logs, `${component}.log`), { mode: 'restart', statusFile: status });
  state.components[component] = { pid, startedAt: new Date().toISOString() };
  await saveState(ctx.paths, state);
  return pid;
}

/** Writes the files the components read: PKI, kubeconfigs, kwok config, Corefile, pod log files. */
async function prepareFiles(ctx: ComponentContext, server: string): Promise<void> {
  const { paths } = ctx;
  await mkdir(paths.logs, { recursive: true, mode: 0o700 });
  await mkdir(paths.run, { recursive: true, mode: 0o700 });
  await ensurePki(paths, { advertiseAddress: ctx.advertiseAddress, serviceIP: SERVICE_IP, nodeName: ctx.nodeName });
  if (!existsSync(path.join(paths.pki, `${LOCAL_SERVING}.crt`))) {
    const ca = await loadAuthority(path.join(paths.pki, 'ca.crt'), path.join(paths.pki, 'ca.key'));
    const pair = await issue(ca, { cn: LOCAL_SERVING, usage: 'server', dns: ['localhost'], ips: ['127.0.0.1'] });
    await writeFile(path.join(paths.pki, `${LOCAL_SERVING}.crt`), pair.certPem, { mode: 0o644 });
    await writeFile(path.join(paths.pki, `${LOCAL_SERVING}.key`), pair.keyPem, { mode: 0o600 });
  }
  const users = [
    { file: 'admin.conf', cn: 'kubernetes-admin', orgs: ['system:masters'] },
    { file: 'super-admin.conf', cn: 'kubernetes-super-admin', orgs: ['system:masters'] },
    { file: 'controller-manager.conf', cn: 'system:kube-controller-manager' },
    { file: 'scheduler.conf', cn: 'system:kube-scheduler' },
    { file: 'kubelet.conf', cn: `system:node:${ctx.nodeName}`, orgs: ['system:nodes'] },
  ];
  await Promise.all(users.map((u) => writeKubeconfig(paths, server, { ...u, file: path.join(paths.kubernetesDir, u.file) })));
  const podLog = path.join(paths.run, 'container.log');
  const previousLog = path.join(paths.run, 'container-previous.log');
  // kwok serves these as the containers' logs; it reads the CRI log format a kubelet writes
  const cri = (lines: string[]): string => lines.map((line) => `${new Date().toISOString()} stdout F ${line}`).join('\n') + '\n';
  await writeFile(podLog, cri(['starting', 'listening on :8080']));
  await writeFile(
    previousLog,
    cri([
      'starting',
      'loading configuration from /etc/app/config.yaml',
      'connecting to database at db.payments.svc:5432',
      'error: dial tcp 10.96.12.7:5432: connect: connection refused',
      'fatal: cannot start without a database connection',
    ]),
  );
  await writeKwokConfig(ctx);
  await writeFile(paths.corefile, hostCorefile(paths, ctx.ports));
}

function writeKwokConfig(ctx: ComponentContext): Promise<void> {
  const run = (file: string): string => path.join(ctx.paths.run, file);
  return writeFile(ctx.paths.kwokConfig, kwokConfig({ nodeLeaseDurationSeconds: NODE_LEASE_SECONDS, logFile: run('container.log'), previousLogFile: run('container-previous.log'), kubeletPort: ctx.ports.kwok, allowExec: ctx.allowExec }));
}

/**
 * Free ports on 127.0.0.1, keeping a restarted cluster's previous ones where they are still
 * free: the kubeconfig's server address and the nodes' kubelet port then stay the same.
 */
async function pickPorts(previous: Ports | undefined): Promise<Ports> {
  const ports = {} as Ports;
  const taken = new Set<number>();
  for (const name of PORT_NAMES) {
    const before = previous?.[name];
    let port = before !== undefined && !taken.has(before) && (await portFree(before)) ? before : await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

export function contextOf(state: ClusterState, paths: ClusterPaths): ComponentContext {
  return { paths, ports: state.ports, advertiseAddress: state.advertiseAddress, nodeName: `${paths.name}-control-plane`, etcdQuotaBytes: state.etcdQuotaBytes, allowExec: state.allowExec };
}

async function createNodes(client: KubeClient, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client
        .create(R.nodes, fakeNode({ name: `kwok-node-${i}`, zone: NODE_ZONES[i % NODE_ZONES.length] ?? 'zone-a', kubeletVersion: KUBERNETES_VERSION, cpu: '4', memory: '16Gi', pods: '110' }))
        .catch((error: unknown) => {
          if ((error as { status?: number }).status !== 409) throw error;
        }),
    ),
  );
}

/** Nodes kept from an earlier run still name the old kubelet port: logs would dial nothing. */
async function pointNodesAtKwok(client: KubeClient, port: number): Promise<void> {
  const nodes = await client.list<Node>(R.nodes, { labelSelector: 'type=kwok' });
  await Promise.all(nodes.map((n) => client.patch(R.nodes, n.metadata.name, { status: { daemonEndpoints: { kubeletEndpoint: { Port: port } } } }, undefined, 'status')));
}

async function waitAddonsAvailable(client: KubeClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const coredns = await client.find(R.deployments, 'coredns', 'kube-system');
    const status = coredns?.status as { availableReplicas?: number; replicas?: number } | undefined;
    if (status?.availableReplicas && status.availableReplicas === status.replicas) return;
    await sleep(200);
  }
  throw new K8sdocError('addons-not-ready', `CoreDNS did not become available within ${timeoutMs / 1000}s`, { exit: 'precondition', hint: 'see `k8sdoc cluster logs kube-controller-manager` and `k8sdoc cluster logs kwok`' });
}

/** Waits until `count` kwok nodes report Ready. */
export async function waitNodesReady(client: KubeClient, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ready = 0;
  while (Date.now() < deadline) {
    const nodes = await client.list<Node>(R.nodes, { labelSelector: 'type=kwok' });
    ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= count) return;
    await sleep(200);
  }
  throw new K8sdocError('nodes-not-ready', `only ${ready} of ${count} nodes became Ready within ${timeoutMs / 1000}s`, { exit: 'precondition', hint: 'see the kwok log: `k8sdoc cluster logs kwok`' });
}

/** Stops every process of a cluster: the ones its state names, and any other that mentions its folder. */
async function stopAll(paths: ClusterPaths, state: ClusterState | undefined): Promise<void> {
  const pids = [...COMPONENTS].reverse().map((c) => state?.components[c]?.pid);
  await Promise.all(pids.map((pid) => stopProcess(pid, 1500)));
  // a half-up run may have started processes the state file never recorded
  await Promise.all(processesMentioning(paths.root).map((pid) => stopProcess(pid, 1000)));
}

/**
 * Starts the embedded control plane, or reports the one already running. Files (PKI, etcd
 * data) are kept across restarts; a stale state of a killed run is cleaned up first.
 */
export async function clusterUp(options: UpOptions): Promise<{ state: ClusterState; alreadyRunning: boolean }> {
  const paths = clusterPaths(options.name);
  const unlock = await lock(paths);
  try {
    const previous = readState(paths);
    if (previous) {
      const status = await clusterStatus(options.name);
      if (status.running) {
        if (options.allowExec !== undefined && options.allowExec !== Boolean(previous.allowExec)) await switchExec(previous, paths, options.allowExec);
        return { state: previous, alreadyRunning: true };
      }
      options.onProgress('cleaning up processes of an earlier run');
      await stopAll(paths, previous);
    }
    const binaries = await resolveBinaries(['etcd', 'etcdctl', 'etcdutl', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'coredns', 'kubectl'], {
      ...options.provision,
      onProgress: options.onProgress,
    });
    const ports = await pickPorts(previous?.ports);
    const now = new Date().toISOString();
    const state: ClusterState = {
      name: options.name,
      createdAt: previous?.createdAt ?? now,
      startedAt: now,
      nodes: options.nodes,
      advertiseAddress: advertiseAddress(),
      etcdQuotaBytes: DEFAULT_ETCD_QUOTA,
      ports,
      versions: Object.fromEntries(COMPONENT_SETS.map((s) => [s.name, s.version])),
      binaries,
      allowExec: options.allowExec ?? Boolean(previous?.allowExec),
      components: {},
    };
    const ctx = contextOf(state, paths);
    options.onProgress('writing certificates and kubeconfigs');
    await prepareFiles(ctx, `https://127.0.0.1:${ports.apiserver}`);
    await saveState(paths, state);
    try {
      for (const component of ['etcd', 'kube-apiserver'] as const) {
        options.onProgress(`starting ${component}`);
        const pid = await startComponent(component, ctx, state, binaries);
        await waitHealthy(component, pid, ctx, component === 'etcd' ? 20_000 : 60_000);
      }
      const rest = activeComponents(state.allowExec).filter((c) => c !== 'etcd' && c !== 'kube-apiserver');
      options.onProgress(`starting ${rest.join(', ')}`);
      const pids = await Promise.all(rest.map((c) => startComponent(c, ctx, state, binaries)));
      const client = clientFor(paths);
      try {
        await Promise.all([
          createNodes(client, options.nodes),
          applyAll(client, kubeadmAddons()),
          ...rest.map((c, i) => waitHealthy(c, pids[i] ?? 0, ctx, 60_000)),
        ]);
        options.onProgress(`waiting for ${options.nodes} nodes to be Ready`);
        await waitNodesReady(client, options.nodes, 60_000);
        if (previous && previous.ports.kwok !== ports.kwok) await pointNodesAtKwok(client, ports.kwok);
        // a fresh cluster is "up" when a diagnose finds nothing: cluster DNS must be serving
        await waitAddonsAvailable(client, 60_000);
      } finally {
        client.close();
      }
    } catch (error) {
      await stopAll(paths, state);
      throw error;
    }
    return { state, alreadyRunning: false };
  } finally {
    await unlock();
  }
}

/**
 * Switches kwok's exec serving on a running cluster: kwok restarts with or without its own
 * server on the kubelet port, and k8sdoc's kubelet server takes the port when exec is off.
 */
async function switchExec(state: ClusterState, paths: ClusterPaths, allowExec: boolean): Promise<void> {
  await Promise.all((['kwok', 'kubelet'] as const).map((c) => stopProcess(state.components[c]?.pid, 3000)));
  delete state.components.kubelet;
  state.allowExec = allowExec;
  const ctx = contextOf(state, paths);
  await writeKwokConfig(ctx);
  for (const component of activeComponents(allowExec).filter((c) => c === 'kwok' || c === 'kubelet')) {
    const pid = await startComponent(component, ctx, state, state.binaries as Record<BinaryName, string>);
    await waitHealthy(component, pid, ctx, 60_000);
  }
  await saveState(paths, state);
}

/** Stops every process of the cluster; --purge also deletes its folder (PKI, etcd data, logs). */
export async function clusterDown(name: string, purge: boolean): Promise<{ stopped: boolean; purged: boolean }> {
  const paths = clusterPaths(name);
  if (!existsSync(paths.root)) return { stopped: false, purged: false };
  const unlock = await lock(paths);
  try {
    const state = readState(paths);
    await stopAll(paths, state);
    if (state) {
      state.components = {};
      await saveState(paths, state);
    }
  } finally {
    await unlock();
  }
  if (purge) await rm(paths.root, { recursive: true, force: true });
  return { stopped: true, purged: purge };
}

export async function clusterStatus(name: string): Promise<ClusterStatus> {
  const paths = clusterPaths(name);
  const state = readState(paths);
  const base = { name, exists: existsSync(paths.root), state, kubeconfig: paths.kubeconfig };
  if (!state) return { ...base, running: false, components: [], nodes: [] };
  const ctx = contextOf(state, paths);
  const components = await Promise.all(
    activeComponents(Boolean(state.allowExec)).map(async (component): Promise<ComponentStatus> => {
      const supervisor = state.components[component]?.pid;
      const supervised = isRunning(supervisor) ? supervisedStatus(statusFile(paths, component)) : undefined;
      const running = supervised?.pid !== undefined && isRunning(supervised.pid);
      const ok = running && (await healthy(component, ctx));
      return {
        component,
        pid: supervised?.pid ?? supervisor,
        running,
        healthy: ok,
        restarts: supervised?.restarts ?? 0,
        lastExit: supervised?.lastExit,
        logTail: running ? [] : logTail(path.join(paths.logs, `${component}.log`), 5),
      };
    }),
  );
  let nodes: ClusterStatus['nodes'] = [];
  if (components.find((c) => c.component === 'kube-apiserver')?.healthy) {
    const client = clientFor(paths, 5000);
    try {
      nodes = (await client.list<Node>(R.nodes)).map((n) => ({ name: n.metadata.name, ready: Boolean(n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) }));
    } catch {
      nodes = [];
    } finally {
      client.close();
    }
  }
  return { ...base, running: components.every((c) => c.healthy), components, nodes };
}

export function componentLog(name: string, component: string): string {
  const paths = clusterPaths(name);
  if (!(COMPONENTS as readonly string[]).includes(component)) {
    throw new K8sdocError('usage', `unknown component "${component}"`, { exit: 'usage', hint: `one of: ${COMPONENTS.join(', ')}` });
  }
  const file = path.join(paths.logs, `${component}.log`);
  if (!existsSync(file)) throw new K8sdocError('not-found', `no log for ${component} in cluster "${name}"`, { exit: 'notFound', hint: 'has the cluster been started? `k8sdoc cluster up`' });
  return file;
}

/**
 * Stops one component and starts it again with the current state (a changed etcd quota, a
 * rewritten Corefile). By default it waits until the component is healthy; etcd with an alarm
 * raised never is until the alarm is disarmed, so that wait can be skipped.
 */
export async function restartComponent(name: string, component: Component, change?: (state: ClusterState) => void, waitForHealth = true): Promise<void> {
  const paths = clusterPaths(name);
  const state = readState(paths);
  if (!state) throw new K8sdocError('not-found', `cluster "${name}" is not running`, { exit: 'notFound', hint: 'start it with `k8sdoc cluster up`' });
  change?.(state);
  await stopProcess(state.components[component]?.pid, 3000);
  const ctx = contextOf(state, paths);
  const pid = await startComponent(component, ctx, state, state.binaries as Record<BinaryName, string>);
  if (waitForHealth) await waitHealthy(component, pid, ctx, 60_000);
}

/**
 * Starts again every component that is not running, as a kubelet restarts crashed static
 * pods (the controller-manager and scheduler exit when they lose their Lease to an etcd outage).
 */
export async function restartDead(name: string): Promise<Component[]> {
  const status = await clusterStatus(name);
  // a supervisor restarts what exits; one whose supervisor is gone too needs starting here
  const state = status.state;
  const dead = status.components.filter((c) => !isRunning(state?.components[c.component]?.pid)).map((c) => c.component);
  for (const component of dead) await restartComponent(name, component);
  return dead;
}
