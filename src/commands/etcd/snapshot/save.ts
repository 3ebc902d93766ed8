import { Flags } from '@oclif/core';
import { BaseCommand, parseDuration } from '../../../base-command.js';
import { connectionFlags, kubernetesVersionOf, resolveEtcd, viaPodArgv } from '../../../etcd/flags.js';
import { saveSnapshot } from '../../../etcd/snapshot/save.js';
import { formatBytes } from '../../../workload/quantity.js';

export default class EtcdSnapshotSave extends BaseCommand {
  static override description = `Save an etcd snapshot safely: streamed to a hidden temporary file in the target folder, hashed as it arrives, checked with \`etcdutl snapshot status\`, fsynced and renamed into place (mode 0600), with a metadata file beside it (NAME.db.meta.json: time, endpoint, cluster and member id, etcd and Kubernetes versions, revision, keys, size, hash, sha256).

An interrupted save (Ctrl-C, SIGTERM, etcd going away, a full disk) leaves no file that looks like a snapshot. An existing snapshot of the same name is never overwritten.

Exit codes: 0 saved, 2 bad flags, 3 etcd unreachable or TLS refused, 4 tool missing or disk full, 7 the stream was damaged, 8 the name exists, 130 interrupted.`;

  static override examples = [
    'sudo <%= config.bin %> etcd snapshot save --dir /var/backups/etcd',
    '<%= config.bin %> etcd snapshot save --embedded default --dir ./backups --name before-upgrade',
    '<%= config.bin %> etcd snapshot save --endpoints https://10.0.0.5:2379 --cacert ca.crt --cert client.crt --key client.key --dir /backups',
  ];

  static override flags = {
    ...connectionFlags,
    dir: Flags.string({ description: 'Folder to save into (created 0700 if missing).', default: '.' }),
    name: Flags.string({ description: 'File name (".db" is added); default etcd-snapshot-<UTC time>.db.' }),
    kubeconfig: Flags.string({ description: 'Kubeconfig of the apiserver in front of this etcd, to record its Kubernetes version (embedded clusters: automatic).' }),
    timeout: Flags.string({ description: 'How long the whole download may take.', default: '30m', helpGroup: 'ETCD' }),
    'stall-timeout': Flags.string({ description: 'Give up when etcd sends nothing for this long (e.g. it went down).', default: '30s', helpGroup: 'ETCD' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    // a bare --via-pod reaches resolveEtcd, which says why a snapshot cannot go through the pod
    const { flags } = await this.parse(EtcdSnapshotSave, viaPodArgv(this.argv));
    const etcd = await resolveEtcd(flags);
    // the report renderer (and what it imports) loads while etcdctl downloads, not before it starts
    const render = import('../../../etcd/render.js');
    const saved = await saveSnapshot({
      connection: etcd.connection,
      etcdctl: etcd.etcdctl,
      etcdutl: etcd.etcdutl(),
      dir: flags.dir,
      name: flags.name,
      kubernetesVersion: kubernetesVersionOf(flags.kubeconfig ?? etcd.connection.kubeconfig),
      timeoutMs: etcd.timeoutMs,
      stallMs: parseDuration(flags['stall-timeout'], '--stall-timeout'),
      onProgress: (bytes) => this.note(`snapshot: ${formatBytes(bytes)} received`),
    });
    const { renderSaved } = await render;
    this.out(flags.output === 'json' ? JSON.stringify(saved, null, 2) : renderSaved(saved));
  }
}
