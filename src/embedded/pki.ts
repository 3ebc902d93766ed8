import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { isIP } from 'node:net';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import yaml from 'js-yaml';
import type { ClusterPaths } from './paths.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** kubeadm's lifetimes: leaf certificates one year, CAs ten. */
export const LEAF_DAYS = 365;
export const CA_DAYS = 3650;

export interface Issued {
  certPem: string;
  keyPem: string;
}

interface Authority extends Issued {
  cert: x509.X509Certificate;
  key: CryptoKey;
}

export interface IssueRequest {
  cn: string;
  orgs?: string[];
  dns?: string[];
  ips?: string[];
  usage: 'server' | 'client' | 'both';
  days?: number;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`;
}

async function publicKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('spki', key));
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END PUBLIC KEY-----\n`;
}

function subject(cn: string, orgs: string[] = []): string {
  return [...orgs.map((o) => `O=${o}`), `CN=${cn}`].join(', ');
}

export async function newAuthority(cn: string, days = CA_DAYS): Promise<Authority> {
  const keys = await newKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: subject(cn),
    keys,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, key: keys.privateKey, certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

export async function loadAuthority(certFile: string, keyFile: string): Promise<Authority> {
  const certPem = await readFile(certFile, 'utf8');
  const keyText = await readFile(keyFile, 'utf8');
  const der = Buffer.from(keyText.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
  return { cert: new x509.X509Certificate(certPem), key, certPem, keyPem: keyText };
}

/** Issues a leaf certificate signed by `ca`, the way kubeadm shapes them. */
export async function issue(ca: Authority, request: IssueRequest): Promise<Issued> {
  const keys = await newKeys();
  const now = Date.now();
  const usages = request.usage === 'server' ? [x509.ExtendedKeyUsage.serverAuth] : request.usage === 'client' ? [x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth];
  const names = [
    ...(request.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    subject: subject(request.cn, request.orgs),
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + (request.days ?? LEAF_DAYS) * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension(usages),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
      ...(names.length ? [new x509.SubjectAlternativeNameExtension(names)] : []),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

async function writePair(dir: string, name: string, pair: Issued): Promise<void> {
  await writeFile(path.join(dir, `${name}.crt`), pair.certPem, { mode: 0o644 });
  await writeFile(path.join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
}

export interface PkiOptions {
  /** the host address the apiserver advertises (non-loopback) */
  advertiseAddress: string;
  /** the first address of the service range: the `kubernetes` Service IP */
  serviceIP: string;
  /** the node a kubeadm cluster would run its control plane on */
  nodeName: string;
}

/** The names the apiserver's serving certificate must cover. */
export function apiserverNames(options: PkiOptions): { dns: string[]; ips: string[] } {
  const dns = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost', options.nodeName];
  const ips = ['127.0.0.1', options.serviceIP, options.advertiseAddress].filter((ip) => isIP(ip));
  return { dns, ips: [...new Set(ips)] };
}

/** (Re)issues the apiserver serving certificate, e.g. with a short life for the expiring-cert scenario. */
export async function issueApiserverCert(paths: ClusterPaths, options: PkiOptions, days = LEAF_DAYS): Promise<void> {
  const ca = await loadAuthority(path.join(paths.pki, 'ca.crt'), path.join(paths.pki, 'ca.key'));
  await writePair(paths.pki, 'apiserver', await issue(ca, { cn: 'kube-apiserver', usage: 'server', days, ...apiserverNames(options) }));
}

/**
 * Writes the kubeadm PKI layout under paths.pki, keeping whatever already exists (a restarted
 * cluster keeps its identity). Private keys are 0600.
 */
export async function ensurePki(paths: ClusterPaths, options: PkiOptions): Promise<void> {
  await mkdir(paths.etcdPki, { recursive: true, mode: 0o700 });
  const have = (name: string): boolean => existsSync(path.join(paths.pki, `${name}.crt`)) && existsSync(path.join(paths.pki, `${name}.key`));

  const ensureCA = async (name: string, cn: string): Promise<Authority> => {
    if (!have(name)) await writePair(paths.pki, name, await newAuthority(cn));
    return loadAuthority(path.join(paths.pki, `${name}.crt`), path.join(paths.pki, `${name}.key`));
  };
  const ca = await ensureCA('ca', 'kubernetes');
  const frontProxyCA = await ensureCA('front-proxy-ca', 'front-proxy-ca');
  const etcdCA = await ensureCA('etcd/ca', 'etcd-ca');

  const leaves: [string, Authority, IssueRequest][] = [
    ['apiserver', ca, { cn: 'kube-apiserver', usage: 'server', ...apiserverNames(options) }],
    ['apiserver-kubelet-client', ca, { cn: 'kube-apiserver-kubelet-client', orgs: ['kubeadm:cluster-admins'], usage: 'client' }],
    ['front-proxy-client', frontProxyCA, { cn: 'front-proxy-client', usage: 'client' }],
    ['etcd/server', etcdCA, { cn: options.nodeName, usage: 'both', dns: ['localhost', options.nodeName], ips: ['127.0.0.1'] }],
    ['etcd/peer', etcdCA, { cn: options.nodeName, usage: 'both', dns: ['localhost', options.nodeName], ips: ['127.0.0.1'] }],
    ['etcd/healthcheck-client', etcdCA, { cn: 'kube-etcd-healthcheck-client', usage: 'client' }],
    ['apiserver-etcd-client', etcdCA, { cn: 'kube-apiserver-etcd-client', usage: 'client' }],
  ];
  for (const [name, authority, request] of leaves) {
    if (!have(name)) await writePair(paths.pki, name, await issue(authority, request));
  }
  if (!existsSync(path.join(paths.pki, 'sa.key'))) {
    const keys = await newKeys();
    await writeFile(path.join(paths.pki, 'sa.key'), await keyPem(keys.privateKey), { mode: 0o600 });
    await writeFile(path.join(paths.pki, 'sa.pub'), await publicKeyPem(keys.publicKey), { mode: 0o644 });
  }
}

export interface KubeconfigUser {
  file: string;
  cn: string;
  orgs?: string[];
}

/** A kubeconfig with an embedded client certificate, as kubeadm writes them (mode 0600). */
export async function writeKubeconfig(paths: ClusterPaths, server: string, user: KubeconfigUser): Promise<void> {
  const ca = await loadAuthority(path.join(paths.pki, 'ca.crt'), path.join(paths.pki, 'ca.key'));
  const pair = await issue(ca, { cn: user.cn, orgs: user.orgs ?? [], usage: 'client' });
  const clusterName = `k8sdoc-${paths.name}`;
  const userName = user.cn.replace(/^system:/, '').replace(/:/g, '-');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
    users: [{ name: userName, user: { 'client-certificate-data': Buffer.from(pair.certPem).toString('base64'), 'client-key-data': Buffer.from(pair.keyPem).toString('base64') } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: userName } }],
    'current-context': clusterName,
    preferences: {},
  };
  await writeFile(user.file, yaml.dump(config), { mode: 0o600 });
}
