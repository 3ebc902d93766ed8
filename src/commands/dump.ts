import { Args, Flags } from '@oclif/core';
import { allChecks } from '../../checks/index.js';
import { KubeCommand, namespaceFlags } from '../base-command.js';
import { assertDumpTarget, writeDump } from '../collect/dump.js';
import { acquireSnapshot } from '../engine/diagnose.js';
import { parseLabelSelector } from '../engine/selector.js';
import { formatDuration } from '../report/format.js';
import { stderrProgress } from '../ui/progress.js';
import { clientVersion } from '../version.js';

export default class Dump extends KubeCommand {
  static override description = [
    'Write a snapshot of what every check reads to a new folder, for `k8sdoc diagnose --from DIR` later or elsewhere.',
    'Secret values are removed (key names, TLS certificates and registry host names stay); files are readable only by you.',
    'Exit codes: 0 written, 3 cluster unreachable, 8 DIR exists and is not empty.',
  ].join('\n');

  static override examples = ['<%= config.bin %> dump ./incident-dump -A', '<%= config.bin %> dump ./shop -n shop'];

  static override args = {
    dir: Args.string({ description: 'A new or empty folder to write the dump to', required: true }),
  };

  static override flags = {
    ...namespaceFlags,
    selector: Flags.string({ char: 'l', description: 'Label selector for pods and workloads, e.g. -l app=web.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Dump);
    if (flags.selector) parseLabelSelector(flags.selector);
    // refuse before a long collection, not after it
    assertDumpTarget(args.dir);
    const client = this.kube(flags);
    const started = Date.now();
    const snapshot = await acquireSnapshot({
      source: { kind: 'live', client, namespace: this.namespaceFor(client, flags) },
      checks: allChecks,
      labelSelector: flags.selector,
      onProgress: stderrProgress((line) => this.note(line)),
    });
    const { bytes, manifest } = await writeDump(args.dir, snapshot, { k8sdocVersion: clientVersion().k8sdoc, labelSelector: flags.selector });
    const objects = manifest.resources.reduce((n, r) => n + r.count, 0);
    const missing = manifest.missing.length > 0 ? `; not collected: ${manifest.missing.map((m) => m.input).join(', ')}` : '';
    this.out(`wrote ${objects} objects of ${manifest.resources.length} kinds (${Math.ceil(bytes / 1024)} KiB) to ${args.dir} in ${formatDuration(Date.now() - started)}${missing}`);
  }
}
