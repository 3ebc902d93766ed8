/**
 * The kubelet API of the embedded cluster's fake nodes, as far as k8sdoc needs it: container
 * logs, read through the apiserver (`kubectl logs`, diagnose's last log lines). kwok v0.8 can
 * serve these too, but its server answers plain HTTP and any TLS client on the same port and
 * cannot verify client certificates; this one accepts only the apiserver's kubelet-client
 * certificate (mTLS against the cluster CA), as a real kubelet with webhook authn would.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** The only client identity served: the apiserver's --kubelet-client-certificate. */
export const KUBELET_CLIENT_CN = 'kube-apiserver-kubelet-client';

export interface KubeletServerOptions {
  port: number;
  ca: string;
  cert: string;
  key: string;
  /** served as every container's log, and as the previous instance's (`?previous=true`) */
  logFile: string;
  previousLogFile: string;
}

export interface LogQuery {
  tailLines?: number;
  limitBytes?: number;
  timestamps: boolean;
  /** entries older than this are left out */
  since?: Date;
}

/** PodLogOptions from the query the apiserver sends (the kubelet's own names). */
export function logQuery(params: URLSearchParams, now = new Date()): LogQuery {
  const number = (name: string): number | undefined => {
    const value = params.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const query: LogQuery = { timestamps: params.get('timestamps') === 'true' };
  const tail = params.get('tail') === 'all' ? undefined : (number('tailLines') ?? number('tail'));
  if (tail !== undefined) query.tailLines = tail;
  const limit = number('limitBytes');
  if (limit !== undefined) query.limitBytes = limit;
  const sinceSeconds = number('sinceSeconds');
  const sinceTime = params.get('sinceTime');
  const candidates = [sinceSeconds === undefined ? undefined : new Date(now.getTime() - sinceSeconds * 1000), sinceTime ? new Date(sinceTime) : undefined];
  const since = candidates.filter((d): d is Date => d !== undefined && !Number.isNaN(d.getTime())).sort((a, b) => b.getTime() - a.getTime())[0];
  if (since) query.since = since;
  return query;
}

/**
 * A CRI log file (`TIMESTAMP STREAM P|F CONTENT` per line, as a kubelet writes them) as the
 * kubelet serves it: partial lines joined, then since, tail and limitBytes applied.
 */
export function renderCriLog(text: string, query: LogQuery): string {
  const entries: { at: string; line: string }[] = [];
  let partial = '';
  for (const raw of text.split('\n')) {
    const match = /^(\S+) (stdout|stderr) ([PF]) ?(.*)$/.exec(raw);
    if (!match) continue;
    const [, at = '', , tag, content = ''] = match;
    if (tag === 'P') {
      partial += content;
      continue;
    }
    entries.push({ at, line: partial + content });
    partial = '';
  }
  const since = query.since;
  let kept = since ? entries.filter((e) => new Date(e.at).getTime() >= since.getTime()) : entries;
  if (query.tailLines !== undefined) kept = query.tailLines === 0 ? [] : kept.slice(-query.tailLines);
  const out = kept.map((e) => `${query.timestamps ? `${e.at} ` : ''}${e.line}\n`).join('');
  return query.limitBytes === undefined ? out : Buffer.from(out).subarray(0, query.limitBytes).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}

function handle(options: KubeletServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const peer = (req.socket as TLSSocket).getPeerCertificate();
  if (!(req.socket as TLSSocket).authorized || peer.subject?.CN !== KUBELET_CLIENT_CN) {
    reply(res, 403, `forbidden: only the apiserver's kubelet client (${KUBELET_CLIENT_CN}) is served\n`);
    return;
  }
  const url = new URL(req.url ?? '/', 'https://kubelet');
  if (/^\/(exec|attach|portForward|run)\//.test(url.pathname)) {
    return reply(res, 403, 'exec, attach and port-forward are off on this embedded cluster: start it with `k8sdoc cluster up --allow-exec` to serve them\n');
  }
  if (req.method !== 'GET') return reply(res, 405, 'method not allowed\n');
  if (url.pathname === '/healthz') return reply(res, 200, 'ok');
  const logs = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (logs) {
    const file = url.searchParams.get('previous') === 'true' ? options.previousLogFile : options.logFile;
    return reply(res, 200, renderCriLog(readFileSync(file, 'utf8'), logQuery(url.searchParams)));
  }
  reply(res, 404, 'not found\n');
}

/** Listens on 127.0.0.1:port; a client without a certificate of the cluster CA never gets past TLS. */
export function serveKubelet(options: KubeletServerOptions): https.Server {
  const server = https.createServer(
    { ca: readFileSync(options.ca), cert: readFileSync(options.cert), key: readFileSync(options.key), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      try {
        handle(options, req, res);
      } catch (error) {
        reply(res, 500, `${(error as Error).message}\n`);
      }
    },
  );
  server.listen(options.port, '127.0.0.1');
  return server;
}
