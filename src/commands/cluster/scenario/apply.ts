import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { DEFAULT_CLUSTER } from '../../../embedded/paths.js';
import { applyScenario, findScenario } from '../../../embedded/scenarios.js';

export default class ScenarioApply extends BaseCommand {
  static override description = 'Break the embedded cluster in one known way and wait until the API shows it.';
  static override examples = ['<%= config.bin %> cluster scenario apply crashloop && <%= config.bin %> diagnose -n crashloop'];
  static override args = { name: Args.string({ required: true, description: 'Scenario name (see `cluster scenario list`).' }) };
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
    timeout: Flags.integer({ default: 120, description: 'Seconds to wait for the failure to show.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ScenarioApply);
    const scenario = findScenario(args.name);
    this.note(`applying ${scenario.name}: ${scenario.description}`);
    await applyScenario(flags.name, scenario.name, flags.timeout * 1000);
    this.out(`scenario ${scenario.name} applied${scenario.namespace ? ` in namespace ${scenario.namespace}` : ''}; expect: ${scenario.expect}`);
  }
}
