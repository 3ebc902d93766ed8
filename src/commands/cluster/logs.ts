import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { componentLog } from '../../embedded/cluster.js';
import { COMPONENTS } from '../../embedded/components.js';
import { DEFAULT_CLUSTER } from '../../embedded/paths.js';
import { logTail } from '../../embedded/process.js';

export default class ClusterLogs extends BaseCommand {
  static override description = 'Print the log of one embedded control-plane component.';
  static override examples = ['<%= config.bin %> cluster logs kube-apiserver --tail 50'];
  static override args = {
    component: Args.string({ required: true, options: [...COMPONENTS], description: 'The component.' }),
  };
  static override flags = {
    name: Flags.string({ default: DEFAULT_CLUSTER, description: 'Cluster name.' }),
    tail: Flags.integer({ min: 1, description: 'Only the last N lines.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterLogs);
    const file = componentLog(flags.name, args.component);
    if (flags.tail) this.out(logTail(file, flags.tail).join('\n'));
    else await pipeline(createReadStream(file), process.stdout, { end: false });
  }
}
