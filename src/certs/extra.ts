import { ExtraUnavailable } from '../collect/extras.js';
import type { ExtraContext } from '../collect/extras.js';
import type { CheckContext, CheckResult, Snapshot } from '../engine/types.js';
import { KubeClient } from '../kube/client.js';
import { kubeconfigTrust } from '../kube/tls.js';
import { certificateInventory, defaultPkiDir } from './inventory.js';
import { certProblems, certThresholds, problemResult } from './problems.js';
import type { CertProblemKind } from './problems.js';
import type { CertEntry } from './types.js';

/**
 * The 'certificates' extra for diagnose: the certificates that live outside API objects (the
 * PKI directory when readable, the kubeconfig's client certificate, the served chain). Secrets,
 * webhook and APIService bundles are read by their checks from the collected objects.
 */
export async function collectCertificates(context: ExtraContext): Promise<CertEntry[]> {
  // the kubeconfig and the TLS socket need the real client; a fake one in tests has neither
  if (!(context.client instanceof KubeClient)) throw new ExtraUnavailable('certificates are read through a kubeconfig, which this run has not');
  const trust = kubeconfigTrust(context.client.resolved);
  const inventory = await certificateInventory({
    pkiDir: defaultPkiDir(context.client.resolved.source.files),
    trust,
    endpoint: trust.server.startsWith('https:') ? trust.server : undefined,
    timeoutMs: context.client.transport.options.timeoutMs,
  });
  return inventory.entries;
}

/** The certificate entries of a snapshot; a dump from elsewhere may hold anything, so shapes are checked. */
export function snapshotCertificates(snapshot: Snapshot): CertEntry[] {
  const list = snapshot.extras.certificates ?? [];
  return list.filter((item): item is CertEntry => {
    const entry = item as Partial<CertEntry> | null;
    return typeof entry?.name === 'string' && typeof entry.source?.location === 'string';
  });
}

/** The check results of the snapshot's certificate entries, for the problem kinds one check owns. */
export function snapshotCertResults(snapshot: Snapshot, context: CheckContext, kinds: readonly CertProblemKind[]): CheckResult[] {
  const { now, thresholds } = context;
  return certProblems(snapshotCertificates(snapshot), certThresholds(thresholds), now)
    .filter((p) => kinds.includes(p.kind))
    .map(problemResult);
}
