import { X509Certificate } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { MissingInput, Snapshot } from '../engine/types.js';
import type { KubeClient, ListOptions } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import type { KnownResource } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import type { KubeconfigTrust } from '../kube/tls.js';
import { servedChain } from '../kube/tls.js';
import { R } from '../kube/resources.js';
import type { CertEntry } from './types.js';
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

/** The API objects certificates live in, trimmed to what the certificate checks read. */
export interface ClusterCertificateObjects {
  resources: Snapshot['resources'];
  /** kinds we may not list, as the engine reports them (the checks needing them are skipped) */
  missing: MissingInput[];
}

function trimSecret(secret: TlsSecret): TlsSecret {
  const crt = secret.data?.['tls.crt'];
  // the key and any other data never leave this function
  return { metadata: { name: secret.metadata.name, namespace: secret.metadata.namespace }, type: secret.type, ...(crt ? { data: { 'tls.crt': crt } } : {}) } as TlsSecret;
}

/**
 * TLS Secrets in all namespaces (public certificate only, page by page) and the webhook and
 * APIService configurations whose caBundles are checked. A kind we may not list is recorded as
 * missing rather than failing the run.
 */
export async function clusterCertificateObjects(client: KubeClient): Promise<ClusterCertificateObjects> {
  const resources: Snapshot['resources'] = {};
  const missing: MissingInput[] = [];
  const lists: [KnownResource, ListOptions, string][] = [
    ['secrets', { fieldSelector: 'type=kubernetes.io/tls' }, 'list secrets in all namespaces'],
    ['validatingwebhookconfigurations', {}, 'list validatingwebhookconfigurations'],
    ['mutatingwebhookconfigurations', {}, 'list mutatingwebhookconfigurations'],
    ['apiservices', {}, 'list apiservices'],
  ];
  for (const [resource, options, permission] of lists) {
    try {
      const items: KubeObject[] = [];
      for await (const page of client.listPages(R[resource], options)) {
        items.push(...(resource === 'secrets' ? page.items.map((item) => trimSecret(item as TlsSecret)) : page.items));
      }
      resources[resource] = items;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403)) throw error;
      missing.push({ input: resource, permission, reason: 'forbidden by RBAC' });
    }
  }
  return { resources, missing };
}

export interface InventoryOptions {
  /** a PKI directory to read; undefined skips the files */
  pkiDir: string | undefined;
  /** the current kubeconfig context, when one resolves */
  trust: KubeconfigTrust | undefined;
  /** the endpoint whose served chain to read; undefined skips it */
  endpoint: string | undefined;
  timeoutMs: number;
}

/**
 * The certificates that live outside API objects: the PKI directory and its kubeconfigs, the
 * client certificate of the kubeconfig in use, and the chain the apiserver presents.
 */
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
  return { entries, notes };
}
