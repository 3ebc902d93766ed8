import { Args, Flags } from '@oclif/core';
import { KubeCommand } from '../base-command.js';
import { runDescribe } from '../kubectl/describe/index.js';

export default class Describe extends KubeCommand {
  static override description = `Show an object's key fields, conditions and events, like kubectl describe.

Pods, nodes, deployments, services and secrets get kubectl's layout; any other type (CRDs included) shows its metadata and fields. Secret values are never printed, only key names and sizes.`;
  static override strict = false;
  static override examples = [
    '<%= config.bin %> describe pod web-1 -n shop',
    '<%= config.bin %> describe node/node-1',
    '<%= config.bin %> describe deployments.apps web',
    '<%= config.bin %> describe secret db-credentials',
  ];
  static override args = {
    type: Args.string({ description: 'TYPE (po, nodes, deployments.apps, a CRD...) or TYPE/NAME' }),
    names: Args.string({ description: 'NAME... of the objects to describe' }),
  };
  static override flags = {
    namespace: Flags.string({ char: 'n', description: "Namespace (default: the context's namespace).", helpGroup: 'CLUSTER' }),
    'show-events': Flags.boolean({ description: 'Include the Events section (--no-show-events leaves it out).', default: true, allowNo: true }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Describe);
    const client = this.kube(flags);
    this.out(await runDescribe(client, { args: argv as string[], namespace: flags.namespace ?? client.defaultNamespace, showEvents: flags['show-events'] }));
  }
}
