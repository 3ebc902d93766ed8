import { X509Certificate } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../kube/http.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeconfigTrust } from '../kube/tls.js';
import { servedChain } from '../kube/tls.js';
import { R } from '../kube/resources.js';
import type { CertEntry } from './types.js';
import { apiServiceEntries, tlsSecretEntries, webhookEntries } from './cluster.js';
import type { WebhookConfiguration } from '../controlplane/webhooks.js';
import type { ApiService } from '../controlplane/apiservices.js';
import type { TlsSecret } from './cluster.js';
import { readPkiDir, userKubeconfigEntry } from './pki.js';
import { describe, missingSans, parsePemBundle, verifyChain } from './x509.js';

export const KUBEADM_PKI_DIR = '/etc/kubernetes/pki';

export interface Inventory {
  entries: CertEntry[];
  /** what was not checked and why */
  notes: string[];
}

/** A directory we may list that holds ca.crt: a PKI directory worth reading. */
export function readableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
    return existsSync(path.join(dir, 'ca.crt'));
  } catch {
    return false;
  }
}

/**
 * The PKI directory to inventory when none is given: kubeadm's, when this machine is a
 * control-plane node we may read; else the pki/ folder next to the kubeconfig in use, which is
 * the kubeadm layout of /etc/kubernetes and of the embedded cluster.
 */
export function defaultPkiDir(kubeconfigFiles: readonly string[]): string | undefined {
  if (readableDir(KUBEADM_PKI_DIR)) return KUBEADM_PKI_DIR;
  return kubeconfigFiles.map((file) => path.join(path.dirname(path.resolve(file)), 'pki')).find(readableDir);
}

/** Host names and IPs clients reach the apiserver by: its URL's host and the TLS server name. */
export function apiserverHosts(server: string, tlsServerName?: string): string[] {
  const hosts = [new URL(server).hostname.replace(/^\[|\]$/g, '')];
  if (tlsServerName && !hosts.includes(tlsServerName)) hosts.push(tlsServerName);
  return hosts;
}

function caCerts(pem: string | undefined): X509Certificate[] {
  return pem ? parsePemBundle(pem).certs : [];
}

/** The apiserver's chain as presented over TLS, verified against the kubeconfig's CA. */
export async function servedEntries(endpoint: string, trust: KubeconfigTrust | undefined, timeoutMs: number): Promise<Inventory> {
  const notes: string[] = [];
  const der = await servedChain(endpoint, { servername: trust?.tlsServerName, timeoutMs });
  const chain = der.map((raw) => new X509Certificate(raw));
  const url = new URL(endpoint);
  const label = `served ${url.host}`;
  const trusted = caCerts(trust?.caPem);
  const entries = chain.map((cert, index): CertEntry => {
    const info = describe(cert);
    return { name: chain.length === 1 || index === 0 ? label : `${label} [${index + 1}/${chain.length}]`, source: { kind: 'served', location: endpoint }, cert: info, authority: info.issuerCommonName };
  });
  const leaf = entries[0];
  const leafCert = chain[0];
  if (!leaf || !leafCert) return { entries, notes: [`${endpoint} presented no certificate`] };
  if (trusted.length > 0) leaf.chain = verifyChain(chain, trusted, 'the kubeconfig CA');
  else notes.push(trust?.insecure ? 'the kubeconfig skips TLS verification (insecure-skip-tls-verify): the served chain is not verified against a CA' : 'the kubeconfig has no CA: the served chain is not verified');
  leaf.sanMissing = missingSans(leafCert, apiserverHosts(endpoint, trust?.tlsServerName));
  return { entries, notes };
}

async function listed<T>(what: string, list: () => Promise<T[]>, notes: string[]): Promise<T[]> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      notes.push(`skipped ${what}: you may not list them (${error.message})`);
      return [];
    }
    throw error;
  }
}

/** Certificates kept in API objects: TLS Secrets in all namespaces, webhook and APIService caBundles. */
export async function clusterEntries(client: KubeClient): Promise<Inventory> {
  const notes: string[] = [];
  const entries: CertEntry[] = [];
  const secrets = await listed('kubernetes.io/tls Secrets', async () => {
    const found: CertEntry[] = [];
    // page by page, keeping only the parsed certificates: Secrets can be many and large
    for await (const page of client.listPages<TlsSecret>(R.secrets, { fieldSelector: 'type=kubernetes.io/tls' })) {
      for (const secret of page.items) found.push(...tlsSecretEntries(secret));
    }
    return found;
  }, notes);
  entries.push(...secrets);
  for (const [resource, kind] of [
    [R.validatingwebhookconfigurations, 'ValidatingWebhookConfiguration'],
    [R.mutatingwebhookconfigurations, 'MutatingWebhookConfiguration'],
  ] as const) {
    const configurations = await listed(resource.resource, () => client.list<WebhookConfiguration>(resource), notes);
    entries.push(...configurations.flatMap((configuration) => webhookEntries(configuration, kind)));
  }
  const apiServices = await listed('apiservices', () => client.list<ApiService>(R.apiservices), notes);
  entries.push(...apiServices.flatMap(apiServiceEntries));
  return { entries, notes };
}

export interface InventoryOptions {
  /** a PKI directory to read; undefined skips the files */
  pkiDir: string | undefined;
  /** the current kubeconfig context, when one resolves */
  trust: KubeconfigTrust | undefined;
  /** the endpoint whose served chain to read; undefined skips it */
  endpoint: string | undefined;
  /** reaches the cluster for Secrets, webhooks and APIServices; undefined skips them */
  client: KubeClient | undefined;
  timeoutMs: number;
}

/** Everything `k8sdoc certs check` looks at, each source independent of the others. */
export async function certificateInventory(options: InventoryOptions): Promise<Inventory> {
  const entries: CertEntry[] = [];
  const notes: string[] = [...(options.trust?.notes ?? [])];
  const add = (part: Inventory): void => {
    entries.push(...part.entries);
    notes.push(...part.notes);
  };
  const hosts = options.trust ? apiserverHosts(options.trust.server, options.trust.tlsServerName) : [];
  if (options.pkiDir) add(readPkiDir(options.pkiDir, { apiserverHosts: hosts }));
  const trust = options.trust;
  if (trust?.clientCertPem) {
    const entry = userKubeconfigEntry(trust.user, trust.clientCertPem, caCerts(trust.caPem));
    // the kubeconfig in use is often admin.conf itself: list that certificate once
    if (!entries.some((e) => e.cert && e.cert.fingerprint256 === entry.cert?.fingerprint256)) entries.push(entry);
  }
  if (options.endpoint) {
    if (options.endpoint.startsWith('https:')) add(await servedEntries(options.endpoint, trust, options.timeoutMs));
    else notes.push(`${options.endpoint} is not https: no served chain to check`);
  }
  if (options.client) add(await clusterEntries(options.client));
  return { entries, notes };
}
