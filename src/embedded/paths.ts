import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';

export const DEFAULT_CLUSTER = 'default';

/** The folder of the installed k8sdoc package (where go/, sops/, dist/ and package.json live). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the k8sdoc package root');
    dir = up;
  }
  return dir;
}

/** A script k8sdoc runs as a process of its own (the supervisor, the kubelet server): always the built one. */
export function builtScript(name: string): string {
  return path.join(packageRoot(), 'dist', 'src', 'embedded', `${name}.js`);
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? homedir();
}

/** Where downloaded or built binaries are kept between runs. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.K8SDOC_CACHE_DIR) return env.K8SDOC_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME ?? path.join(home(env), '.cache'), 'k8sdoc');
}

/** Where embedded clusters keep their state, one folder per cluster. */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.K8SDOC_STATE_DIR) return env.K8SDOC_STATE_DIR;
  return path.join(env.XDG_STATE_HOME ?? path.join(home(env), '.local', 'state'), 'k8sdoc');
}

export interface ClusterPaths {
  name: string;
  root: string;
  pki: string;
  etcdPki: string;
  etcdData: string;
  logs: string;
  run: string;
  /** the admin kubeconfig users and k8sdoc connect with */
  kubeconfig: string;
  /** the kubeadm-style folder of component kubeconfigs (admin.conf, scheduler.conf...) */
  kubernetesDir: string;
  stateFile: string;
  lockFile: string;
  kwokConfig: string;
  corefile: string;
}

/** A cluster name is a DNS-1123 label: it becomes a folder name, a node name and a context name. */
export function isClusterName(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/**
 * The folders of one embedded cluster. Every path built from a cluster name comes from here:
 * a name that is not a DNS-1123 label, or whose folder would not lie inside the clusters
 * folder, is refused (exit 2) before anything is read, written or deleted.
 */
export function clusterPaths(name: string = DEFAULT_CLUSTER, env: NodeJS.ProcessEnv = process.env): ClusterPaths {
  const clusters = path.resolve(stateRoot(env), 'clusters');
  const root = path.resolve(clusters, name);
  if (!isClusterName(name) || path.dirname(root) !== clusters) {
    throw usageError(`cluster name "${name}" is not valid`, 'use a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters, e.g. --name dev-1');
  }
  const kubernetesDir = path.join(root, 'kubernetes');
  const pki = path.join(kubernetesDir, 'pki');
  return {
    name,
    root,
    kubernetesDir,
    pki,
    etcdPki: path.join(pki, 'etcd'),
    etcdData: path.join(root, 'etcd-data'),
    logs: path.join(root, 'logs'),
    run: path.join(root, 'run'),
    kubeconfig: path.join(kubernetesDir, 'admin.conf'),
    stateFile: path.join(root, 'state.json'),
    lockFile: path.join(root, 'lock'),
    kwokConfig: path.join(root, 'kwok.yaml'),
    corefile: path.join(root, 'Corefile'),
  };
}

/**
 * The client pair k8sdoc shows the embedded cluster's own servers (kubelet API, CoreDNS): the
 * apiserver's kubelet-client certificate, the one identity they accept.
 */
export function embeddedClientTls(paths: ClusterPaths): { ca: string; cert: string; key: string } {
  return { ca: path.join(paths.pki, 'ca.crt'), cert: path.join(paths.pki, 'apiserver-kubelet-client.crt'), key: path.join(paths.pki, 'apiserver-kubelet-client.key') };
}

/** True when a process with this pid exists. */
export function processAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * The admin kubeconfig of the default embedded cluster, when its apiserver is running.
 * k8sdoc uses it only when no kubeconfig is configured at all.
 */
export function runningEmbeddedKubeconfig(): string | undefined {
  const paths = clusterPaths(DEFAULT_CLUSTER);
  if (!existsSync(paths.stateFile) || !existsSync(paths.kubeconfig)) return undefined;
  try {
    const state = JSON.parse(readFileSync(paths.stateFile, 'utf8')) as { components?: Record<string, { pid?: number }> };
    return processAlive(state.components?.['kube-apiserver']?.pid) ? paths.kubeconfig : undefined;
  } catch {
    return undefined;
  }
}
