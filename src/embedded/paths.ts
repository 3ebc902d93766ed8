import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const DEFAULT_CLUSTER = 'default';

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

export function clusterPaths(name: string = DEFAULT_CLUSTER, env: NodeJS.ProcessEnv = process.env): ClusterPaths {
  const root = path.join(stateRoot(env), 'clusters', name);
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
