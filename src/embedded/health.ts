import https from 'node:https';
import http from 'node:http';
import { readFileSync } from 'node:fs';

export interface ProbeTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * One GET against a component's health endpoint (etcd /health, scheduler /healthz, CoreDNS
 * /ready...): resolves with status and body, or undefined when nothing answers. These are
 * the control-plane programs' own endpoints, not the Kubernetes API.
 */
export async function probe(url: string, tls: ProbeTls = {}, timeoutMs = 2000): Promise<{ status: number; body: string } | undefined> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const options: https.RequestOptions = target.protocol === 'https:'
    ? {
        ca: tls.ca ? readFileSync(tls.ca) : undefined,
        cert: tls.cert ? readFileSync(tls.cert) : undefined,
        key: tls.key ? readFileSync(tls.key) : undefined,
        // components' self-signed serving certificates (scheduler, controller-manager) carry no CA we know
        rejectUnauthorized: Boolean(tls.ca),
      }
    : {};
  return await new Promise((resolve) => {
    const req = lib.get(target, { ...options, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
