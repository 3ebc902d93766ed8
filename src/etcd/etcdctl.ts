import { execa } from 'execa';
import { K8sdocError } from '../errors.js';
import type { EtcdConnection } from './connection.js';

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** whole-process limit; etcdctl's own --command-timeout is set just below it */
  timeoutMs?: number;
  cancelSignal?: AbortSignal;
  /** override the endpoints of the connection (defrag and health talk to one member at a time) */
  endpoints?: string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** etcdctl's connection flags for a connection. */
export function connectionArgs(connection: EtcdConnection, endpoints = connection.endpoints): string[] {
  return [
    `--endpoints=${endpoints.join(',')}`,
    ...(connection.cacert ? [`--cacert=${connection.cacert}`] : []),
    ...(connection.cert ? [`--cert=${connection.cert}`] : []),
    ...(connection.key ? [`--key=${connection.key}`] : []),
  ];
}

/** Runs a program with an argument array (never a shell); a non-zero exit is returned, not thrown. */
export async function runTool(binary: string, args: string[], options: { timeoutMs?: number; cancelSignal?: AbortSignal } = {}): Promise<ToolResult> {
  const result = await execa(binary, args, {
    reject: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stdin: 'ignore',
    ...(options.cancelSignal ? { cancelSignal: options.cancelSignal } : {}),
    env: { ETCDCTL_API: '3' },
  });
  if (result.failed && result.exitCode === undefined) {
    if (result.timedOut) throw new K8sdocError('etcd-timeout', `${binary} ${args.find((a) => !a.startsWith('-')) ?? ''} did not finish within ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000}s`, { exit: 'cluster', hint: 'check that etcd answers, or allow more time with --timeout' });
    if (result.isCanceled) throw new K8sdocError('interrupted', 'interrupted', { exit: 'interrupted' });
    throw new K8sdocError('etcd-tool', `cannot run ${binary}: ${result.shortMessage}`, { exit: 'precondition', hint: 'check the path given for the etcd tools' });
  }
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** Runs `etcdctl <args>` against the connection: here, or where `connection.via` runs it (`binary` is then unused). */
export async function etcdctl(binary: string, connection: EtcdConnection, args: string[], options: RunOptions = {}): Promise<ToolResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const commandTimeout = Math.max(1000, timeoutMs - 2000);
  const argsFor = (c: EtcdConnection): string[] => [...connectionArgs(c, options.endpoints), `--command-timeout=${commandTimeout}ms`, '--dial-timeout=3s', ...args];
  const cancel = options.cancelSignal ? { cancelSignal: options.cancelSignal } : {};
  if (connection.via) return connection.via.run(argsFor, { endpoints: options.endpoints ?? connection.endpoints, timeoutMs, ...cancel });
  return runTool(binary, argsFor(connection), { timeoutMs, ...cancel });
}

/** etcdctl's logs are JSON lines; the last non-log line (or the last log's error) says what failed. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const plain = lines.filter((l) => !l.startsWith('{'));
  if (plain.length > 0) return (plain.at(-1) ?? '').replace(/^Error:\s*/, '');
  for (const line of lines.reverse()) {
    try {
      const entry = JSON.parse(line) as { error?: string; msg?: string };
      if (entry.error ?? entry.msg) return entry.error ?? entry.msg ?? '';
    } catch {
      // not a log line
    }
  }
  return 'no error output';
}

/**
 * One-line error for a failed etcdctl run. etcdctl reports TLS trouble only as a deadline
 * exceeded with a broken pipe or "bad certificate" in its retry logs, so the whole stderr is read.
 */
export function etcdctlError(what: string, endpoints: readonly string[], stderr: string): K8sdocError {
  const where = endpoints.join(',');
  const last = lastErrorLine(stderr);
  if (/connection refused|no such host|network is unreachable/i.test(stderr)) {
    return new K8sdocError('etcd-unreachable', `cannot ${what}: nothing answers at ${where} (connection refused)`, { exit: 'cluster', hint: 'check that etcd runs and the endpoint is right (--endpoints https://HOST:2379)' });
  }
  // our side refused etcd's serving certificate: the CA given does not match, etcd is not to blame
  const unverified = /x509: (certificate signed by unknown authority|certificate is valid for [^"\n]*|certificate has expired or is not yet valid[^"\n]*)/i.exec(stderr);
  if (unverified) {
    return new K8sdocError('etcd-tls-verify', `cannot ${what}: the serving certificate of etcd at ${where} does not verify against --cacert (${unverified[0]})`, {
      exit: 'cluster',
      hint: "pass the CA that signed etcd's serving certificate as --cacert (kubeadm: /etc/kubernetes/pki/etcd/ca.crt), and an endpoint its certificate names",
    });
  }
  if (/certificate|x509|tls:|handshake|broken pipe|connection reset|first record does not look like a TLS handshake/i.test(stderr)) {
    return new K8sdocError('etcd-tls', `cannot ${what}: etcd at ${where} rejected the TLS connection (${last})`, {
      exit: 'cluster',
      hint: 'use a client certificate signed by etcd\'s CA: --pki-dir /etc/kubernetes/pki/etcd, or --cacert etcd/ca.crt --cert etcd/healthcheck-client.crt --key etcd/healthcheck-client.key',
    });
  }
  if (/permission denied|user name is empty|authentication failed/i.test(stderr)) {
    return new K8sdocError('etcd-forbidden', `cannot ${what}: etcd at ${where} denied the request (${last})`, { exit: 'forbidden', hint: 'use a client certificate with the rights for this operation' });
  }
  if (/deadline exceeded|timed out|timeout/i.test(stderr)) {
    return new K8sdocError('etcd-timeout', `cannot ${what}: etcd at ${where} did not answer in time (${last})`, { exit: 'cluster', hint: 'check that etcd runs and is not overloaded; allow more time with --timeout' });
  }
  return new K8sdocError('etcd-failed', `cannot ${what}: ${last}`, { exit: 'cluster' });
}

/** Runs etcdctl and throws a one-line error when it fails. */
export async function etcdctlOk(binary: string, connection: EtcdConnection, what: string, args: string[], options: RunOptions = {}): Promise<string> {
  const result = await etcdctl(binary, connection, args, options);
  if (result.exitCode !== 0) throw etcdctlError(what, options.endpoints ?? connection.endpoints, result.stderr);
  return result.stdout;
}
