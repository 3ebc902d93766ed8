import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { findTool } from '../../../etcd/connection.js';
import { connectionFlags, skipHashCheckFlag } from '../../../etcd/flags.js';
import { renderRestore } from '../../../etcd/render.js';
import { restoreSnapshot } from '../../../etcd/snapshot/restore.js';

export default class EtcdSnapshotRestore extends BaseCommand {
  static override description = `Restore a snapshot into a NEW etcd data dir, after verifying it (sha256, appended hash, snapshot status).

An existing --data-dir is refused and left untouched; no other data dir is touched. Prints the next steps for a kubeadm static-pod control plane and the data-loss window (snapshot time → now). Nothing running is stopped or changed: that is yours to do, in the printed order.

Exit codes: 0 restored, 2 bad flags, 4 etcdutl missing or the parent folder missing, 5 no such snapshot, 7 corrupt snapshot, 8 --data-dir exists.`;

  static override examples = [
    'sudo <%= config.bin %> etcd snapshot restore /backups/etcd-snapshot-20260102T030405Z.db --data-dir /var/lib/etcd-restored',
    '<%= config.bin %> etcd snapshot restore snap.db --data-dir /var/lib/etcd-new --name cp-1 --initial-cluster cp-1=https://10.0.0.5:2380 --initial-advertise-peer-urls https://10.0.0.5:2380',
  ];

  static override args = { file: Args.string({ description: 'The snapshot file.', required: true }) };

  static override flags = {
    'data-dir': Flags.string({ description: 'The new data dir to create (must not exist).', required: true }),
    name: Flags.string({ description: "The member's name (etcd --name; kubeadm: the node name)." }),
    'initial-cluster': Flags.string({ description: 'NAME=PEER-URL,... of the restored cluster.' }),
    'initial-advertise-peer-urls': Flags.string({ description: "This member's peer URL(s)." }),
    etcdutl: connectionFlags.etcdutl,
    'skip-hash-check': skipHashCheckFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EtcdSnapshotRestore);
    const result = await restoreSnapshot({
      file: args.file,
      dataDir: flags['data-dir'],
      etcdutl: findTool('etcdutl', flags.etcdutl),
      name: flags.name,
      initialCluster: flags['initial-cluster'],
      initialAdvertisePeerUrls: flags['initial-advertise-peer-urls'],
      skipHashCheck: flags['skip-hash-check'],
    });
    this.out(renderRestore(result));
  }
}
