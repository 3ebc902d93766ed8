import { ExitCode, K8sdocError, isK8sdocError, preconditionError } from '../errors.js';
import { runChecks } from '../engine/run.js';
import type { DiagnoseResult, FailOn } from '../engine/run.js';
import type { Check, Snapshot } from '../engine/types.js';
import type { KubeClient } from '../kube/client.js';
import type { ResolvedKubeConfig } from '../kube/config.js';
import { kubeconfigTrust } from '../kube/tls.js';
import { caBundleEntries, secretEntries } from './cluster.js';
import { KUBEADM_PKI_DIR, certificateInventory, clusterCertificateObjects, defaultPkiDir, readableDir } from './inventory.js';
import type { CertThresholds } from './problems.js';
import type { CertEntry } from './types.js';

export interface CertsCheckOptions {
  /** --pki-dir; undefined picks the default */
  pkiDir: string | undefined;
  /** --endpoint; undefined reads the kubeconfig's server (unless --no-cluster) */
  endpoint: string | undefined;
  /** the kubeconfig context, when one resolves (also with --no-cluster: its client certificate is a file) */
  resolved: ResolvedKubeConfig | undefined;
  /** undefined with --no-cluster */
  client: KubeClient | undefined;
  /** the certificate checks of the catalog */
  checks: readonly Check[];
  thresholds: CertThresholds;
  failOn: FailOn;
  timeoutMs: number;
  now: Date;
}

export interface CertsCheckResult {
  /** every certificate looked at, for the inventory table */
  entries: CertEntry[];
  /** what was not checked and why */
  notes: string[];
  /** the certificate checks run over what was gathered, exactly as `diagnose` runs them */
  result: DiagnoseResult;
}

/** `k8sdoc certs check`: gather every source, then run the certificate checks over it. */
export async function certsCheck(options: CertsCheckOptions): Promise<CertsCheckResult> {
  if (options.pkiDir !== undefined && !readableDir(options.pkiDir)) {
    throw preconditionError('pki-dir', `--pki-dir ${options.pkiDir} is not a readable PKI directory (no ca.crt in it, or no access)`, 'point it at the folder holding ca.crt (kubeadm: /etc/kubernetes/pki) and run with read access to it');
  }
  const trust = options.resolved ? kubeconfigTrust(options.resolved) : undefined;
  const pkiDir = options.pkiDir ?? defaultPkiDir(options.resolved?.source.files ?? []);
  const endpoint = options.endpoint ?? (options.client ? trust?.server : undefined);
  try {
    const inventory = await certificateInventory({ pkiDir, trust, endpoint, timeoutMs: options.timeoutMs });
    const objects = options.client ? await clusterCertificateObjects(options.client) : { resources: {}, missing: [] };
    const snapshot: Snapshot = {
      format: 1,
      collectedAt: options.now.toISOString(),
      source: endpoint ?? pkiDir ?? 'local files',
      namespace: undefined,
      resources: objects.resources,
      extras: { certificates: inventory.entries },
      missing: objects.missing,
    };
    // without the cluster, checks that read API objects would only say "not collected"
    const checks = options.client ? options.checks : options.checks.filter((check) => check.needs.length === 0);
    const result = runChecks(snapshot, { checks, thresholds: { certWarningDays: options.thresholds.warningDays, certErrorDays: options.thresholds.errorDays }, failOn: options.failOn });
    const notes = pkiDir ? inventory.notes : [`no PKI directory checked: ${KUBEADM_PKI_DIR} is not readable here (pass --pki-dir on a control-plane node)`, ...inventory.notes];
    return { entries: [...inventory.entries, ...secretEntries(objects.resources), ...caBundleEntries(objects.resources)], notes, result };
  } catch (error) {
    if (isK8sdocError(error) && error.exitCode === ExitCode.cluster) {
      throw new K8sdocError(error.code, error.message, { exit: 'cluster', hint: `${error.hint ?? 'check the cluster'}; or pass --no-cluster to check only the files`, cause: error });
    }
    throw error;
  }
}
