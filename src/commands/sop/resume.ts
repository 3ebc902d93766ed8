import { Args, Flags } from '@oclif/core';
import { KubeCommand } from '../../base-command.js';
import { RunFolder } from '../../sop/journal.js';
import { RUN_EXIT, isInteractive, runInForeground } from '../../sop/session.js';
import { terminalConfirm } from '../../sop/start.js';

export default class SopResume extends KubeCommand {
  static override description = [
    'Continue a SOP run at its failed, interrupted or next step, with the parameters and nodes it started with.',
    'Exit codes as `sop run`; 4 when another process is running it, 5 when there is no such run.',
  ].join('\n');

  static override args = { run: Args.string({ description: 'Run id (see `k8sdoc sop status`) or its folder.', required: true }) };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Confirm every confirm step up front (needed without a terminal).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SopResume);
    const folder = RunFolder.open(args.run);
    const client = this.kube(flags);
    const result = await runInForeground(folder, { client, yes: flags.yes, confirm: terminalConfirm() }, { interactive: isInteractive(), note: (l) => this.note(l), out: (l) => this.out(l) });
    this.exit(RUN_EXIT[result]);
  }
}
