import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { findTool } from '../../../etcd/connection.js';
import { connectionFlags, skipHashCheckFlag } from '../../../etcd/flags.js';
import { interruptible } from '../../../etcd/interrupt.js';
import { renderVerify } from '../../../etcd/render.js';
import { restoreTest } from '../../../etcd/snapshot/restore-test.js';
import { corruptError, verifySnapshot } from '../../../etcd/snapshot/verify.js';

export default class EtcdSnapshotVerify extends BaseCommand {
  static override description = `Check that a snapshot can be trusted: its sha256 against the metadata saved with it, the sha256 etcd appended to its content, and \`etcdutl snapshot status\` (revision, keys) against the metadata.

With --restore-test it is also restored into a temporary data dir and a throwaway etcd (own PKI, free ports on 127.0.0.1) must serve the same revision and key count. The outcome is recorded in the metadata (see \`etcd snapshot list\`).

Exit codes: 0 verified, 4 tools missing, 5 no such file, 7 corrupt or altered.`;

  static override examples = ['<%= config.bin %> etcd snapshot verify /backups/etcd-snapshot-20260102T030405Z.db', '<%= config.bin %> etcd snapshot verify snap.db --restore-test'];

  static override args = { file: Args.string({ description: 'The snapshot file.', required: true }) };

  static override flags = {
    etcdutl: connectionFlags.etcdutl,
    'skip-hash-check': skipHashCheckFlag,
    etcdctl: connectionFlags.etcdctl,
    'restore-test': Flags.boolean({ description: 'Also restore it and start a throwaway etcd on it.' }),
    etcd: Flags.string({ description: 'Path to the etcd server binary for --restore-test (default: PATH, then the cache).' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EtcdSnapshotVerify);
    const etcdutl = findTool('etcdutl', flags.etcdutl);
    const tools = flags['restore-test'] ? { etcd: findTool('etcd', flags.etcd), etcdctl: findTool('etcdctl', flags.etcdctl), etcdutl } : undefined;
    if (tools) this.note('restore test: restoring into a temporary folder and starting a throwaway etcd');
    const report = await interruptible(
      (signal) => verifySnapshot(args.file, { etcdutl, record: true, skipHashCheck: flags['skip-hash-check'], ...(tools ? { restoreTest: () => restoreTest(tools, args.file, signal, flags['skip-hash-check']) } : {}) }, signal),
      async () => undefined,
    );
    this.out(flags.output === 'json' ? JSON.stringify(report, null, 2) : renderVerify(report));
    if (!report.ok) throw corruptError(report);
  }
}
