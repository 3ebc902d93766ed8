import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { listSops } from '../../sop/load.js';
import { renderSopList, renderSopListJson } from '../../sop/render.js';

export default class SopList extends BaseCommand {
  static override description = 'List the runbooks: built-in ones and yours (from --sop-dir and ~/.config/k8sdoc/sops).';

  static override flags = {
    'sop-dir': Flags.string({ description: 'A folder of your own runbooks (YAML); they replace built-in ones of the same name.' }),
    output: Flags.string({ char: 'o', options: ['human', 'json'], default: 'human', description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SopList);
    const sops = listSops(flags['sop-dir']);
    this.out(flags.output === 'json' ? renderSopListJson(sops) : renderSopList(sops));
  }
}
