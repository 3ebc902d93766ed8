import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../../src/kube/client.js';
import type { TransportOptions } from '../../../src/kube/http.js';
import { FIXTURES } from '../../helpers/snapshot.js';

/**
 * A scripted HTTP(S) server on 127.0.0.1 for unit tests of the transport: each test answers
 * requests itself and inspects what the client sent.
 */
export interface Recorded {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: Recorded, response: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

const TLS_DIR = path.join(FIXTURES, 'kubeconfig', 'tls');
export const TEST_CA = readFileSync(path.join(TLS_DIR, 'server.crt'), 'utf8');

export async function startServer(handler: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const requests: Recorded[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      handler(recorded, res);
    });
  };
  const server = options.tls
    ? https.createServer({ cert: TEST_CA, key: readFileSync(path.join(TLS_DIR, 'server.key')) }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A Kubernetes Status body, as the API answers errors. */
export function status(code: number, reason: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, ...extra };
}

/** A client for a test server; retries wait at most a few milliseconds unless asked otherwise. */
export function clientFor(server: string, options: Partial<TransportOptions> & { caData?: string } = {}): KubeClient {
  const { caData, ...transport } = options;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'test', server, skipTLSVerify: false, ...(caData ? { caData: Buffer.from(caData).toString('base64') } : {}) }],
    users: [{ name: 'test', token: 'test-token' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test', namespace: 'default' }],
    currentContext: 'test',
  });
  return new KubeClient(
    { config, source: { kind: 'flag', files: [] }, context: 'test', namespace: 'default', server },
    { timeoutMs: 2000, maxAttempts: 3, maxBackoffMs: 5, ...transport },
  );
}
