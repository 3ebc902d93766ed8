import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { clusterDown } from '../../embedded/cluster.js';
import { DEFAULT_CLUSTER } from '../../embedded/paths.js';

export default class ClusterDown extends BaseCommand {
  static override description = 'Stop the embedded control plane and every process it started.';
  static override examples = ['<%= config.bin %> cluster down', '<%= config.bin %> cluster down --purge'];
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
    purge: Flags.boolean({ description: 'Also delete its state folder: certificates, etcd data and logs.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterDown);
    const result = await clusterDown(flags.name, flags.purge);
    if (!result.stopped) this.out(`cluster "${flags.name}" does not exist`);
    else this.out(`cluster "${flags.name}" stopped${result.purged ? ' and its state deleted' : ''}`);
  }
}
