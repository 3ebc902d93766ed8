import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { clusterStatus } from '../../embedded/cluster.js';
import { DEFAULT_CLUSTER } from '../../embedded/paths.js';
import { renderClusterStatus } from '../../embedded/render.js';
import { ExitCode, K8sdocError } from '../../errors.js';

export default class ClusterStatus extends BaseCommand {
  static override description = 'Show the embedded control plane: each component, its pid and health (with the log tail of one that is down), and the nodes.';
  static override examples = ['<%= config.bin %> cluster status', '<%= config.bin %> cluster status -o json'];
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
    output: Flags.string({ char: 'o', options: ['text', 'json'], default: 'text', description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterStatus);
    const status = await clusterStatus(flags.name);
    if (!status.state) {
      throw new K8sdocError('not-found', `there is no embedded cluster named "${flags.name}"`, { exit: 'precondition', hint: `start it with \`${this.config.bin} cluster up${flags.name === DEFAULT_CLUSTER ? '' : ` --name ${flags.name}`}\`` });
    }
    this.out(flags.output === 'json' ? JSON.stringify(status, null, 2) : renderClusterStatus(status));
    // a script can test `k8sdoc cluster status` for "is it up"
    if (!status.running) this.exit(ExitCode.precondition);
  }
}
