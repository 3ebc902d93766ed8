import { Flags } from '@oclif/core';
import { allChecks } from '../../../checks/index.js';
import { KubeCommand, parseDuration } from '../../base-command.js';
import { certsCheck } from '../../certs/check.js';
import { renderCertsCheck } from '../../certs/render.js';
import type { CertsOutput } from '../../certs/render.js';
import { runningEmbeddedKubeconfig } from '../../embedded/paths.js';
import type { FailOn } from '../../engine/run.js';
import { usageError } from '../../errors.js';
import type { ResolvedKubeConfig } from '../../kube/config.js';
import { resolveKubeConfig } from '../../kube/config.js';
import { clientVersion } from '../../version.js';

export default class CertsCheck extends KubeCommand {
  static override description = `Inventory every certificate the cluster depends on and say which expire, do not verify or do not match.

Sources: the kubeadm PKI directory (every certificate and CA, sa.key/sa.pub, and the client certificates of admin.conf, super-admin.conf, controller-manager.conf, scheduler.conf and kubelet.conf in the folder above it), the client certificate of your kubeconfig, the chain the apiserver presents over TLS, kubernetes.io/tls Secrets in all namespaces (certificate only, never the key) and the caBundles of admission webhooks and APIServices. The findings are those of the certificates checks of \`k8sdoc diagnose\`.

Exit codes: 0 nothing at or above --fail-on, 1 problems found, 2 bad flags, 3 cluster unreachable, 4 --pki-dir unreadable.`;

  static override examples = [
    '<%= config.bin %> certs check',
    'sudo <%= config.bin %> certs check --pki-dir /etc/kubernetes/pki --no-cluster',
    '<%= config.bin %> certs check --warn-days 60 --fail-on warning -o junit > certs.xml',
    '<%= config.bin %> certs check --endpoint https://10.0.0.10:6443 -o json',
  ];

  static override flags = {
    'pki-dir': Flags.string({ description: 'The kubeadm PKI directory (default: /etc/kubernetes/pki when readable, else the pki/ folder next to the kubeconfig in use).' }),
    endpoint: Flags.string({ description: "The https endpoint whose served certificate chain to check (default: the kubeconfig's server)." }),
    'no-cluster': Flags.boolean({ description: 'Do not contact the cluster: check the files only (PKI directory, kubeconfig client certificate) and --endpoint if given.' }),
    'warn-days': Flags.integer({ description: 'Residual time under this many days is a warning.', default: 30, min: 0 }),
    'error-days': Flags.integer({ description: 'Residual time under this many days (or expired) is an error.', default: 7, min: 0 }),
    'fail-on': Flags.string({ description: 'Exit 1 when a problem of this severity or worse is found.', options: ['error', 'warning', 'never'], default: 'error' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['table', 'json', 'yaml', 'junit'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CertsCheck);
    if (flags['error-days'] > flags['warn-days']) {
      throw usageError(`--error-days ${flags['error-days']} is larger than --warn-days ${flags['warn-days']}`, 'the error threshold must not exceed the warning threshold');
    }
    if (flags.endpoint !== undefined && !/^https?:\/\/[^/]+/.test(flags.endpoint)) {
      throw usageError(`--endpoint "${flags.endpoint}" is not a URL`, 'use https://HOST:PORT, e.g. https://10.0.0.10:6443');
    }
    const client = flags['no-cluster'] ? undefined : this.kube(flags);
    const now = new Date();
    const outcome = await certsCheck({
      pkiDir: flags['pki-dir'],
      endpoint: flags.endpoint,
      resolved: client?.resolved ?? this.kubeconfigIfAny(flags),
      client,
      checks: allChecks.filter((check) => check.area === 'certificates'),
      thresholds: { warningDays: flags['warn-days'], errorDays: flags['error-days'] },
      failOn: flags['fail-on'] as FailOn,
      timeoutMs: parseDuration(flags['request-timeout'], '--request-timeout'),
      now,
    });
    for (const note of outcome.notes) this.note(`note: ${note}`);
    this.out(renderCertsCheck(outcome, flags.output as CertsOutput, now, clientVersion().k8sdoc));
    if (outcome.result.failed) this.exit(1);
  }

  /** With --no-cluster the kubeconfig is optional: only its client certificate is read. */
  private kubeconfigIfAny(flags: { kubeconfig?: string | undefined; context?: string | undefined }): ResolvedKubeConfig | undefined {
    try {
      return resolveKubeConfig({ kubeconfig: flags.kubeconfig, context: flags.context, fallback: runningEmbeddedKubeconfig });
    } catch {
      return undefined;
    }
  }
}
