import { Args, Flags } from '@oclif/core';
import { KubeCommand, namespaceFlags } from '../base-command.js';
import { GET_OUTPUTS, runGet } from '../kubectl/get.js';

export default class Get extends KubeCommand {
  static override description = 'Display one or many objects of any type, as kubectl get prints them.';
  static override strict = false;
  static override examples = [
    '<%= config.bin %> get pods',
    '<%= config.bin %> get po -A -o wide',
    '<%= config.bin %> get deployments.apps,services -n web -l app=shop',
    '<%= config.bin %> get pod/web-1 svc/web -o yaml',
    '<%= config.bin %> get nodes --field-selector spec.unschedulable=true -o name',
  ];
  static override args = {
    type: Args.string({ description: 'TYPE[,TYPE...] (po, pods, deployments.apps, a CRD...) or TYPE/NAME' }),
    names: Args.string({ description: 'NAME... of the objects to show (all when omitted)' }),
  };
  static override flags = {
    ...namespaceFlags,
    selector: Flags.string({ char: 'l', description: 'Label selector, e.g. -l app=web,tier!=db.' }),
    'field-selector': Flags.string({ description: 'Field selector, e.g. --field-selector status.phase=Running.' }),
    output: Flags.string({ char: 'o', options: [...GET_OUTPUTS], default: 'table', description: 'Output format.' }),
    'show-labels': Flags.boolean({ description: 'Add a LABELS column.' }),
    'no-headers': Flags.boolean({ description: 'Leave out the header row.' }),
    'show-managed-fields': Flags.boolean({ description: 'Keep metadata.managedFields in json and yaml output.' }),
    'show-secrets': Flags.boolean({ description: 'Print Secret values (and their last-applied annotation) in json and yaml output; redacted to their size by default.' }),
    'chunk-size': Flags.integer({ description: 'Objects per LIST request (page); output starts with the first page.', default: 500, min: 1 }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Get);
    const client = this.kube(flags);
    await runGet(
      client,
      {
        args: argv as string[],
        namespace: this.namespaceFor(client, flags),
        labelSelector: flags.selector,
        fieldSelector: flags['field-selector'],
        output: flags.output as (typeof GET_OUTPUTS)[number],
        showLabels: flags['show-labels'],
        noHeaders: flags['no-headers'],
        showManagedFields: flags['show-managed-fields'],
        showSecrets: flags['show-secrets'],
        chunkSize: flags['chunk-size'],
      },
      { out: (text) => process.stdout.write(text), note: (text) => this.note(text) },
    );
  }
}
