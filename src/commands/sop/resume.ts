import { Args, Flags } from '@oclif/core';
import { KubeCommand } from '../../base-command.js';
import { RunFolder } from '../../sop/journal.js';
import { RUN_EXIT, isInteractive, runInForeground } from '../../sop/session.js';
import { checkSameCluster, terminalConfirm } from '../../sop/start.js';

export default class SopResume extends KubeCommand {
  static override description = [
    'Continue a SOP run at its failed, interrupted or next step, with the parameters and nodes it started with.',
    'Exit codes as `sop run`; 2 when a step was in flight when the run died (choose --rerun-step or --skip-step), 4 when another process is running it or a program of its dead run still runs, 5 when there is no such run, 8 when the kubeconfig points at another cluster than the run started on.',
  ].join('\n');

  static override args = { run: Args.string({ description: 'Run id (see `k8sdoc sop status`) or its folder.', required: true }) };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Confirm every confirm step up front (needed without a terminal).' }),
    'rerun-step': Flags.boolean({ description: 'Run again the step that was in flight when the run died (it may have done part of its work).', exclusive: ['skip-step'] }),
    'skip-step': Flags.boolean({ description: 'Count the step that was in flight when the run died as done, and go on after it.', exclusive: ['rerun-step'] }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SopResume);
    const folder = RunFolder.open(args.run);
    const client = this.kube(flags);
    await checkSameCluster(folder.info(), client);
    const inFlight = flags['rerun-step'] ? 'rerun' : flags['skip-step'] ? 'skip' : undefined;
    const result = await runInForeground(folder, { client, yes: flags.yes, confirm: terminalConfirm() }, { interactive: isInteractive(), note: (l) => this.note(l), out: (l) => this.out(l), inFlight });
    this.exit(RUN_EXIT[result]);
  }
}
