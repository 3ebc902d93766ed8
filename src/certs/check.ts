import { ExitCode, K8sdocError, isK8sdocError, preconditionError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { ResolvedKubeConfig } from '../kube/config.js';
import { kubeconfigTrust } from '../kube/tls.js';
import { KUBEADM_PKI_DIR, certificateInventory, defaultPkiDir, readableDir } from './inventory.js';
import type { CertThresholds } from './problems.js';
import { certProblems } from './problems.js';
import type { CertReport } from './render.js';

export interface CertsCheckOptions {
  /** --pki-dir; undefined picks the default */
  pkiDir: string | undefined;
  /** --endpoint; undefined reads the kubeconfig's server */
  endpoint: string | undefined;
  /** the kubeconfig context, when one resolves (also with --no-cluster: its client certificate is a file) */
  resolved: ResolvedKubeConfig | undefined;
  /** undefined with --no-cluster */
  client: KubeClient | undefined;
  thresholds: CertThresholds;
  timeoutMs: number;
  now: Date;
}

/** `k8sdoc certs check`: inventory every source, then judge it at `now`. */
export async function certsCheck(options: CertsCheckOptions): Promise<CertReport> {
  if (options.pkiDir !== undefined && !readableDir(options.pkiDir)) {
    throw preconditionError('pki-dir', `--pki-dir ${options.pkiDir} is not a readable PKI directory (no ca.crt in it, or no access)`, 'point it at the folder holding ca.crt (kubeadm: /etc/kubernetes/pki) and run with read access to it');
  }
  const trust = options.resolved ? kubeconfigTrust(options.resolved) : undefined;
  const pkiDir = options.pkiDir ?? defaultPkiDir(options.resolved?.source.files ?? []);
  const endpoint = options.endpoint ?? (options.client ? trust?.server : undefined);
  try {
    const inventory = await certificateInventory({ pkiDir, trust, endpoint, client: options.client, timeoutMs: options.timeoutMs });
    const notes = pkiDir ? inventory.notes : [`no PKI directory checked: ${KUBEADM_PKI_DIR} is not readable here (pass --pki-dir on a control-plane node)`, ...inventory.notes];
    return { now: options.now, entries: inventory.entries, problems: certProblems(inventory.entries, options.thresholds, options.now), notes };
  } catch (error) {
    if (isK8sdocError(error) && error.exitCode === ExitCode.cluster) {
      throw new K8sdocError(error.code, error.message, { exit: 'cluster', hint: `${error.hint ?? 'check the cluster'}; or pass --no-cluster to check only the files`, cause: error });
    }
    throw error;
  }
}
