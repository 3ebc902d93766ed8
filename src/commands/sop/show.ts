import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { loadSop } from '../../sop/load.js';

export default class SopShow extends BaseCommand {
  static override description = 'Print a runbook (its parameters and steps) as YAML, validated.';

  static override args = { name: Args.string({ description: 'Runbook name (see `k8sdoc sop list`) or a YAML file.', required: true }) };

  static override flags = {
    'sop-dir': Flags.string({ description: 'A folder of your own runbooks (YAML).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SopShow);
    const { file } = loadSop(args.name, flags['sop-dir']);
    this.note(`# ${file}`);
    this.out(readFileSync(file, 'utf8'));
  }
}
