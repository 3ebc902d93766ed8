import { Args, Flags } from '@oclif/core';
import { KubeCommand, parseDuration } from '../base-command.js';
import { drainNode } from '../kubectl/drain.js';
import type { DrainEvent } from '../kubectl/drain.js';

export default class Drain extends KubeCommand {
  static override description = `Cordon a node and evict its pods through the Eviction API, honouring PodDisruptionBudgets.

Nothing is evicted while a pod blocks the drain (a DaemonSet pod, a pod with emptyDir data, a pod without a controller): the error names each one and the flag that allows it. An eviction a PodDisruptionBudget refuses is retried every 5s until --timeout. Exit codes: 0 drained, 4 pods block the drain, 8 the timeout passed with pods still on the node.`;
  static override examples = [
    '<%= config.bin %> drain node-1 --ignore-daemonsets --delete-emptydir-data',
    '<%= config.bin %> drain node-1 --ignore-daemonsets --timeout 5m',
    '<%= config.bin %> drain node-1 --dry-run',
  ];
  static override args = {
    node: Args.string({ description: 'the node to drain', required: true }),
  };
  static override flags = {
    'ignore-daemonsets': Flags.boolean({ description: 'Leave DaemonSet-managed pods on the node.' }),
    'delete-emptydir-data': Flags.boolean({ description: 'Evict pods with emptyDir volumes (their data is lost).' }),
    force: Flags.boolean({ description: 'Evict pods that no controller manages (they are not recreated).' }),
    'grace-period': Flags.integer({ description: "Seconds each pod gets to stop (-1: the pod's own terminationGracePeriodSeconds).", default: -1 }),
    timeout: Flags.string({ description: 'Give up after this long, e.g. 5m (0: wait as long as it takes).', default: '0s' }),
    'pod-selector': Flags.string({ description: 'Only evict pods matching this label selector.' }),
    'dry-run': Flags.boolean({ description: 'Say what would happen (PodDisruptionBudgets asked with server dry runs) and change nothing, not even the cordon.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Drain);
    const dryRun = flags['dry-run'];
    const result = await drainNode(
      this.kube(flags),
      args.node,
      {
        ignoreDaemonSets: flags['ignore-daemonsets'],
        deleteEmptyDirData: flags['delete-emptydir-data'],
        force: flags.force,
        gracePeriodSeconds: flags['grace-period'] >= 0 ? flags['grace-period'] : undefined,
        timeoutMs: parseDuration(flags.timeout, '--timeout'),
        podSelector: flags['pod-selector'],
        dryRun,
      },
      (event) => this.note(progressLine(event, dryRun)),
    );
    this.out(`node/${result.node} drained${dryRun ? ' (dry run)' : ''}`);
  }
}

function progressLine(event: DrainEvent, dryRun: boolean): string {
  switch (event.type) {
    case 'cordon':
      return event.message;
    case 'warning':
      return `Warning: ${event.message}`;
    case 'evicting':
      return `evicting pod ${event.pod}`;
    case 'blocked':
      return `cannot evict pod ${event.pod} yet: ${event.reason} (retrying in ${event.retryInMs / 1000}s)`;
    case 'evicted':
      return dryRun ? `pod ${event.pod} would be evicted (dry run)` : `pod ${event.pod} evicted`;
    case 'would-block':
      return `pod ${event.pod} would not be evicted now: ${event.reason} (dry run)`;
  }
}
