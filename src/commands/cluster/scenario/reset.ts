import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { DEFAULT_CLUSTER } from '../../../embedded/paths.js';
import { findScenario, resetScenario } from '../../../embedded/scenarios.js';

export default class ScenarioReset extends BaseCommand {
  static override description = 'Undo a scenario: delete its namespace and mend what it broke.';
  static override args = { name: Args.string({ required: true, description: 'Scenario name.' }) };
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ScenarioReset);
    const scenario = findScenario(args.name);
    await resetScenario(flags.name, scenario.name);
    this.out(`scenario ${scenario.name} reset`);
  }
}
