import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import yaml from 'js-yaml';
import { messageOf } from '../errors.js';
import type { CertEntry } from './types.js';
import { describe, keyMatchesCert, missingSans, parsePemBundle, samePublicKey, verifyIssued } from './x509.js';

type Authority = 'ca' | 'etcd-ca' | 'front-proxy-ca';

interface PkiFile {
  /** kubeadm's name, as `kubeadm certs check-expiration` prints it */
  name: string;
  cert: string;
  key: string;
  /** the CA that signs it; undefined for the CAs themselves */
  authority?: Authority;
  /** the apiserver's serving certificate: its SANs must cover the names it is reached by */
  serving?: boolean;
  /** absent with external etcd */
  etcd?: boolean;
}

/** The kubeadm PKI layout under /etc/kubernetes/pki. */
export const KUBEADM_PKI: readonly PkiFile[] = [
  { name: 'ca', cert: 'ca.crt', key: 'ca.key' },
  { name: 'apiserver', cert: 'apiserver.crt', key: 'apiserver.key', authority: 'ca', serving: true },
  { name: 'apiserver-kubelet-client', cert: 'apiserver-kubelet-client.crt', key: 'apiserver-kubelet-client.key', authority: 'ca' },
  { name: 'front-proxy-ca', cert: 'front-proxy-ca.crt', key: 'front-proxy-ca.key' },
  { name: 'front-proxy-client', cert: 'front-proxy-client.crt', key: 'front-proxy-client.key', authority: 'front-proxy-ca' },
  { name: 'etcd-ca', cert: 'etcd/ca.crt', key: 'etcd/ca.key', etcd: true },
  { name: 'apiserver-etcd-client', cert: 'apiserver-etcd-client.crt', key: 'apiserver-etcd-client.key', authority: 'etcd-ca', etcd: true },
  { name: 'etcd-server', cert: 'etcd/server.crt', key: 'etcd/server.key', authority: 'etcd-ca', etcd: true },
  { name: 'etcd-peer', cert: 'etcd/peer.crt', key: 'etcd/peer.key', authority: 'etcd-ca', etcd: true },
  { name: 'etcd-healthcheck-client', cert: 'etcd/healthcheck-client.crt', key: 'etcd/healthcheck-client.key', authority: 'etcd-ca', etcd: true },
];

/** Component kubeconfigs kubeadm writes next to pki/, each with an embedded client certificate. */
export const KUBEADM_KUBECONFIGS: readonly { file: string; optional?: boolean }[] = [
  { file: 'admin.conf' },
  // written only on the first control-plane node, by kubeadm 1.29 and later
  { file: 'super-admin.conf', optional: true },
  { file: 'controller-manager.conf' },
  { file: 'scheduler.conf' },
  { file: 'kubelet.conf' },
];

type Read = { text: string } | { missing: true } | { unreadable: string };

function read(file: string): Read {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return { missing: true };
    if (code === 'EACCES' || code === 'EPERM') return { unreadable: 'permission denied (run as root, or with read access to the PKI directory)' };
    return { unreadable: messageOf(error) };
  }
}

export interface PkiInventory {
  entries: CertEntry[];
  /** what was not checked and why, for the report's notes */
  notes: string[];
}

export interface PkiOptions {
  /** the hosts and IPs clients reach the apiserver by (the kubeconfig server host) */
  apiserverHosts: readonly string[];
}

/**
 * Reads a kubeadm PKI directory: every certificate and CA with its chain and key checked,
 * sa.key/sa.pub, and the component kubeconfigs in the folder above it.
 */
export function readPkiDir(pkiDir: string, options: PkiOptions): PkiInventory {
  const entries: CertEntry[] = [];
  const notes: string[] = [];
  const cas = new Map<Authority, X509Certificate[]>();
  const externalEtcd = !existsSync(path.join(pkiDir, 'etcd'));
  if (externalEtcd) notes.push(`no ${path.join(pkiDir, 'etcd')} directory: etcd certificates not checked (external etcd?)`);

  // CAs first, so that leaves can be verified against them
  const ordered = [...KUBEADM_PKI].sort((a, b) => Number(Boolean(a.authority)) - Number(Boolean(b.authority)));
  for (const file of ordered) {
    if (file.etcd && externalEtcd) continue;
    const certPath = path.join(pkiDir, file.cert);
    const base: CertEntry = { name: file.name, source: { kind: 'pki', location: certPath }, ...(file.authority ? { authority: file.authority } : {}) };
    const content = read(certPath);
    if ('missing' in content) {
      entries.push({ ...base, missing: true });
      continue;
    }
    if ('unreadable' in content) {
      entries.push({ ...base, unreadable: content.unreadable });
      continue;
    }
    const { entry, cert, all } = parsedEntry(base, content.text);
    if (!cert) {
      entries.push(entry);
      continue;
    }
    if (file.authority) {
      entry.chain = verifyIssued(cert, cas.get(file.authority) ?? [], file.authority);
    } else {
      cas.set(file.name as Authority, all);
      if (cert.checkIssued(cert)) entry.chain = verifyIssued(cert, [cert], file.name);
    }
    if (file.serving && options.apiserverHosts.length > 0) entry.sanMissing = missingSans(cert, options.apiserverHosts);

    const keyPath = path.join(pkiDir, file.key);
    const key = read(keyPath);
    if ('text' in key) {
      try {
        entry.keyMatches = keyMatchesCert(key.text, cert);
      } catch {
        entries.push({ name: `${file.name} key`, source: { kind: 'pki', location: keyPath }, unreadable: 'not a PEM private key' });
      }
    } else if ('unreadable' in key) notes.push(`${keyPath}: ${key.unreadable}; key not compared`);
    else if (file.authority) entries.push({ name: `${file.name} key`, source: { kind: 'pki', location: keyPath }, missing: true });
    else entry.externallyManaged = true;
    entries.push(entry);
  }
  entries.push(...serviceAccountKeys(pkiDir, notes));
  entries.push(...readKubeadmKubeconfigs(path.dirname(pkiDir), cas.get('ca') ?? [], notes));
  return { entries, notes };
}

/** sa.key signs service account tokens, sa.pub verifies them: they must be one pair. */
function serviceAccountKeys(pkiDir: string, notes: string[]): CertEntry[] {
  const keyPath = path.join(pkiDir, 'sa.key');
  const pubPath = path.join(pkiDir, 'sa.pub');
  const key = read(keyPath);
  const pub = read(pubPath);
  if ('text' in key && 'text' in pub) return [keyPairEntry(keyPath, key.text, pub.text)];
  const missing: CertEntry[] = [];
  if ('missing' in key) missing.push({ name: 'sa.key', source: { kind: 'pki', location: keyPath }, missing: true });
  if ('missing' in pub) missing.push({ name: 'sa.pub', source: { kind: 'pki', location: pubPath }, missing: true });
  for (const [file, content] of [[keyPath, key], [pubPath, pub]] as const) {
    if ('unreadable' in content) notes.push(`${file}: ${content.unreadable}; service account key pair not compared`);
  }
  return missing;
}

function keyPairEntry(keyPath: string, keyPem: string, pubPem: string): CertEntry {
  try {
    const spki = createPublicKey(pubPem).export({ type: 'spki', format: 'der' });
    return { name: 'sa', source: { kind: 'pki', location: keyPath }, keyMatches: samePublicKey(keyPem, spki) };
  } catch (error) {
    return { name: 'sa', source: { kind: 'pki', location: keyPath }, unreadable: messageOf(error) };
  }
}

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context?: { user?: string } }[];
  users?: { name: string; user?: { 'client-certificate-data'?: string; 'client-certificate'?: string } }[];
}

/** The client certificate of a kubeconfig's current user: embedded data or a file it names. */
function clientCertOf(file: string, text: string): { pem: string } | { none: string } | { missing: string } | { unreadable: string } {
  let doc: KubeconfigFile;
  try {
    doc = (yaml.load(text) ?? {}) as KubeconfigFile;
  } catch (error) {
    return { unreadable: `not valid YAML: ${messageOf(error).split('\n')[0]}` };
  }
  const contextUser = doc.contexts?.find((c) => c.name === doc['current-context'])?.context?.user;
  const user = doc.users?.find((u) => u.name === contextUser) ?? doc.users?.[0];
  const data = user?.user?.['client-certificate-data'];
  if (data) return { pem: Buffer.from(data, 'base64').toString('utf8') };
  const certFile = user?.user?.['client-certificate'];
  if (!certFile) return { none: 'no client certificate (token or exec credentials)' };
  const certPath = path.resolve(path.dirname(file), certFile);
  const content = read(certPath);
  if ('text' in content) return { pem: content.text };
  return 'missing' in content ? { missing: certPath } : { unreadable: `${certPath}: ${content.unreadable}` };
}

function readKubeadmKubeconfigs(kubernetesDir: string, clusterCa: X509Certificate[], notes: string[]): CertEntry[] {
  const entries: CertEntry[] = [];
  for (const { file, optional } of KUBEADM_KUBECONFIGS) {
    const location = path.join(kubernetesDir, file);
    const base: CertEntry = { name: file, source: { kind: 'kubeconfig', location }, authority: 'ca' };
    const content = read(location);
    if ('missing' in content) {
      if (!optional) entries.push({ ...base, missing: true });
      continue;
    }
    if ('unreadable' in content) {
      entries.push({ ...base, unreadable: content.unreadable });
      continue;
    }
    const client = clientCertOf(location, content.text);
    if ('none' in client) {
      notes.push(`${location}: ${client.none}`);
      continue;
    }
    if ('missing' in client) {
      entries.push({ ...base, source: { kind: 'kubeconfig', location: client.missing }, missing: true });
      continue;
    }
    if ('unreadable' in client) {
      entries.push({ ...base, unreadable: client.unreadable });
      continue;
    }
    const { entry, cert } = parsedEntry(base, client.pem);
    if (cert) entry.chain = verifyIssued(cert, clusterCa, 'ca');
    entries.push(entry);
  }
  return entries;
}

/** The client certificate of the kubeconfig k8sdoc runs with, verified against the cluster CA when it is one. */
export function userKubeconfigEntry(user: string, pem: string, clusterCa: readonly X509Certificate[]): CertEntry {
  const { entry, cert } = parsedEntry({ name: `user ${user}`, source: { kind: 'user-kubeconfig', location: `kubeconfig user "${user}"` } }, pem);
  if (!cert || !entry.cert) return entry;
  entry.authority = entry.cert.issuerCommonName;
  // the kubeconfig names the server's CA, which signs client certificates only in kubeadm-style
  // clusters; a client certificate from a separate client CA is not an error
  const chain = verifyIssued(cert, clusterCa, 'the cluster CA');
  if (chain.verified) entry.chain = chain;
  return entry;
}

/** An entry for the first certificate of a PEM text, or the reason it cannot be parsed. */
function parsedEntry(base: CertEntry, pem: string): { entry: CertEntry; cert?: X509Certificate; all: X509Certificate[] } {
  const bundle = parsePemBundle(pem);
  const cert = bundle.certs[0];
  if (!cert || bundle.error) return { entry: { ...base, unreadable: bundle.error ?? 'no certificate' }, all: [] };
  return { entry: { ...base, cert: describe(cert) }, cert, all: bundle.certs };
}
