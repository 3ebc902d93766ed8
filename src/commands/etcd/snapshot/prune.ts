import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { confirm, interactive } from '../../../etcd/confirm.js';
import { renderPrune, stalePartialLine } from '../../../etcd/render.js';
import { listChecked, pruneSelection, removeSnapshot, removeStalePartial, stalePartials } from '../../../etcd/snapshot/files.js';

export default class EtcdSnapshotPrune extends BaseCommand {
  static override description = `Retention: keep the newest --keep snapshots in a folder and delete the older ones (with their metadata).

Every snapshot is re-read first: only regular files in the folder whose size and sha256 match their k8sdoc metadata count towards --keep or are ever deleted; one that does not match is reported and left in place. Partial files of saves whose k8sdoc was killed are removed too, after stopping an etcdctl still writing them. In a terminal it asks first; elsewhere it is a dry run unless --yes is given.

Exit codes: 0 done (or dry run), 2 bad flags, 5 no such folder.`;

  static override examples = ['<%= config.bin %> etcd snapshot prune --keep 7 --dir /var/backups/etcd', '<%= config.bin %> etcd snapshot prune --keep 24 --dir /backups --yes'];

  static override flags = {
    dir: Flags.string({ description: 'Folder holding the snapshots.', default: '.' }),
    keep: Flags.integer({ description: 'How many of the newest snapshots to keep.', required: true, min: 1 }),
    yes: Flags.boolean({ char: 'y', description: 'Delete without asking (without it, a non-interactive run only shows what it would delete).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdSnapshotPrune);
    // only snapshots that re-check as the files their metadata describes count, or are deleted
    const checked = await listChecked(flags.dir);
    const altered = checked.filter((s) => !s.recheck.intact);
    const { kept, pruned } = pruneSelection(checked.filter((s) => s.recheck.intact), flags.keep);
    const stale = await stalePartials(flags.dir);
    const work = pruned.length + stale.length;
    let dryRun = work > 0 && !flags.yes && !interactive();
    if (work > 0 && !dryRun && !flags.yes) dryRun = !(await confirm(`delete ${pruned.length} snapshot(s) older than the newest ${flags.keep} and ${stale.length} stale partial file(s)?`, false));
    if (!dryRun) {
      for (const snapshot of pruned) await removeSnapshot(snapshot);
      for (const partial of stale) await removeStalePartial(partial);
    }
    this.out(renderPrune(kept, pruned, altered, dryRun));
    for (const partial of stale) this.out(stalePartialLine(partial, dryRun ? 'would remove' : 'removed'));
  }
}
