import Cordon from './cordon.js';

export default class Uncordon extends Cordon {
  static override description = 'Mark a node schedulable again after cordon or drain.';
  static override examples = ['<%= config.bin %> uncordon node-1', '<%= config.bin %> uncordon node-1 --dry-run'];
  // oclif's parse() reads only a command class's own static members
  static override args = Cordon.args;
  static override flags = Cordon.flags;

  protected override readonly unschedulable = false;
}
