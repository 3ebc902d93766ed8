import path from 'node:path';
import { readState } from '../embedded/cluster.js';
import { clusterPaths, embeddedClientTls, isClusterName } from '../embedded/paths.js';
import type { DotTls } from './dot.js';
import { usageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import type { DnsProbe } from './probe.js';
import { probeDirect, probeNames } from './probe.js';
import { podProbe } from './probe-pod.js';

export type ProbeMode = 'auto' | 'direct' | 'pod';

export interface DnsCheckOptions {
  /** --server IP:PORT; implies a direct query */
  server: string | undefined;
  mode: ProbeMode;
  image: string;
  /** namespace of the probe pod */
  namespace: string;
  clusterDomain: string;
  /** for each direct lookup */
  timeoutMs: number;
  /** for the probe pod, from creation to completion (scheduling and image pull included) */
  podTimeoutMs: number;
  onProgress?: (message: string) => void;
}

/**
 * The CoreDNS address of the embedded cluster whose admin kubeconfig is in use: its CoreDNS
 * runs on the host, so it is queried directly instead of through a pod that kwok never runs.
 */
export function embeddedDnsServer(kubeconfigFiles: readonly string[]): { server: string; tls: DotTls } | undefined {
  for (const file of kubeconfigFiles) {
    const root = path.dirname(path.dirname(path.resolve(file)));
    if (!isClusterName(path.basename(root))) continue;
    const paths = clusterPaths(path.basename(root));
    if (paths.kubeconfig !== path.resolve(file)) continue;
    const dns = readState(paths)?.ports.dns;
    if (dns) return { server: `127.0.0.1:${dns}`, tls: embeddedClientTls(paths) };
  }
  return undefined;
}

/** --cluster-domain as a DNS name (cluster.local, k8s.example.com), checked before any probe is made. */
export function parseClusterDomain(text: string): string {
  const domain = text.replace(/^\.|\.$/g, '').toLowerCase();
  const label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
  if (domain === '' || domain.length > 253 || !domain.split('.').every((part) => label.test(part))) {
    throw usageError(`--cluster-domain "${text}" is not a DNS domain`, 'use the kubelet clusterDomain, e.g. --cluster-domain cluster.local');
  }
  return domain;
}

/** `10.96.0.10`, `10.96.0.10:53`, `[::1]:5353` → what Resolver.setServers takes. */
export function parseServer(server: string): string {
  const ok = /^(\d{1,3}(\.\d{1,3}){3})(:\d{1,5})?$/.test(server) || /^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(server);
  if (!ok) throw usageError(`--server "${server}" is not IP or IP:PORT`, 'e.g. --server 10.96.0.10 or --server 127.0.0.1:1053');
  return server;
}

/** Resolves the two probe names through the direct path or a probe pod, whichever applies. */
export async function dnsCheck(client: KubeClient, options: DnsCheckOptions): Promise<DnsProbe> {
  if (options.server && options.mode === 'pod') throw usageError('--server queries a DNS server directly, --mode pod runs a probe pod', 'pass one of them');
  const direct = options.server ? { server: parseServer(options.server), tls: undefined } : options.mode === 'pod' ? undefined : embeddedDnsServer(client.resolved.source.files);
  if (options.mode === 'direct' && !direct) {
    throw usageError('--mode direct needs a DNS server address', 'pass --server IP:PORT (the kube-dns Service IP is reachable only from inside the cluster network)');
  }
  // without the expected address any answer is accepted: a user who may not read Services can still probe
  const service = await client.find<KubeObject & { spec?: { clusterIP?: string } }>(R.services, 'kubernetes', 'default').catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 403) return undefined;
    throw error;
  });
  const expectations = probeNames(options.clusterDomain, service?.spec?.clusterIP);
  if (direct) {
    options.onProgress?.(`querying ${direct.server} directly`);
    return probeDirect(direct.server, expectations, options.timeoutMs, direct.tls);
  }
  return podProbe(client, expectations, { namespace: options.namespace, image: options.image, timeoutMs: options.podTimeoutMs, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
}
