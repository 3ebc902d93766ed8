import path from 'node:path';
import { K8sdocError, usageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { execInPod } from '../kube/exec.js';
import { R } from '../kube/resources.js';
import type { Container, Pod } from '../kube/types.js';
import { KUBEADM_ETCD_ENDPOINT } from './connection.js';
import type { EtcdConnection, EtcdctlVia } from './connection.js';
import type { ToolResult } from './etcdctl.js';

/** Where kubeadm runs etcd as a static pod, and how its pods are labelled. */
export const ETCD_POD_NAMESPACE = 'kube-system';
export const ETCD_POD_SELECTOR = 'component=etcd';

/** What running etcdctl inside one etcd pod needs, read from the pod's spec. */
export interface EtcdPod {
  namespace: string;
  name: string;
  container: string;
  node: string | undefined;
  phase: string | undefined;
  /** every client URL the member listens on or advertises (http/https) */
  clientURLs: string[];
  /** the one etcdctl inside the pod talks to: loopback when etcd listens there */
  endpoint: string;
  /** etcdctl inside the pod: next to the etcd binary the container runs, else on its PATH */
  etcdctl: string;
  cacert: string | undefined;
  /** client pairs to try in order: kubeadm's healthcheck-client beside --cert-file, then the server pair */
  pairs: { cert: string; key: string }[];
}

/** `--name=value` and `--name value` flags of a command line; the last one wins, as with Go's flag package. */
export function commandFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([\w.-]+)(?:=(.*))?$/s.exec(argv[i] ?? '');
    if (!m?.[1]) continue;
    if (m[2] !== undefined) flags.set(m[1], m[2]);
    else if (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('-')) flags.set(m[1], argv[++i] ?? '');
    else flags.set(m[1], 'true');
  }
  return flags;
}

const urls = (value: string | undefined): string[] => (value ?? '').split(',').map((u) => u.trim()).filter((u) => /^https?:\/\/[^/\s]+/.test(u));
const hostOf = (url: string): string => new URL(url).hostname;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD = new Set(['0.0.0.0', '[::]']);

/**
 * The client URL etcdctl inside the pod should use: a loopback one when etcd listens there
 * (kubeadm: https://127.0.0.1:2379), a wildcard listener reached over loopback, else the
 * advertised one.
 */
export function localClientURL(listen: readonly string[], advertise: readonly string[]): string {
  const loopback = [...listen, ...advertise].find((u) => LOOPBACK.has(hostOf(u)));
  if (loopback) return loopback;
  const wildcard = listen.find((u) => WILDCARD.has(hostOf(u)));
  if (wildcard) {
    const url = new URL(wildcard);
    url.hostname = '127.0.0.1';
    return url.toString().replace(/\/$/, '');
  }
  return advertise[0] ?? listen[0] ?? KUBEADM_ETCD_ENDPOINT;
}

const commandLine = (c: Container): string[] => [...(c.command ?? []), ...(c.args ?? [])];
const runsEtcd = (c: Container): boolean => commandLine(c).some((a) => /^--(listen|advertise)-client-urls[=]?/.test(a));

/** Reads one etcd pod's container command into the endpoint, TLS files and etcdctl path to use inside it. */
export function etcdPodOf(pod: Pod, etcdctl?: string): EtcdPod {
  const name = `${pod.metadata.namespace ?? ETCD_POD_NAMESPACE}/${pod.metadata.name}`;
  const container = pod.spec.containers.find((c) => c.name === 'etcd' && runsEtcd(c)) ?? pod.spec.containers.find(runsEtcd);
  if (!container) {
    throw new K8sdocError('etcd-pod-unreadable', `pod ${name} runs no etcd: none of its containers has --listen-client-urls or --advertise-client-urls`, { exit: 'precondition', hint: 'name the etcd static pod: --via-pod etcd-<node name>' });
  }
  const flags = commandFlags(commandLine(container));
  const listen = urls(flags.get('listen-client-urls'));
  const advertise = urls(flags.get('advertise-client-urls'));
  const endpoint = localClientURL(listen, advertise);
  const tls = endpoint.startsWith('https:');
  const certFile = flags.get('cert-file');
  const keyFile = flags.get('key-file');
  const pairs: EtcdPod['pairs'] = [];
  if (tls && certFile) {
    const dir = path.posix.dirname(certFile);
    pairs.push({ cert: path.posix.join(dir, 'healthcheck-client.crt'), key: path.posix.join(dir, 'healthcheck-client.key') });
    if (keyFile) pairs.push({ cert: certFile, key: keyFile });
  }
  const program = container.command?.[0];
  return {
    namespace: pod.metadata.namespace ?? ETCD_POD_NAMESPACE,
    name: pod.metadata.name,
    container: container.name,
    node: pod.spec.nodeName,
    phase: (pod.status as { phase?: string } | undefined)?.phase,
    clientURLs: [...new Set([...listen, ...advertise])],
    endpoint,
    etcdctl: etcdctl ?? (program && path.posix.isAbsolute(program) ? path.posix.join(path.posix.dirname(program), 'etcdctl') : 'etcdctl'),
    cacert: tls ? flags.get('trusted-ca-file') : undefined,
    pairs,
  };
}

const podNotFound = (name: string): K8sdocError =>
  new K8sdocError('not-found', `etcd pod "${name}" not found in namespace ${ETCD_POD_NAMESPACE}`, { exit: 'notFound', hint: `list them with \`k8sdoc get pods -n ${ETCD_POD_NAMESPACE} -l ${ETCD_POD_SELECTOR}\`` });

/**
 * The pod etcdctl runs in by default: the named one, else the first running etcd pod by name
 * (one member reaches the others with --cluster; per-member commands go to the member's own pod).
 */
export function pickEtcdPod(pods: readonly EtcdPod[], name?: string): EtcdPod {
  const running = pods.filter((p) => p.phase === 'Running').sort((a, b) => a.name.localeCompare(b.name));
  const chosen = name ? pods.find((p) => p.name === name) : running[0];
  if (!chosen) {
    if (name) throw podNotFound(name);
    const states = pods.map((p) => `${p.name} ${p.phase ?? 'Unknown'}`).join(', ');
    throw new K8sdocError('etcd-pod-not-running', `no etcd pod is running in namespace ${ETCD_POD_NAMESPACE} (${states})`, { exit: 'precondition', hint: 'run on a control-plane node with --pki-dir instead, or bring the etcd pod back' });
  }
  if (chosen.phase !== 'Running') {
    throw new K8sdocError('etcd-pod-not-running', `etcd pod ${chosen.name} is ${chosen.phase ?? 'not running'}; exec needs a running container`, { exit: 'precondition', hint: 'pick another member with --via-pod POD, or run on a control-plane node with --pki-dir' });
  }
  return chosen;
}

/** The pod that serves every endpoint a command is about (per-member commands), else the default one. */
export function podFor(pods: readonly EtcdPod[], fallback: EtcdPod, endpoints: readonly string[]): EtcdPod {
  const norm = (u: string): string => u.replace(/\/+$/, '');
  const own = pods.find((p) => p.phase === 'Running' && endpoints.length > 0 && endpoints.every((e) => p.clientURLs.map(norm).includes(norm(e)) || norm(e) === norm(p.endpoint)));
  return own ?? fallback;
}

/** etcdctl could not open a client certificate or key file: the pair is not in the pod. */
export function missingPair(stderr: string, pair: { cert: string; key: string }): boolean {
  return [pair.cert, pair.key].some((file) => stderr.includes(`open ${file}: no such file or directory`));
}

export interface ViaPodOptions {
  /** pod name, or undefined for the pod labelled component=etcd */
  pod: string | undefined;
  /** --etcdctl: its path inside the pod */
  etcdctl: string | undefined;
  /** explicit --endpoints, --cacert, --cert, --key: override what the pod's command says */
  endpoints: string[] | undefined;
  cacert: string | undefined;
  cert: string | undefined;
  key: string | undefined;
}

async function findEtcdPods(kube: KubeClient, options: ViaPodOptions): Promise<EtcdPod[]> {
  if (options.pod !== undefined) {
    const pod = await kube.find<Pod>(R.pods, options.pod, ETCD_POD_NAMESPACE);
    if (!pod) throw podNotFound(options.pod);
    return [etcdPodOf(pod, options.etcdctl)];
  }
  const pods = (await kube.list<Pod>(R.pods, { namespace: ETCD_POD_NAMESPACE, labelSelector: ETCD_POD_SELECTOR })).filter((p) => !p.metadata.deletionTimestamp);
  if (pods.length === 0) {
    throw new K8sdocError('not-found', `no etcd pod in namespace ${ETCD_POD_NAMESPACE} (label ${ETCD_POD_SELECTOR})`, { exit: 'notFound', hint: 'name the pod that runs etcd: --via-pod POD; on clusters without an etcd static pod run on an etcd host with --endpoints and --pki-dir' });
  }
  return pods.map((p) => etcdPodOf(p, options.etcdctl));
}

/**
 * An etcd connection whose etcdctl runs inside the etcd static pod through the exec API. The
 * client certificate is kubeadm's healthcheck-client when the pod has it, else etcd's server pair.
 */
export async function viaPodConnection(kube: KubeClient, options: ViaPodOptions): Promise<EtcdConnection> {
  if ((options.cert === undefined) !== (options.key === undefined)) throw usageError('--cert and --key go together', 'pass both, or neither');
  const pods = await findEtcdPods(kube, options);
  const chosen = pickEtcdPod(pods, options.pod);
  // one pair per pod, settled on its first run
  const pairIndex = new Map<string, number>();
  const connectionOf = (pod: EtcdPod, endpoints: readonly string[]): EtcdConnection => {
    const pair = options.cert !== undefined && options.key !== undefined ? { cert: options.cert, key: options.key } : pod.pairs[pairIndex.get(pod.name) ?? 0];
    return { endpoints: [...endpoints], cacert: options.cacert ?? pod.cacert, cert: pair?.cert, key: pair?.key, source: `pod ${pod.namespace}/${pod.name}` };
  };
  const via: EtcdctlVia = {
    async run(argsFor, run): Promise<ToolResult> {
      const pod = podFor(pods, chosen, run.endpoints);
      for (;;) {
        // runs go in parallel: each remembers the pair it used, the first to miss it moves the pod on
        const used = pairIndex.get(pod.name) ?? 0;
        // the endpoints asked for, unchanged: etcdctl's output is matched to the members by them
        const connection = connectionOf(pod, run.endpoints);
        const result = await execInPod(kube, { namespace: pod.namespace, pod: pod.name, container: pod.container, command: [pod.etcdctl, ...argsFor(connection)], timeoutMs: run.timeoutMs, cancelSignal: run.cancelSignal });
        const pair = pod.pairs[used];
        const tryNext = options.cert === undefined && result.exitCode !== 0 && used + 1 < pod.pairs.length && pair !== undefined && missingPair(result.stderr, pair);
        if (!tryNext) return result;
        pairIndex.set(pod.name, Math.max(pairIndex.get(pod.name) ?? 0, used + 1));
      }
    },
  };
  return { ...connectionOf(chosen, options.endpoints ?? [chosen.endpoint]), via };
}
