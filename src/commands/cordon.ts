import { Args, Flags } from '@oclif/core';
import { KubeCommand } from '../base-command.js';
import { setSchedulable } from '../kubectl/cordon.js';

export default class Cordon extends KubeCommand {
  static override description = 'Mark a node unschedulable: new pods are not placed on it, running ones stay.';
  static override examples = ['<%= config.bin %> cordon node-1', '<%= config.bin %> cordon node-1 --dry-run'];
  static override args = {
    node: Args.string({ description: 'the node', required: true }),
  };
  static override flags = {
    'dry-run': Flags.boolean({ description: 'Say what would change and change nothing.' }),
  };

  /** uncordon is this command with the opposite target */
  protected readonly unschedulable: boolean = true;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(this.constructor as typeof Cordon);
    const result = await setSchedulable(this.kube(flags), args.node, this.unschedulable, flags['dry-run']);
    this.out(result.message);
  }
}
