import { once } from 'node:events';
import { Args, Flags } from '@oclif/core';
import { KubeCommand, parseDuration } from '../base-command.js';
import { streamLogs } from '../kubectl/logs.js';

export default class Logs extends KubeCommand {
  static override description = "Print a container's log; -f follows it until the container stops or Ctrl-C.";
  static override examples = [
    '<%= config.bin %> logs web-1',
    '<%= config.bin %> logs web-1 -c sidecar --previous',
    '<%= config.bin %> logs web-1 --tail 100 -f --timestamps',
    '<%= config.bin %> logs pod/web-1 --since 5m -n shop',
  ];
  static override args = {
    pod: Args.string({ description: 'POD or pod/POD', required: true }),
  };
  static override flags = {
    namespace: Flags.string({ char: 'n', description: "Namespace (default: the context's namespace).", helpGroup: 'CLUSTER' }),
    container: Flags.string({ char: 'c', description: 'Container name (default: the default-container annotation, or the only container).' }),
    previous: Flags.boolean({ char: 'p', description: 'The log of the previous, terminated instance of the container.' }),
    tail: Flags.integer({ description: 'Only the last N lines (-1: all).', default: -1 }),
    follow: Flags.boolean({ char: 'f', description: 'Keep streaming new lines.' }),
    timestamps: Flags.boolean({ description: 'Prefix each line with its RFC 3339 timestamp.' }),
    since: Flags.string({ description: 'Only lines newer than this duration, e.g. 5m, 1h.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Logs);
    const client = this.kube(flags);
    const sinceSeconds = flags.since === undefined ? undefined : Math.max(1, Math.ceil(parseDuration(flags.since, '--since') / 1000));
    await streamLogs(
      client,
      {
        pod: args.pod,
        namespace: flags.namespace ?? client.defaultNamespace,
        container: flags.container,
        previous: flags.previous,
        tail: flags.tail,
        follow: flags.follow,
        timestamps: flags.timestamps,
        sinceSeconds,
      },
      async (chunk) => {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      },
    );
  }
}
