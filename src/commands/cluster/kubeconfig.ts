import { existsSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { K8sdocError } from '../../errors.js';
import { DEFAULT_CLUSTER, clusterPaths } from '../../embedded/paths.js';

export default class ClusterKubeconfig extends BaseCommand {
  static override description = 'Print the path of the embedded cluster\'s admin kubeconfig.';
  static override examples = ['export KUBECONFIG=$(<%= config.bin %> cluster kubeconfig)'];
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterKubeconfig);
    const file = clusterPaths(flags.name).kubeconfig;
    if (!existsSync(file)) {
      throw new K8sdocError('not-found', `cluster "${flags.name}" has no kubeconfig yet`, { exit: 'notFound', hint: 'start it with `k8sdoc cluster up`' });
    }
    this.out(file);
  }
}
