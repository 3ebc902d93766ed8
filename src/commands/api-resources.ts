import { Flags } from '@oclif/core';
import { KubeCommand } from '../base-command.js';
import { renderApiResources } from '../kubectl/api-resources.js';

export default class ApiResources extends KubeCommand {
  static override description = 'List the resource types the cluster serves, with the names `get` and `describe` accept.';
  static override examples = ['<%= config.bin %> api-resources', '<%= config.bin %> api-resources --namespaced=false --api-group apps', '<%= config.bin %> api-resources --verbs list,watch -o name'];
  static override flags = {
    namespaced: Flags.string({ options: ['true', 'false'], description: 'Only namespaced types (true) or only cluster-scoped ones (false).' }),
    'api-group': Flags.string({ description: 'Only types of this API group ("" for the core group).' }),
    verbs: Flags.string({ description: 'Only types that support all of these verbs, comma separated.' }),
    'sort-by': Flags.string({ options: ['name', 'kind'], description: 'Sort by name or kind instead of API group.' }),
    output: Flags.string({ char: 'o', options: ['table', 'wide', 'name'], default: 'table', description: 'Output format.' }),
    'no-headers': Flags.boolean({ description: 'Leave out the header row.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiResources);
    const resources = await this.kube(flags).resources();
    this.out(
      renderApiResources(resources, {
        namespaced: flags.namespaced === undefined ? undefined : flags.namespaced === 'true',
        apiGroup: flags['api-group'],
        verbs: flags.verbs?.split(',').filter(Boolean),
        sortBy: flags['sort-by'] as 'name' | 'kind' | undefined,
        output: flags.output as 'table' | 'wide' | 'name',
        noHeaders: flags['no-headers'],
      }),
    );
  }
}
