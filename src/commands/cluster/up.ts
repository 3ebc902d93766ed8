import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { DEFAULT_NODES, clusterUp } from '../../embedded/cluster.js';
import { DEFAULT_CLUSTER } from '../../embedded/paths.js';
import { binaryFlags, provisionOptions } from '../../embedded/flags.js';

export default class ClusterUp extends BaseCommand {
  static override description = 'Start the embedded control plane: real etcd, kube-apiserver, controller-manager, scheduler and CoreDNS, with kwok nodes, on 127.0.0.1.';
  static override examples = ['<%= config.bin %> cluster up', '<%= config.bin %> cluster up --name demo --nodes 5'];
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name (one state folder per cluster).' }),
    nodes: Flags.integer({ default: DEFAULT_NODES, min: 1, max: 5000, description: 'Number of kwok nodes.' }),
    'allow-exec': Flags.boolean({
      allowNo: true,
      description: 'Let kwok serve exec into kube-system `etcd` containers (for `etcd --via-pod`) by running the command as a local process of yours. Its server then answers anyone on this machine without a credential: off by default; --no-allow-exec switches it off again.',
    }),
    ...binaryFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterUp);
    const started = Date.now();
    const { state, alreadyRunning } = await clusterUp({
      name: flags.name,
      nodes: flags.nodes,
      allowExec: flags['allow-exec'],
      provision: provisionOptions(flags),
      onProgress: (message) => this.note(message),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    this.out(
      alreadyRunning
        ? `cluster "${state.name}" is already running (apiserver https://127.0.0.1:${state.ports.apiserver})`
        : `cluster "${state.name}" is up in ${seconds}s: ${state.nodes} nodes Ready, apiserver https://127.0.0.1:${state.ports.apiserver}`,
    );
    if (state.allowExec) {
      this.note(`warning: exec is allowed on cluster "${state.name}": kwok's kubelet server on 127.0.0.1:${state.ports.kwok} runs commands as you for anyone on this machine, without a credential. \`${this.config.bin} cluster up --no-allow-exec${flags.name === DEFAULT_CLUSTER ? '' : ` --name ${flags.name}`}\` switches it off`);
    }
    this.note(`kubeconfig: export KUBECONFIG=$(${this.config.bin} cluster kubeconfig${flags.name === DEFAULT_CLUSTER ? '' : ` --name ${flags.name}`})`);
  }
}
