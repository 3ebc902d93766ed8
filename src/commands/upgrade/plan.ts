import { Flags } from '@oclif/core';
import { allChecks } from '../../../checks/index.js';
import { planChecks } from '../../../checks/upgrade/index.js';
import { KubeCommand, gateFlags, gateOptions } from '../../base-command.js';
import { loadConfig } from '../../config/load.js';
import { OUTPUT_FORMATS, renderReport } from '../../report/index.js';
import type { OutputFormat } from '../../report/index.js';
import { stderrProgress } from '../../ui/progress.js';
import { parseLongDuration, parseTarget, upgradePlan } from '../../upgrade/plan.js';
import { clientVersion } from '../../version.js';

export default class UpgradePlan extends KubeCommand {
  static override description = [
    'Check a cluster before upgrading it to --to: version skew policy and the component table, removed APIs still in use',
    '(apiserver metric, managedFields, last-applied annotations, Helm releases, --file manifests), drain blockers,',
    'cluster health with certificates that must outlast --window, and a recent verified etcd snapshot (--snapshot-dir).',
    'Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad flags or manifests, 3 cluster unreachable.',
  ].join('\n');

  static override examples = [
    '<%= config.bin %> upgrade plan --to 1.34',
    '<%= config.bin %> upgrade plan --to 1.34.2 --file ./manifests --snapshot-dir /var/backups/etcd -o junit > upgrade.xml',
    '<%= config.bin %> upgrade plan --to 1.34 --fail-on warning -o markdown',
  ];

  static override flags = {
    to: Flags.string({ description: 'The Kubernetes release to upgrade to (X.Y or X.Y.Z).', required: true }),
    file: Flags.string({ char: 'f', description: 'Manifest file or folder (searched recursively) to check for removed APIs; repeatable.', multiple: true }),
    window: Flags.string({ description: 'How long the upgrade window lasts: certificates must stay valid past it plus the usual margins (e.g. 7d, 36h).', default: '7d' }),
    'snapshot-dir': Flags.string({ description: 'Folder of etcd snapshots saved by `k8sdoc etcd snapshot save`: require a recent verified one.' }),
    'max-backup-age': Flags.string({ description: 'Oldest acceptable snapshot in --snapshot-dir (e.g. 24h, 2d).', default: '24h' }),
    ...gateFlags,
    output: Flags.string({ char: 'o', options: [...OUTPUT_FORMATS], description: 'Output format.', default: 'human' }),
    config: Flags.string({ description: 'Configuration file (default: .k8sdoc.yaml in the current folder).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpgradePlan);
    const target = parseTarget(flags.to);
    const windowMs = parseLongDuration(flags.window, '--window');
    const maxBackupAgeMs = parseLongDuration(flags['max-backup-age'], '--max-backup-age');
    const { config } = loadConfig({ file: flags.config, knownChecks: [...allChecks, ...planChecks({})].map((c) => c.id) });
    const result = await upgradePlan({
      client: this.kube(flags),
      target,
      files: flags.file ?? [],
      windowMs,
      snapshotDir: flags['snapshot-dir'],
      maxBackupAgeMs,
      thresholds: config.thresholds,
      suppressions: config.suppressions,
      ...gateOptions(flags, config),
      onProgress: stderrProgress((line) => this.note(line)),
    });
    this.out(renderReport(result, flags.output as OutputFormat, clientVersion().k8sdoc));
    if (result.failed) this.exit(1);
  }
}
