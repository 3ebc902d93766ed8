import { Flags } from '@oclif/core';
import { KubeCommand, namespaceFlags } from '../base-command.js';
import { listEvents, renderEvents } from '../kubectl/events.js';
import { toJson, toYaml } from '../kubectl/output.js';

export default class Events extends KubeCommand {
  static override description = 'List events, oldest first (the newest last), like kubectl events.';
  static override examples = [
    '<%= config.bin %> events',
    '<%= config.bin %> events -A --types Warning',
    '<%= config.bin %> events --for pod/web-1 -n shop',
    '<%= config.bin %> events --for deployment.apps/web -o yaml',
  ];
  static override flags = {
    ...namespaceFlags,
    for: Flags.string({ description: 'Only the events of this object, as TYPE/NAME (pod/web-1, deployment.apps/web).' }),
    types: Flags.string({ description: 'Only events of these types, comma separated: Normal, Warning.' }),
    output: Flags.string({ char: 'o', options: ['table', 'json', 'yaml'], default: 'table', description: 'Output format.' }),
    'no-headers': Flags.boolean({ description: 'Leave out the header row.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Events);
    const client = this.kube(flags);
    const namespace = this.namespaceFor(client, flags);
    const events = await listEvents(client, { namespace, forObject: flags.for, types: flags.types?.split(',') });
    if (flags.output !== 'table') {
      const list = { apiVersion: 'v1', kind: 'EventList', metadata: {}, items: events.map((event) => ({ apiVersion: 'v1', kind: 'Event', ...event })) };
      this.out(flags.output === 'json' ? toJson(list) : toYaml(list));
      return;
    }
    if (events.length === 0) {
      this.note(namespace === undefined ? 'No events found.' : `No events found in ${namespace} namespace.`);
      return;
    }
    this.out(renderEvents(events, { allNamespaces: namespace === undefined, noHeaders: flags['no-headers'], now: new Date() }));
  }
}
