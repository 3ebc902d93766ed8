import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { confirm, interactive } from '../../../etcd/confirm.js';
import { renderPrune } from '../../../etcd/render.js';
import { listSnapshots, pruneSelection, removeSnapshot } from '../../../etcd/snapshot/files.js';

export default class EtcdSnapshotPrune extends BaseCommand {
  static override description = `Retention: keep the newest --keep snapshots in a folder and delete the older ones (with their metadata).

Only k8sdoc snapshots (files with k8sdoc metadata beside them) are ever deleted. In a terminal it asks first; elsewhere it is a dry run unless --yes is given.

Exit codes: 0 done (or dry run), 2 bad flags, 5 no such folder.`;

  static override examples = ['<%= config.bin %> etcd snapshot prune --keep 7 --dir /var/backups/etcd', '<%= config.bin %> etcd snapshot prune --keep 24 --dir /backups --yes'];

  static override flags = {
    dir: Flags.string({ description: 'Folder holding the snapshots.', default: '.' }),
    keep: Flags.integer({ description: 'How many of the newest snapshots to keep.', required: true, min: 1 }),
    yes: Flags.boolean({ char: 'y', description: 'Delete without asking (without it, a non-interactive run only shows what it would delete).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdSnapshotPrune);
    const { kept, pruned } = pruneSelection(await listSnapshots(flags.dir), flags.keep);
    let dryRun = pruned.length > 0 && !flags.yes && !interactive();
    if (pruned.length > 0 && !dryRun && !flags.yes) dryRun = !(await confirm(`delete ${pruned.length} snapshot(s) older than the newest ${flags.keep}?`, false));
    if (!dryRun) for (const snapshot of pruned) await removeSnapshot(snapshot);
    this.out(renderPrune(kept, pruned, dryRun));
  }
}
