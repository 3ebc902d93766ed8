import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { K8sdocError, messageOf } from '../errors.js';
import type { ExitCodeName } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method?: HttpMethod;
  /** API path, e.g. /api/v1/namespaces/default/pods */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** 0 disables the timeout (streams such as `logs -f`) */
  timeoutMs?: number;
  /** what the request does, for error messages: "list pods in namespace web" */
  what?: string;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface Prepared {
  agent: http.Agent;
  headers: Record<string, string>;
  at: number;
}

/** A Kubernetes Status object as the API returns it on errors. */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; causes?: { message?: string }[]; retryAfterSeconds?: number };
  metadata?: { continue?: string };
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
]);
/** Credentials are re-read (exec plugins, token files) at most this often. */
const CREDENTIAL_TTL_MS = 30_000;

export interface TransportOptions {
  timeoutMs: number;
  /** attempts for idempotent reads on 429/5xx/reset connections */
  maxAttempts: number;
  /** upper bound on one wait between attempts */
  maxBackoffMs: number;
}

export class ApiError extends K8sdocError {
  readonly status: number;
  readonly reason: string | undefined;
  readonly continueToken: string | undefined;
  /** details.causes[].message: e.g. the PodDisruptionBudget that refused an eviction */
  readonly causes: string[];

  constructor(code: string, message: string, status: number, exit: ExitCodeName, hint: string | undefined, body: StatusBody | undefined) {
    super(code, message, { exit, ...(hint ? { hint } : {}), details: { status, reason: body?.reason } });
    this.status = status;
    this.reason = body?.reason;
    this.continueToken = body?.metadata?.continue;
    this.causes = (body?.details?.causes ?? []).flatMap((cause) => (cause.message ? [cause.message] : []));
  }
}

function parseStatus(body: Buffer): StatusBody | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as StatusBody;
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The RBAC denial names the verb and resource (`cannot list resource "pods" in API group "" at the
 * cluster scope`): the hint asks for exactly that, and offers -n only when the denial was cluster-wide.
 */
export function forbiddenHint(serverSays: string): string {
  const denied = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"( at the cluster scope)?/.exec(serverSays);
  if (!denied) return 'ask a cluster admin for this permission (kubectl auth can-i shows what you may do)';
  const [, verb = '', resource = '', group = '', clusterScope] = denied;
  const grant = `ask a cluster admin to grant ${verb} on ${group ? `${resource}.${group}` : resource}`;
  return clusterScope ? `${grant}, or, for a namespaced kind, narrow the command to a namespace you may read (-n NAMESPACE)` : grant;
}

/** Maps a non-2xx answer to the project's error type, with a hint a user can act on. */
export function errorFromResponse(response: ApiResponse, what: string, server: string): ApiError {
  const status = parseStatus(response.body);
  const serverSays = status?.message ?? (response.body.toString('utf8').trim().slice(0, 200) || `HTTP ${response.status}`);
  switch (response.status) {
    case 401:
      return new ApiError('unauthorized', `the API server at ${server} rejected our credentials (401 Unauthorized) while trying to ${what}`, 401, 'cluster', 'check the user of your context: an expired client certificate or token, or a failing exec credential plugin', status);
    case 403:
      return new ApiError('forbidden', `forbidden: ${serverSays}`, 403, 'forbidden', forbiddenHint(serverSays), status);
    case 404:
      return new ApiError('not-found', `not found: ${serverSays}`, 404, 'notFound', undefined, status);
    case 409:
      return new ApiError('conflict', `conflict: ${serverSays}`, 409, 'conflict', 'the object changed or already exists; read it again and retry', status);
    case 410:
      return new ApiError('gone', `expired: ${serverSays}`, 410, 'cluster', 'the list changed too much while it was read; run the command again', status);
    case 422:
    case 400:
      return new ApiError('invalid', `the API server refused to ${what}: ${serverSays}`, response.status, 'usage', undefined, status);
    case 429:
      return new ApiError('throttled', `the API server is throttling us (429) while trying to ${what}: ${serverSays}`, 429, 'cluster', 'retry later or lower the load (API priority and fairness)', status);
    default:
      return new ApiError('server-error', `the API server failed to ${what} (HTTP ${response.status}): ${serverSays}`, response.status, 'cluster', 'check the apiserver (k8sdoc diagnose --checks control-plane) and retry', status);
  }
}

/** Maps a socket-level failure (no HTTP answer at all) to the project's error type. */
export function errorFromNetwork(error: unknown, server: string, what: string, timeoutMs: number): K8sdocError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') {
    return new K8sdocError('connection-refused', `cannot connect to ${server}: connection refused`, { exit: 'cluster', hint: 'is the API server running and is this the right --context? (`k8sdoc cluster up` starts the embedded one)', cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new K8sdocError('dns-failure', `cannot resolve the API server host of ${server}`, { exit: 'cluster', hint: 'check the server address in your kubeconfig and your DNS', cause: error });
  }
  if (code === 'ETIMEDOUT' || code === 'request-timeout') {
    return new K8sdocError('timeout', `timed out after ${timeoutMs / 1000}s trying to ${what} at ${server}`, { exit: 'cluster', hint: 'the API server is slow or unreachable; raise --request-timeout or check the network', cause: error });
  }
  if (TLS_CODES.has(code) || /certificate|self[- ]signed|TLS/i.test(messageOf(error))) {
    return new K8sdocError('tls', `TLS verification of ${server} failed: ${messageOf(error)}`, { exit: 'cluster', hint: "the server's certificate does not match the certificate-authority of your kubeconfig, or it expired; fix the CA data or the server address", cause: error });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || messageOf(error) === 'aborted') {
    return new K8sdocError('connection-reset', `the connection to ${server} was reset while trying to ${what}`, { exit: 'cluster', hint: 'retry; if it persists, check the API server and any proxy in between', cause: error });
  }
  return new K8sdocError('network', `cannot reach ${server}: ${messageOf(error)}`, { exit: 'cluster', hint: 'check the server address and the network', cause: error });
}

function retryAfterMs(response: ApiResponse, attempt: number, maxBackoffMs: number): number {
  const header = response.headers['retry-after'];
  const seconds = typeof header === 'string' ? Number(header) : NaN;
  const wanted = Number.isFinite(seconds) ? seconds * 1000 : 200 * 2 ** attempt;
  return Math.min(wanted, maxBackoffMs);
}

/**
 * client-node refuses an http:// server unless the kubeconfig also says
 * insecure-skip-tls-verify, although there is no TLS to verify; kubectl talks to such servers
 * (`kubectl proxy`, local test servers). For those, credentials are read from a copy that says so.
 */
function plainHttpTolerant(config: KubeConfig): KubeConfig {
  const current = config.getCurrentCluster();
  if (!current?.server.startsWith('http:') || current.skipTLSVerify || current.proxyUrl) return config;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: config.clusters.map((cluster) => (cluster.name === current.name ? { ...cluster, skipTLSVerify: true } : cluster)),
    users: config.users,
    contexts: config.contexts,
    currentContext: config.currentContext,
  });
  return copy;
}

/**
 * HTTP transport over a KubeConfig: TLS and credentials come from client-node (exec plugins,
 * token files, client certificates), the requests and their error mapping are ours.
 */
export class Transport {
  private prepared: Prepared | undefined;
  readonly server: string;

  constructor(
    private readonly config: KubeConfig,
    readonly options: TransportOptions,
  ) {
    const cluster = config.getCurrentCluster();
    this.server = (cluster?.server ?? '').replace(/\/+$/, '');
  }

  private async prepare(): Promise<Prepared> {
    if (this.prepared && Date.now() - this.prepared.at < CREDENTIAL_TTL_MS) return this.prepared;
    const opts: https.RequestOptions = { headers: {} };
    try {
      await plainHttpTolerant(this.config).applyToHTTPSOptions(opts);
    } catch (error) {
      throw new K8sdocError('credentials', `cannot get credentials for the current context: ${messageOf(error).split('\n')[0]}`, { exit: 'cluster', hint: 'check the exec credential plugin or the certificate/key files named in your kubeconfig', cause: error });
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
    }
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const cluster = this.config.getCurrentCluster();
    let agent: http.Agent;
    if (cluster?.proxyUrl) {
      agent = opts.agent as http.Agent;
    } else if (this.server.startsWith('http:')) {
      agent = new http.Agent({ keepAlive: true });
    } else {
      agent = new https.Agent({
        keepAlive: true,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        pfx: opts.pfx,
        passphrase: opts.passphrase,
        ...(opts.rejectUnauthorized === false || cluster?.skipTLSVerify ? { rejectUnauthorized: false } : {}),
        ...(cluster?.tlsServerName ? { servername: cluster.tlsServerName } : {}),
      });
    }
    this.prepared?.agent.destroy();
    this.prepared = { agent, headers, at: Date.now() };
    return this.prepared;
  }

  url(request: ApiRequest): URL {
    const url = new URL(this.server + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Opens a request and resolves with the response stream once headers arrive. */
  async open(request: ApiRequest): Promise<IncomingMessage> {
    const prepared = await this.prepare();
    const url = this.url(request);
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const what = request.what ?? `${request.method ?? 'GET'} ${request.path}`;
    const payload = request.body === undefined ? undefined : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
    const headers: Record<string, string> = { ...prepared.headers, Accept: request.accept ?? 'application/json', 'User-Agent': 'k8sdoc' };
    if (payload) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const lib = url.protocol === 'http:' ? http : https;
    return await new Promise<IncomingMessage>((resolve, reject) => {
      const timedOut = (): Error => Object.assign(new Error('request timed out'), { code: 'request-timeout' });
      // a deadline from the start, through connect and TLS handshake to the response headers: the
      // socket's idle timeout alone let a server that accepts and never answers hold a request twice as long
      const deadline = timeoutMs > 0 ? setTimeout(() => req.destroy(timedOut()), timeoutMs) : undefined;
      const req = lib.request(url, { method: request.method ?? 'GET', headers, agent: prepared.agent }, (response) => {
        clearTimeout(deadline);
        resolve(response);
      });
      // then the body may stall: the idle timeout covers that
      if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(timedOut()));
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(errorFromNetwork(error, this.server, what, timeoutMs));
      });
      req.end(payload);
    });
  }

  /** One request, body buffered, non-2xx mapped to ApiError; reads are retried when safe. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const method = request.method ?? 'GET';
    const attempts = method === 'GET' ? this.options.maxAttempts : 1;
    const what = request.what ?? `${method} ${request.path}`;
    for (let attempt = 0; ; attempt++) {
      let response: ApiResponse;
      try {
        const stream = await this.open(request);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        response = { status: stream.statusCode ?? 0, headers: stream.headers, body: Buffer.concat(chunks) };
      } catch (error) {
        // a body cut off mid-read ("aborted") is a reset connection too, not a bug of ours
        const mapped = error instanceof K8sdocError ? error : errorFromNetwork(error, this.server, what, request.timeoutMs ?? this.options.timeoutMs);
        if (mapped.code === 'connection-reset' && attempt + 1 < attempts) {
          await sleep(Math.min(200 * 2 ** attempt, this.options.maxBackoffMs));
          continue;
        }
        throw mapped;
      }
      if (response.status >= 200 && response.status < 300) return response;
      if (RETRYABLE_STATUS.has(response.status) && attempt + 1 < attempts) {
        await sleep(retryAfterMs(response, attempt, this.options.maxBackoffMs));
        continue;
      }
      throw errorFromResponse(response, what, this.server);
    }
  }

  close(): void {
    this.prepared?.agent.destroy();
    this.prepared = undefined;
  }
}
