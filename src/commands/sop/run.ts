import { Args, Flags } from '@oclif/core';
import { KubeCommand } from '../../base-command.js';
import { renderDryRun } from '../../sop/render.js';
import { RUN_EXIT, isInteractive, runInForeground } from '../../sop/session.js';
import { clusterIdentity, createRun, prepareRun, terminalConfirm } from '../../sop/start.js';
import { parseParams } from '../../sop/plan.js';

export default class SopRun extends KubeCommand {
  static override description = [
    'Run a runbook step by step, journaled under the state dir so `k8sdoc sop resume RUN` continues after a failure, Ctrl-C or a crash.',
    'Exit codes: 0 succeeded, 1 a step failed (rolled back or stopped), 2 bad runbook or parameters, 4 a confirm step without a terminal or --yes, 130 stopped by Ctrl-C.',
  ].join('\n');

  static override examples = [
    '<%= config.bin %> sop run node-upgrade --param version=1.34.2 --param upgrade-command="ssh {{node}} sudo /opt/upgrade-kubelet.sh 1.34.2" --dry-run',
    '<%= config.bin %> sop run pre-upgrade --param snapshot-dir=/var/backups/etcd --yes',
  ];

  static override args = { name: Args.string({ description: 'Runbook name (see `k8sdoc sop list`) or a YAML file.', required: true }) };

  static override flags = {
    param: Flags.string({ char: 'p', description: 'A runbook parameter, NAME=VALUE; repeatable.', multiple: true }),
    'dry-run': Flags.boolean({ description: 'Print what each step would do; change nothing and record no run.' }),
    yes: Flags.boolean({ char: 'y', description: 'Confirm every confirm step up front (needed without a terminal).' }),
    'sop-dir': Flags.string({ description: 'A folder of your own runbooks (YAML).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SopRun);
    const prepared = await prepareRun(() => this.kube(flags), args.name, parseParams(flags.param ?? []), flags['sop-dir']);
    if (flags['dry-run']) {
      this.out(renderDryRun(prepared.sop, prepared.plan));
      return;
    }
    const client = this.kube(flags);
    const folder = createRun(prepared, await clusterIdentity(client));
    const result = await runInForeground(folder, { client, yes: flags.yes, confirm: terminalConfirm() }, { interactive: isInteractive(), note: (l) => this.note(l), out: (l) => this.out(l) });
    if (result !== 'succeeded') this.note(`resume with: k8sdoc sop resume ${folder.info().id}`);
    this.exit(RUN_EXIT[result]);
  }
}
