import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { DetailedPeerCertificate } from 'node:tls';
import { messageOf } from '../errors.js';
import type { ResolvedKubeConfig } from './config.js';
import { errorFromNetwork } from './http.js';

/** What the current kubeconfig context trusts and presents, for the certificate inventory. */
export interface KubeconfigTrust {
  server: string;
  tlsServerName: string | undefined;
  /** the CA bundle (PEM) the context verifies the server with */
  caPem: string | undefined;
  user: string;
  /** the context user's client certificate (PEM) */
  clientCertPem: string | undefined;
  /** insecure-skip-tls-verify: the server is not verified at all */
  insecure: boolean;
  /** files the kubeconfig names that could not be read */
  notes: string[];
}

function dataOrFile(data: string | undefined, file: string | undefined, what: string, notes: string[]): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    notes.push(`cannot read the ${what} ${file}: ${messageOf(error)}`);
    return undefined;
  }
}

export function kubeconfigTrust(resolved: ResolvedKubeConfig): KubeconfigTrust {
  const cluster = resolved.config.getCurrentCluster();
  const user = resolved.config.getCurrentUser();
  const notes: string[] = [];
  return {
    server: resolved.server,
    tlsServerName: cluster?.tlsServerName,
    caPem: dataOrFile(cluster?.caData, cluster?.caFile, 'certificate-authority', notes),
    user: user?.name ?? '',
    clientCertPem: dataOrFile(user?.certData, user?.certFile, 'client-certificate', notes),
    insecure: cluster?.skipTLSVerify === true,
    notes,
  };
}

/**
 * The certificate chain a TLS server presents (leaf first, DER), read without verifying it:
 * judging it is the caller's job, and an expired or untrusted chain is exactly what it looks for.
 */
export async function servedChain(endpoint: string, options: { servername?: string | undefined; timeoutMs: number }): Promise<Buffer[]> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const servername = options.servername ?? (isIP(host) ? undefined : host);
  return await new Promise<Buffer[]>((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ...(servername ? { servername } : {}) }, () => {
      const chain: Buffer[] = [];
      const seen = new Set<string>();
      let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      socket.end();
      resolve(chain);
    });
    socket.setTimeout(options.timeoutMs, () => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.on('error', (error) => reject(errorFromNetwork(error, `${url.protocol}//${url.host}`, 'read its certificate chain', options.timeoutMs)));
  });
}
