import { Flags } from '@oclif/core';
import { parseDuration } from '../base-command.js';
import { findTool, resolveConnection } from './connection.js';
import type { ConnectionFlags, EtcdConnection } from './connection.js';

/** How the etcd commands reach etcd, as etcdctl spells it, plus the kubeadm and embedded shortcuts. */
export const connectionFlags = {
  endpoints: Flags.string({ description: 'etcd client URLs, comma-separated (default: https://127.0.0.1:2379).', helpGroup: 'ETCD' }),
  cacert: Flags.string({ description: "CA bundle that signed etcd's serving certificate.", helpGroup: 'ETCD' }),
  cert: Flags.string({ description: 'Client certificate etcd trusts.', helpGroup: 'ETCD' }),
  key: Flags.string({ description: 'Key of the client certificate.', helpGroup: 'ETCD' }),
  'pki-dir': Flags.string({ description: 'kubeadm etcd PKI folder (default /etc/kubernetes/pki/etcd when readable): ca.crt and the healthcheck-client pair (else server).', helpGroup: 'ETCD' }),
  embedded: Flags.string({ description: 'Use the etcd of the embedded cluster with this name (`k8sdoc cluster up --name`).', helpGroup: 'ETCD' }),
  etcdctl: Flags.string({ description: 'Path to etcdctl (default: PATH, then the embedded control plane\'s cache).', helpGroup: 'ETCD' }),
  etcdutl: Flags.string({ description: 'Path to etcdutl (default: PATH, then the embedded control plane\'s cache).', helpGroup: 'ETCD' }),
  timeout: Flags.string({ description: 'How long one etcd operation may take (e.g. 30s, 5m).', default: '30s', helpGroup: 'ETCD' }),
};

/** Only the tools: commands that read files (verify, restore, drill) need no connection. */
export const toolFlags = {
  etcdutl: connectionFlags.etcdutl,
};

export interface ResolvedEtcd {
  connection: EtcdConnection;
  etcdctl: string;
  etcdutl: () => string;
  timeoutMs: number;
}

export async function resolveEtcd(flags: ConnectionFlags & { timeout: string }): Promise<ResolvedEtcd> {
  const connection = await resolveConnection(flags);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  return { connection, etcdctl: findTool('etcdctl', connection.tools.etcdctl), etcdutl: () => findTool('etcdutl', connection.tools.etcdutl), timeoutMs };
}

/** The apiserver's version for snapshot metadata: --kubeconfig, else the embedded cluster's. */
export function kubernetesVersionOf(kubeconfig: string | undefined): (() => Promise<string | undefined>) | undefined {
  if (kubeconfig === undefined) return undefined;
  return async () => {
    const [{ KubeClient }, { resolveKubeConfig }] = await Promise.all([import('../kube/client.js'), import('../kube/config.js')]);
    const client = new KubeClient(resolveKubeConfig({ kubeconfig, env: {} }), { timeoutMs: 5000, maxAttempts: 1 });
    try {
      return (await client.version()).gitVersion;
    } finally {
      client.close();
    }
  };
}
