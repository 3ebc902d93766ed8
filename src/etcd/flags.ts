import { Flags } from '@oclif/core';
import { kubeClientFor, kubeFlags, loadKubeModules, parseDuration } from '../base-command.js';
import { usageError } from '../errors.js';
import { findTool, parseEndpoints, resolveConnection } from './connection.js';
import type { ConnectionFlags, EtcdConnection } from './connection.js';

/** How the etcd commands reach etcd, as etcdctl spells it, plus the kubeadm and embedded shortcuts. */
export const connectionFlags = {
  endpoints: Flags.string({ description: 'etcd client URLs, comma-separated (default: https://127.0.0.1:2379).', helpGroup: 'ETCD' }),
  cacert: Flags.string({ description: "CA bundle that signed etcd's serving certificate.", helpGroup: 'ETCD' }),
  cert: Flags.string({ description: 'Client certificate etcd trusts.', helpGroup: 'ETCD' }),
  key: Flags.string({ description: 'Key of the client certificate.', helpGroup: 'ETCD' }),
  'pki-dir': Flags.string({ description: 'kubeadm etcd PKI folder (default /etc/kubernetes/pki/etcd when readable): ca.crt and the healthcheck-client pair (else server).', helpGroup: 'ETCD' }),
  embedded: Flags.string({ description: 'Use the etcd of the embedded cluster with this name (`k8sdoc cluster up --name`).', helpGroup: 'ETCD' }),
  etcdctl: Flags.string({ description: 'Path to etcdctl (default: PATH, then the embedded control plane\'s cache).', helpGroup: 'ETCD' }),
  etcdutl: Flags.string({ description: 'Path to etcdutl (default: PATH, then the embedded control plane\'s cache).', helpGroup: 'ETCD' }),
  timeout: Flags.string({ description: 'How long one etcd operation may take (e.g. 30s, 5m).', default: '30s', helpGroup: 'ETCD' }),
  'via-pod': Flags.string({
    description:
      'Run etcdctl inside the etcd static pod through the API (pods/exec), for etcd reachable only from inside the cluster: `--via-pod` finds the pod labelled component=etcd in kube-system, `--via-pod POD` names it. Endpoint and certificates come from the pod\'s etcd command; --etcdctl, --cacert, --cert and --key then name paths inside the pod. Not for snapshot save.',
    helpGroup: 'ETCD',
  }),
};

/** verify, restore and drill agree on a snapshot without etcd's appended hash: refused, unless this. */
export const skipHashCheckFlag = Flags.boolean({
  description: "Accept a snapshot without the sha256 etcd appends (a db file copied from a data dir): verify does not fail on it and restore passes --skip-hash-check to etcdutl. Its integrity then rests on the sha256 in its k8sdoc metadata alone.",
});

/**
 * `--via-pod` takes an optional pod name, which oclif cannot express: a bare `--via-pod` (last,
 * or followed by another flag) becomes `--via-pod=` before parsing. The etcd commands take no
 * positional arguments, so a word after it is the pod.
 */
export function viaPodArgv(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--via-pod' && (i + 1 >= argv.length || (argv[i + 1] ?? '').startsWith('-')) ? '--via-pod=' : arg));
}

/** Only the tools: commands that read files (verify, restore, drill) need no connection. */
export const toolFlags = {
  etcdutl: connectionFlags.etcdutl,
};

/** The flags of the commands that can run etcdctl in the etcd pod: where the API is, for the exec. */
export const viaPodFlags = {
  ...connectionFlags,
  ...kubeFlags,
};

export interface ResolvedEtcd {
  connection: EtcdConnection;
  etcdctl: string;
  etcdutl: () => string;
  timeoutMs: number;
  /** releases the API client of `--via-pod` */
  close: () => void;
}

export interface ResolveOptions {
  /** the command can run etcdctl in the etcd pod (`viaPodFlags`); snapshot save cannot */
  viaPod?: boolean;
}

type EtcdFlagValues = ConnectionFlags & { timeout: string; 'via-pod'?: string | undefined; kubeconfig?: string | undefined; context?: string | undefined; 'request-timeout'?: string | undefined };

async function viaPod(flags: EtcdFlagValues, timeoutMs: number): Promise<ResolvedEtcd> {
  if (flags.embedded !== undefined || flags['pki-dir'] !== undefined) throw usageError('--via-pod cannot be combined with --embedded or --pki-dir', 'the etcd pod\'s command names its own endpoint and certificates');
  const [modules, { viaPodConnection }] = await Promise.all([loadKubeModules(), import('./via-pod.js')]);
  const kube = kubeClientFor(modules, flags, (message) => process.stderr.write(`${message}\n`));
  try {
    const connection = await viaPodConnection(kube, {
      pod: flags['via-pod'] === '' ? undefined : flags['via-pod'],
      etcdctl: flags.etcdctl,
      endpoints: flags.endpoints === undefined ? undefined : parseEndpoints(flags.endpoints),
      cacert: flags.cacert,
      cert: flags.cert,
      key: flags.key,
    });
    return { connection, etcdctl: flags.etcdctl ?? 'etcdctl', etcdutl: () => findTool('etcdutl', flags.etcdutl), timeoutMs, close: () => kube.close() };
  } catch (error) {
    kube.close();
    throw error;
  }
}

export async function resolveEtcd(flags: EtcdFlagValues, options: ResolveOptions = {}): Promise<ResolvedEtcd> {
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  if (flags['via-pod'] !== undefined) {
    if (!options.viaPod) {
      throw usageError('--via-pod cannot save a snapshot: exec cannot stream a file out of the distroless etcd image (no shell, no cat)', 'run `k8sdoc etcd snapshot save --pki-dir /etc/kubernetes/pki/etcd` on a control-plane node (often with sudo)');
    }
    return viaPod(flags, timeoutMs);
  }
  const connection = await resolveConnection(flags);
  return { connection, etcdctl: findTool('etcdctl', connection.tools.etcdctl), etcdutl: () => findTool('etcdutl', connection.tools.etcdutl), timeoutMs, close: () => undefined };
}

/** Resolves the connection, runs `work` with it, and releases it (the API client of --via-pod) however `work` ends. */
export async function withEtcd<T>(flags: EtcdFlagValues, work: (etcd: ResolvedEtcd) => Promise<T>): Promise<T> {
  const etcd = await resolveEtcd(flags, { viaPod: true });
  try {
    return await work(etcd);
  } finally {
    etcd.close();
  }
}

/** The apiserver's version for snapshot metadata: --kubeconfig, else the embedded cluster's. */
export function kubernetesVersionOf(kubeconfig: string | undefined): (() => Promise<string | undefined>) | undefined {
  if (kubeconfig === undefined) return undefined;
  return async () => {
    const { KubeClient, resolveKubeConfig } = await loadKubeModules();
    const client = new KubeClient(resolveKubeConfig({ kubeconfig, env: {} }), { timeoutMs: 5000, maxAttempts: 1 });
    try {
      return (await client.version()).gitVersion;
    } finally {
      client.close();
    }
  };
}
