import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { renderList, stalePartialLine } from '../../../etcd/render.js';
import { listChecked, stalePartials } from '../../../etcd/snapshot/files.js';

export default class EtcdSnapshotList extends BaseCommand {
  static override description = `List the k8sdoc snapshots in a folder, newest first: name, created, size, revision, keys, Kubernetes version, and the last verification.

Only files with k8sdoc metadata beside them are listed; anything else in the folder is ignored. Each file is re-read: one whose size or sha256 no longer matches its metadata shows as ALTERED, whatever its last verification said. Partial files of saves whose k8sdoc was killed are named on stderr.

Exit codes: 0 listed, 5 no such folder.`;

  static override examples = ['<%= config.bin %> etcd snapshot list --dir /var/backups/etcd', '<%= config.bin %> etcd snapshot list -o json'];

  static override flags = {
    dir: Flags.string({ description: 'Folder holding the snapshots.', default: '.' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['table', 'json'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdSnapshotList);
    this.out(renderList(await listChecked(flags.dir), flags.output as 'table' | 'json', new Date()));
    for (const partial of await stalePartials(flags.dir)) this.note(`${stalePartialLine(partial, 'warning: stale')}; \`${this.config.bin} etcd snapshot prune\` removes it`);
  }
}
