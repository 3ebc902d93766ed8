import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExtraUnavailable } from '../collect/extras.js';
import type { ExtraContext } from '../collect/extras.js';
import { KubeClient } from '../kube/client.js';
import { embeddedConnection, findTool, resolveConnection } from './connection.js';
import type { EtcdConnection, EtcdTools } from './connection.js';
import { etcdStatus } from './status.js';
import type { EtcdStatusReport } from './status.js';

/**
 * An embedded cluster's admin kubeconfig lives at <state>/clusters/<name>/kubernetes/admin.conf:
 * when diagnose runs through one, its etcd is known without any configuration.
 */
async function embeddedFromKubeconfig(files: readonly string[]): Promise<(EtcdConnection & { tools: EtcdTools }) | undefined> {
  for (const file of files) {
    const root = path.dirname(path.dirname(path.resolve(file)));
    if (path.basename(path.dirname(path.resolve(file))) !== 'kubernetes' || path.basename(path.dirname(root)) !== 'clusters' || !existsSync(path.join(root, 'state.json'))) continue;
    return embeddedConnection(path.basename(root), { K8SDOC_STATE_DIR: path.dirname(path.dirname(root)) });
  }
  return undefined;
}

/**
 * Where diagnose finds etcd: K8SDOC_ETCD_ENDPOINTS with K8SDOC_ETCD_PKI_DIR or
 * K8SDOC_ETCD_CACERT/CERT/KEY, or K8SDOC_ETCD_EMBEDDED; else the embedded cluster whose admin
 * kubeconfig is in use; else nowhere.
 */
export async function configuredConnection(kubeconfigFiles: readonly string[], env: NodeJS.ProcessEnv): Promise<(EtcdConnection & { tools: EtcdTools }) | undefined> {
  if (env.K8SDOC_ETCD_ENDPOINTS ?? env.K8SDOC_ETCD_PKI_DIR ?? env.K8SDOC_ETCD_EMBEDDED) {
    return resolveConnection(
      { endpoints: env.K8SDOC_ETCD_ENDPOINTS, 'pki-dir': env.K8SDOC_ETCD_PKI_DIR, embedded: env.K8SDOC_ETCD_EMBEDDED, cacert: env.K8SDOC_ETCD_CACERT, cert: env.K8SDOC_ETCD_CERT, key: env.K8SDOC_ETCD_KEY },
      env,
    );
  }
  return embeddedFromKubeconfig(kubeconfigFiles);
}

/**
 * K8SDOC_ETCD_VIA_POD (empty, or a pod name) runs etcdctl in the etcd static pod through the
 * API diagnose already talks to, as `k8sdoc etcd status --via-pod` does.
 */
async function viaPodFromEnv(client: KubeClient, env: NodeJS.ProcessEnv): Promise<EtcdConnection> {
  const { viaPodConnection } = await import('./via-pod.js');
  return viaPodConnection(client, { pod: env.K8SDOC_ETCD_VIA_POD || undefined, etcdctl: env.K8SDOC_ETCDCTL, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined });
}

/** The 'etcd' extra for diagnose: member status from etcdctl when an endpoint is configured. */
export async function collectEtcdStatus(context: ExtraContext, env: NodeJS.ProcessEnv = process.env): Promise<EtcdStatusReport> {
  const quota = Number(env.K8SDOC_ETCD_QUOTA_BYTES);
  const quotaBytes = Number.isFinite(quota) && quota > 0 ? quota : undefined;
  if (env.K8SDOC_ETCD_VIA_POD !== undefined && context.client instanceof KubeClient) {
    return etcdStatus({ etcdctl: 'etcdctl', connection: await viaPodFromEnv(context.client, env), timeoutMs: 10_000, quotaBytes });
  }
  const connection = await configuredConnection(context.client instanceof KubeClient ? context.client.resolved.source.files : [], env);
  if (!connection) throw new ExtraUnavailable('no etcd endpoint is configured (set K8SDOC_ETCD_ENDPOINTS and K8SDOC_ETCD_PKI_DIR, or K8SDOC_ETCD_VIA_POD on a kubeadm cluster)');
  return etcdStatus({ etcdctl: findTool('etcdctl', env.K8SDOC_ETCDCTL ?? connection.tools.etcdctl, env), connection, timeoutMs: 10_000, quotaBytes });
}
