import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { SCENARIOS } from '../../../embedded/scenarios.js';

export default class ScenarioList extends BaseCommand {
  static override description = 'List the fault scenarios the embedded cluster can play, and what diagnose should find for each.';
  static override flags = {
    output: Flags.string({ char: 'o', options: ['text', 'json'], default: 'text', description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ScenarioList);
    const rows = SCENARIOS.map((s) => ({ name: s.name, namespace: s.namespace ?? '', description: s.description, expect: s.expect }));
    if (flags.output === 'json') {
      this.out(JSON.stringify(rows, null, 2));
      return;
    }
    const width = Math.max(...rows.map((r) => r.name.length)) + 3;
    this.out(rows.map((r) => `${r.name.padEnd(width)}${r.description}\n${' '.repeat(width)}→ ${r.expect}`).join('\n'));
  }
}
