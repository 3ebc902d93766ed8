import { X509Certificate, createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { messageOf } from '../errors.js';
import type { CertInfo, ChainCheck } from './types.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface ParsedBundle {
  certs: X509Certificate[];
  /** why the bundle (or one block of it) could not be parsed */
  error?: string;
}

/** Parses every certificate of a PEM bundle; a bundle with no certificate is an error too. */
export function parsePemBundle(pem: string): ParsedBundle {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return { certs: [], error: 'no PEM certificate in it' };
  const certs: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certs.push(new X509Certificate(block));
    } catch (error) {
      return { certs, error: `certificate ${index + 1} of ${blocks.length} is not valid: ${messageOf(error)}` };
    }
  }
  return { certs };
}

/** Parses base64 PEM as found in kubeconfigs, Secrets and caBundles. */
export function parseBase64Bundle(data: string): ParsedBundle {
  return parsePemBundle(Buffer.from(data, 'base64').toString('utf8'));
}

/** `CN=kube-apiserver\nO=x` → `kube-apiserver` */
function commonNameOf(dn: string): string {
  const cn = dn.split('\n').find((part) => part.startsWith('CN='));
  return cn ? cn.slice(3) : dn.replaceAll('\n', ', ');
}

/** Node prints `DNS:a, IP Address:1.2.3.4`; we keep kubectl-ish `DNS:a`, `IP:1.2.3.4`. */
function sansOf(cert: X509Certificate): string[] {
  if (!cert.subjectAltName) return [];
  return cert.subjectAltName.split(', ').map((san) => san.replace(/^IP Address:/, 'IP:'));
}

/** `Nov 22 02:01:29 2026 GMT` → `2026-11-22T02:01:29Z`, as Kubernetes writes timestamps */
function rfc3339(opensslDate: string): string {
  return new Date(Date.parse(opensslDate)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function describe(cert: X509Certificate): CertInfo {
  return {
    commonName: commonNameOf(cert.subject),
    subject: cert.subject.replaceAll('\n', ', '),
    issuer: cert.issuer.replaceAll('\n', ', '),
    issuerCommonName: commonNameOf(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: rfc3339(cert.validFrom),
    notAfter: rfc3339(cert.validTo),
    isCA: cert.ca,
    sans: sansOf(cert),
    fingerprint256: cert.fingerprint256,
  };
}

function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** Whether `cert` is signed by one of `cas` (name and signature both). */
export function verifyIssued(cert: X509Certificate, cas: readonly X509Certificate[], authority: string): ChainCheck {
  if (cas.length === 0) return { verified: false, detail: `no ${authority} certificate to verify it against` };
  const issuer = cas.find((ca) => issuedBy(cert, ca));
  if (issuer) return { verified: true, detail: `signed by ${commonNameOf(issuer.subject)}` };
  const named = cas.find((ca) => cert.checkIssued(ca));
  if (named) return { verified: false, detail: `names ${commonNameOf(named.subject)} as issuer but its signature does not verify with that CA's key` };
  const names = cas.map((ca) => commonNameOf(ca.subject)).filter((name) => name !== authority);
  return { verified: false, detail: `issued by "${commonNameOf(cert.issuer)}", not by ${authority}${names.length ? ` (${names.join(', ')})` : ''}` };
}

/**
 * Verifies a presented chain (leaf first) link by link, then its last certificate against the
 * trusted CAs. A chain that ends in one of the trusted CAs themselves also verifies.
 */
export function verifyChain(chain: readonly X509Certificate[], trusted: readonly X509Certificate[], authority: string): ChainCheck {
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i] as X509Certificate;
    const next = chain[i + 1] as X509Certificate;
    if (!issuedBy(cert, next)) {
      return { verified: false, detail: `certificate ${i + 1} of the chain ("${commonNameOf(cert.subject)}") is not signed by the next one ("${commonNameOf(next.subject)}")` };
    }
  }
  const last = chain.at(-1);
  if (!last) return { verified: false, detail: 'empty chain' };
  if (trusted.some((ca) => ca.fingerprint256 === last.fingerprint256)) return { verified: true, detail: `ends in ${commonNameOf(last.subject)}` };
  return verifyIssued(last, trusted, authority);
}

/** Whether a private key (PEM) belongs to a public key: compared as SPKI DER, never printed. */
export function keyMatchesCert(keyPem: string | Buffer, cert: X509Certificate): boolean {
  return samePublicKey(keyPem, cert.publicKey.export({ type: 'spki', format: 'der' }));
}

/** Whether a private key (or a public key) PEM has the given SPKI public key. */
export function samePublicKey(keyPem: string | Buffer, spki: Buffer): boolean {
  return createPublicKey(keyPem).export({ type: 'spki', format: 'der' }).equals(spki);
}

/** The names or IPs of `hosts` a serving certificate does not cover. */
export function missingSans(cert: X509Certificate, hosts: readonly string[]): string[] {
  return hosts.filter((host) => {
    const bare = host.replace(/^\[|\]$/g, '');
    return isIP(bare) ? cert.checkIP(bare) === undefined : cert.checkHost(bare) === undefined;
  });
}
