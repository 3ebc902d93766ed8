import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { cachedBinary } from '../embedded/binaries.js';
import { clusterPaths } from '../embedded/paths.js';
import { K8sdocError, preconditionError, usageError } from '../errors.js';
import type { ToolResult } from './etcdctl.js';

/** Where etcd listens on a kubeadm control-plane node, and where kubeadm keeps its etcd PKI. */
export const KUBEADM_ETCD_ENDPOINT = 'https://127.0.0.1:2379';
export const KUBEADM_ETCD_PKI = '/etc/kubernetes/pki/etcd';

export interface EtcdConnection {
  endpoints: string[];
  cacert?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  /** where the settings came from, for notes and metadata */
  source: string;
  /** the admin kubeconfig of the apiserver in front of this etcd, when known (embedded clusters) */
  kubeconfig?: string | undefined;
  /** etcdctl runs elsewhere (inside the etcd pod, `--via-pod`); file paths are the ones it sees there */
  via?: EtcdctlVia | undefined;
}

/** Runs etcdctl somewhere other than this machine, e.g. in the etcd static pod through the exec API. */
export interface EtcdctlVia {
  /**
   * `argsFor` builds etcdctl's arguments for the connection the place that runs it uses (its own
   * endpoint and certificate paths); `endpoints` are the members the command is about.
   */
  run(argsFor: (connection: EtcdConnection) => string[], options: { endpoints: readonly string[]; timeoutMs: number; cancelSignal?: AbortSignal | undefined }): Promise<ToolResult>;
}

export interface EtcdTools {
  etcdctl?: string | undefined;
  etcdutl?: string | undefined;
}

export interface ConnectionFlags {
  endpoints?: string | undefined;
  cacert?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  'pki-dir'?: string | undefined;
  embedded?: string | undefined;
  etcdctl?: string | undefined;
  etcdutl?: string | undefined;
}

function allowed(file: string, mode: number): boolean {
  try {
    accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

const readable = (file: string): boolean => allowed(file, constants.R_OK);
const executable = (file: string): boolean => allowed(file, constants.X_OK);

/** The kubeadm etcd PKI pair to use: the least-privileged healthcheck-client when present, else the server pair. */
export function pkiDirConnection(dir: string, endpoints: string[], source: string): EtcdConnection {
  if (!readable(path.join(dir, 'ca.crt'))) {
    throw preconditionError('etcd-pki', `${dir} has no readable ca.crt`, 'point --pki-dir at the etcd PKI folder (kubeadm: /etc/kubernetes/pki/etcd) and run with read access to it (often sudo)');
  }
  const pair = ['healthcheck-client', 'server'].find((name) => readable(path.join(dir, `${name}.crt`)) && readable(path.join(dir, `${name}.key`)));
  if (!pair) throw preconditionError('etcd-pki', `${dir} holds neither healthcheck-client.crt/.key nor server.crt/.key readable by this user`, 'run with read access to the keys (often sudo), or pass --cert and --key');
  return { endpoints, cacert: path.join(dir, 'ca.crt'), cert: path.join(dir, `${pair}.crt`), key: path.join(dir, `${pair}.key`), source };
}

/** The etcd of an embedded cluster (`k8sdoc cluster up --name NAME`). */
export async function embeddedConnection(name: string, env: NodeJS.ProcessEnv = process.env): Promise<EtcdConnection & { tools: EtcdTools }> {
  // loaded on demand: the cluster module pulls in the Kubernetes client, which a snapshot save of a kubeadm etcd never needs
  const { readState } = await import('../embedded/cluster.js');
  const paths = clusterPaths(name, env);
  const state = readState(paths);
  if (!state) {
    throw new K8sdocError('embedded-missing', `there is no embedded cluster named "${name}"`, { exit: 'precondition', hint: `start it with \`k8sdoc cluster up --name ${name}\`` });
  }
  const endpoint = `https://127.0.0.1:${state.ports.etcdClient}`;
  return {
    ...pkiDirConnection(paths.etcdPki, [endpoint], `embedded cluster "${name}"`),
    kubeconfig: paths.kubeconfig,
    tools: { etcdctl: state.binaries.etcdctl, etcdutl: state.binaries.etcdutl },
  };
}

export function parseEndpoints(text: string): string[] {
  const endpoints = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const endpoint of endpoints) {
    if (!/^(https?:\/\/)?[^/\s]+:\d+\/?$/.test(endpoint)) throw usageError(`--endpoints: "${endpoint}" is not an etcd endpoint`, 'use https://HOST:PORT, comma-separated for several members');
  }
  if (endpoints.length === 0) throw usageError('--endpoints is empty', 'use https://HOST:PORT');
  return endpoints;
}

/**
 * --embedded NAME, else --pki-dir (or the kubeadm folder when it is readable), and explicit
 * --cacert/--cert/--key on top; the endpoint defaults to kubeadm's local one.
 */
export async function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<EtcdConnection & { tools: EtcdTools }> {
  if (flags.embedded !== undefined && (flags['pki-dir'] !== undefined || flags.endpoints !== undefined)) {
    throw usageError('--embedded cannot be combined with --endpoints or --pki-dir', 'the embedded cluster knows its own endpoint and certificates');
  }
  let base: EtcdConnection & { tools: EtcdTools };
  if (flags.embedded !== undefined) {
    base = await embeddedConnection(flags.embedded, env);
  } else {
    const endpoints = parseEndpoints(flags.endpoints ?? KUBEADM_ETCD_ENDPOINT);
    const explicitPair = flags.cacert !== undefined || flags.cert !== undefined || flags.key !== undefined;
    if (flags['pki-dir'] !== undefined) base = { ...pkiDirConnection(flags['pki-dir'], endpoints, `--pki-dir ${flags['pki-dir']}`), tools: {} };
    else if (!explicitPair && readable(path.join(KUBEADM_ETCD_PKI, 'ca.crt'))) base = { ...pkiDirConnection(KUBEADM_ETCD_PKI, endpoints, KUBEADM_ETCD_PKI), tools: {} };
    else base = { endpoints, source: '--endpoints', tools: {} };
  }
  const connection = { ...base, cacert: flags.cacert ?? base.cacert, cert: flags.cert ?? base.cert, key: flags.key ?? base.key };
  if ((connection.cert === undefined) !== (connection.key === undefined)) throw usageError('--cert and --key go together', 'pass both, or neither');
  for (const [flag, file] of [['--cacert', connection.cacert], ['--cert', connection.cert], ['--key', connection.key]] as const) {
    if (file !== undefined && !readable(file)) throw preconditionError('etcd-tls-file', `${flag} ${file} is not readable`, 'check the path and run with read access to it (often sudo)');
  }
  return { ...connection, tools: { etcdctl: flags.etcdctl ?? base.tools.etcdctl, etcdutl: flags.etcdutl ?? base.tools.etcdutl } };
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** An explicit path (--etcdctl, --etcdutl, an embedded cluster's), else PATH, else the embedded control plane's cache. */
export function findTool(name: 'etcdctl' | 'etcdutl' | 'etcd' | 'kube-apiserver', explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined) {
    if (!executable(explicit)) throw preconditionError('etcd-tool', `${explicit} is not an executable ${name}`, `check the path given for ${name}`);
    return explicit;
  }
  const found = onPath(name, env) ?? cachedBinary(name, env);
  if (found && existsSync(found)) return found;
  throw preconditionError(
    'etcd-tool',
    `${name} was not found (not on PATH, not in the embedded control plane's cache)`,
    name === 'etcdctl' || name === 'etcdutl' ? `install etcd's ${name} (same version as the server), pass --${name} PATH, or run \`k8sdoc cluster provision\`` : `run \`k8sdoc cluster provision\` or put ${name} on PATH`,
  );
}
