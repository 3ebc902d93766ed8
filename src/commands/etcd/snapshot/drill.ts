import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { findTool } from '../../../etcd/connection.js';
import { connectionFlags, skipHashCheckFlag } from '../../../etcd/flags.js';
import { interruptible } from '../../../etcd/interrupt.js';
import { renderDrill } from '../../../etcd/render.js';
import { drillSnapshot } from '../../../etcd/snapshot/drill.js';
import { corruptError } from '../../../etcd/snapshot/verify.js';
import { ThrowawayCluster } from '../../../etcd/throwaway.js';

export default class EtcdSnapshotDrill extends BaseCommand {
  static override description = `The restore drill: prove a snapshot brings a cluster back.

Verifies the snapshot, restores it into a temporary folder, boots a throwaway etcd and kube-apiserver on it (own PKI, free ports on 127.0.0.1; nothing shared with any real cluster), and reports what the API serves: /readyz, object counts per resource kind, namespaces and nodes. Then everything is stopped and deleted, also on Ctrl-C.

Exit codes: 0 usable, 1 restored but the API does not serve it fully, 4 binaries missing, 5 no such file, 7 corrupt, 130 interrupted.`;

  static override examples = ['<%= config.bin %> etcd snapshot drill /backups/etcd-snapshot-20260102T030405Z.db', '<%= config.bin %> etcd snapshot drill snap.db -o json'];

  static override args = { file: Args.string({ description: 'The snapshot file.', required: true }) };

  static override flags = {
    etcdutl: connectionFlags.etcdutl,
    'skip-hash-check': skipHashCheckFlag,
    etcd: Flags.string({ description: 'Path to the etcd server binary (default: PATH, then the cache).' }),
    'kube-apiserver': Flags.string({ description: 'Path to kube-apiserver, ideally of the snapshot\'s Kubernetes minor (default: PATH, then the cache).' }),
    keep: Flags.boolean({ description: 'Keep the temporary folder (logs, restored data) for inspection; the processes are stopped anyway.' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EtcdSnapshotDrill);
    const tools = { etcd: findTool('etcd', flags.etcd), etcdutl: findTool('etcdutl', flags.etcdutl), apiserver: findTool('kube-apiserver', flags['kube-apiserver']), skipHashCheck: flags['skip-hash-check'] };
    const throwaway = await ThrowawayCluster.create();
    const report = await interruptible(
      (signal) => drillSnapshot(args.file, tools, throwaway, signal, (message) => this.note(`drill: ${message}`)),
      async () => {
        await throwaway.destroy(flags.keep);
        if (flags.keep) this.note(`drill: kept ${throwaway.root}`);
      },
    );
    this.out(renderDrill(report, flags.output as 'text' | 'json'));
    if (!report.verify.ok) throw corruptError(report.verify);
    if (!report.usable) this.exit(1);
  }
}
