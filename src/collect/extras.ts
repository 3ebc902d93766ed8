import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { ContainerStatus, Pod } from '../kube/types.js';
import type { Extra, Snapshot } from '../engine/types.js';
import { mapLimit } from './pool.js';
import { collectCertificates } from '../certs/extra.js';
import { collectDnsProbe } from '../dns/extra.js';
import { collectEtcdStatus } from '../etcd/extra.js';

/** The part of the client the collector uses, so tests can hand it a fake cluster. */
export type CollectClient = Pick<KubeClient, 'server' | 'path' | 'can' | 'listPages' | 'version' | 'text'> & {
  transport: Pick<KubeClient['transport'], 'open'>;
};

export type ExtraValue<E extends Extra> = NonNullable<Snapshot['extras'][E]>;

export interface ExtraContext {
  client: CollectClient;
  /** undefined: all namespaces */
  namespace: string | undefined;
  /** the kinds already collected (the logs provider reads pods) */
  resources: Snapshot['resources'];
  /** diagnose --active: providers may run probes that change cluster state (a DNS probe pod) */
  active: boolean;
}

/** Gathers one extra; a 403 it throws is reported as the lack of `permission`. */
export interface ExtraProvider<E extends Extra = Extra> {
  permission(context: ExtraContext): string;
  collect(context: ExtraContext): Promise<ExtraValue<E>>;
}

export type ExtraProviders = { [E in Extra]?: ExtraProvider<E> };

/** Thrown by a provider that does not apply to this run (e.g. a probe without --active); the message says why. */
export class ExtraUnavailable extends Error {}

/** Tail of a previous container's log kept as evidence. */
export const LOG_TAIL_LINES = 20;
/** At most this many crashed containers get their logs fetched: one request each. */
export const LOG_CONTAINER_LIMIT = 30;
const LOG_CONCURRENCY = 4;
/** After this many failures in a row the kubelets are likely unreachable: stop asking. */
const LOG_FAILURES_BEFORE_GIVING_UP = 3;

/** A health endpoint's text whatever its status: a failing /readyz?verbose is exactly the evidence wanted. */
async function healthText(client: CollectClient, path: string): Promise<string> {
  const response = await client.transport.open({ path, query: { verbose: true }, accept: 'text/plain, */*', what: `read ${path}` });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const status = response.statusCode ?? 0;
  if (status === 401 || status === 403) throw new ApiError('forbidden', `forbidden: GET ${path}`, status, 'forbidden', undefined, undefined);
  return Buffer.concat(chunks).toString('utf8');
}

function scopeText(namespace: string | undefined): string {
  return namespace === undefined ? 'in all namespaces' : `in namespace ${namespace}`;
}

interface CrashedContainer {
  namespace: string;
  pod: string;
  container: string;
  restarts: number;
}

/** Containers whose previous instance died: the ones whose last log lines explain something. */
export function crashedContainers(pods: readonly Pod[]): CrashedContainer[] {
  const crashed: CrashedContainer[] = [];
  const isCrashed = (status: ContainerStatus): boolean => {
    const last = status.lastState?.terminated;
    return last !== undefined && (last.exitCode !== 0 || status.state?.waiting?.reason === 'CrashLoopBackOff');
  };
  for (const pod of pods) {
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const status of statuses) {
      if (isCrashed(status)) crashed.push({ namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container: status.name, restarts: status.restartCount });
    }
  }
  // the most restarted first: when only some fit the bound, those matter most
  return crashed.sort((a, b) => b.restarts - a.restarts).slice(0, LOG_CONTAINER_LIMIT);
}

async function previousLogs(context: ExtraContext): Promise<ExtraValue<'logs'>> {
  const pods = context.resources.pods as Pod[] | undefined;
  if (!pods) throw new ExtraUnavailable('pods were not collected');
  const logs: ExtraValue<'logs'> = {};
  let failuresInARow = 0;
  let lastError: unknown;
  await mapLimit(crashedContainers(pods), LOG_CONCURRENCY, async (target) => {
    if (failuresInARow >= LOG_FAILURES_BEFORE_GIVING_UP) return;
    try {
      const text = await context.client.text({
        path: context.client.path(R.pods, { namespace: target.namespace, name: target.pod, subresource: 'log' }),
        query: { container: target.container, previous: true, tailLines: LOG_TAIL_LINES },
        what: `read the previous log of ${target.namespace}/${target.pod}/${target.container}`,
      });
      failuresInARow = 0;
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      logs[`${target.namespace}/${target.pod}/${target.container}`] = lines.slice(-LOG_TAIL_LINES);
    } catch (error) {
      failuresInARow++;
      lastError = error;
    }
  });
  if (Object.keys(logs).length === 0 && lastError !== undefined) throw lastError;
  return logs;
}

const registry: ExtraProviders = {
  version: {
    permission: () => 'get /version',
    collect: async ({ client }) => {
      const { gitVersion, major, minor } = await client.version();
      return { gitVersion, major, minor };
    },
  },
  readyz: { permission: () => 'get /readyz', collect: ({ client }) => healthText(client, '/readyz') },
  livez: { permission: () => 'get /livez', collect: ({ client }) => healthText(client, '/livez') },
  metrics: {
    permission: () => 'get /metrics',
    collect: ({ client }) => client.text({ path: '/metrics', what: 'read the API server metrics' }),
  },
  logs: {
    permission: ({ namespace }) => `get pods/log ${scopeText(namespace)}`,
    collect: previousLogs,
  },
  // certificates and the DNS probe: implemented in src/certs and src/dns
  certificates: {
    permission: () => 'read the PKI directory and the certificate chain the API server presents',
    collect: collectCertificates,
  },
  dns: {
    permission: () => 'create, get and delete pods in namespace default (the DNS probe pod)',
    collect: collectDnsProbe,
  },
  etcd: {
    permission: () => process.env.K8SDOC_ETCD_VIA_POD === undefined ? 'reach etcd with a client certificate (K8SDOC_ETCD_ENDPOINTS and K8SDOC_ETCD_PKI_DIR)' : 'create pods/exec in namespace kube-system (K8SDOC_ETCD_VIA_POD)',
    collect: (context) => collectEtcdStatus(context),
  },
};

/**
 * Adds (or replaces) the provider of an extra. Areas with their own inputs (certificates, DNS
 * probes, etcd status) register theirs; a check needing an extra nobody provides is skipped.
 */
export function registerExtra<E extends Extra>(extra: E, provider: ExtraProvider<E>): void {
  (registry as Record<E, ExtraProvider<E>>)[extra] = provider;
}

/** The providers registered now. */
export function extraProviders(): ExtraProviders {
  return { ...registry };
}
