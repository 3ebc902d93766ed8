import { ExtraUnavailable } from '../collect/extras.js';
import type { ExtraContext } from '../collect/extras.js';
import type { Snapshot } from '../engine/types.js';
import { KubeClient } from '../kube/client.js';
import { dnsCheck } from './check.js';
import type { DnsProbe } from './probe.js';
import { DEFAULT_PROBE_IMAGE } from './probe-pod.js';

/**
 * The 'dns' extra of `diagnose --active`: the same probe as `k8sdoc dns check` with its
 * defaults. It creates a pod on live clusters, so it runs only when asked to.
 */
export async function collectDnsProbe(context: ExtraContext): Promise<DnsProbe> {
  if (!context.active) throw new ExtraUnavailable('the DNS probe runs only with --active (it creates a short-lived pod)');
  if (!(context.client instanceof KubeClient)) throw new ExtraUnavailable('the DNS probe needs a kubeconfig, which this run has not');
  return dnsCheck(context.client, {
    server: undefined,
    mode: 'auto',
    image: DEFAULT_PROBE_IMAGE,
    namespace: 'default',
    clusterDomain: 'cluster.local',
    timeoutMs: 5_000,
    podTimeoutMs: 120_000,
  });
}

/** The probe result of a snapshot, when it holds a well-formed one. */
export function snapshotDnsProbe(snapshot: Snapshot): DnsProbe | undefined {
  const probe = snapshot.extras.dns as Partial<DnsProbe> | undefined;
  return probe && Array.isArray(probe.lookups) && typeof probe.method === 'string' ? (probe as DnsProbe) : undefined;
}
