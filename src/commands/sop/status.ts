import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { RunFolder, listRuns, runProgress } from '../../sop/journal.js';
import { renderStatus } from '../../sop/render.js';

export default class SopStatus extends BaseCommand {
  static override description = 'Show the progress of a SOP run from its journal (without RUN: every run, newest first).';

  static override args = { run: Args.string({ description: 'Run id (printed when the run started) or its folder.' }) };

  static override flags = {
    output: Flags.string({ char: 'o', options: ['human', 'json'], default: 'human', description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SopStatus);
    const folders = args.run ? [RunFolder.open(args.run)] : listRuns();
    if (folders.length === 0) this.note('no SOP runs yet');
    for (const folder of folders) this.out(renderStatus(runProgress(folder.info(), folder.entries()), flags.output as 'human' | 'json'));
  }
}
