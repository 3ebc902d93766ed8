import { Flags } from '@oclif/core';
import { KubeCommand } from '../base-command.js';
import { clientVersion, versionReport } from '../version.js';

export default class Version extends KubeCommand {
  static override description = 'Print the k8sdoc version and the version of the cluster it talks to.';
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --client -o json'];
  static override flags = {
    client: Flags.boolean({ description: 'Print only the client version (no cluster needed).' }),
    output: Flags.string({ char: 'o', options: ['text', 'json', 'yaml'], default: 'text', description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const server = flags.client ? undefined : await this.kube(flags).version();
    this.out(versionReport({ client: clientVersion(), server }, flags.output));
  }
}
