import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { confirm } from '../../etcd/confirm.js';
import { planDefrag, runDefrag } from '../../etcd/defrag.js';
import { viaPodArgv, viaPodFlags, withEtcd } from '../../etcd/flags.js';
import { renderDefragPlan } from '../../etcd/render.js';
import { K8sdocError } from '../../errors.js';
import { formatBytes } from '../../workload/quantity.js';

export default class EtcdDefrag extends BaseCommand {
  static override description = `Defragment etcd one member at a time, the leader last, to give free space back to the disk and the quota.

Each member blocks reads and writes while it defragments. Asks for confirmation in a terminal; scripts must pass --yes. Refuses when a member does not answer (a defrag then risks the quorum).

With \`--via-pod\` etcdctl runs in the etcd static pods through the API's exec; each member is defragmented from its own pod when it has one.

Exit codes: 0 done, 2 no confirmation in a non-interactive run, 3 etcd unreachable, 4 a member is down, 5 the etcd pod does not exist, 6 RBAC denied pods/exec.`;

  static override examples = ['sudo <%= config.bin %> etcd defrag', '<%= config.bin %> etcd defrag --embedded default --yes', '<%= config.bin %> etcd defrag --via-pod --yes'];

  static override flags = {
    ...viaPodFlags,
    timeout: Flags.string({ description: 'How long one member may take to defragment.', default: '10m', helpGroup: 'ETCD' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (required when not in a terminal).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdDefrag, viaPodArgv(this.argv));
    await withEtcd(flags, async (etcd) => {
      const plan = await planDefrag(etcd);
      if (plan.unreachable.length > 0) {
        throw new K8sdocError('etcd-member-down', `members ${plan.unreachable.map((e) => e.endpoint).join(', ')} do not answer; defragmenting the others now could cost the quorum`, { exit: 'precondition', hint: 'bring every member back first (`k8sdoc etcd status`)' });
      }
      this.note(`defrag order (one at a time, leader last):\n${renderDefragPlan(plan)}`);
      if (!(await confirm(`defragment ${plan.order.length} etcd member(s)? each blocks while it runs`, flags.yes))) {
        this.note('nothing done');
        return;
      }
      const steps = await runDefrag(etcd, plan, (member) => this.note(`defragmenting ${member.endpoint}...`));
      for (const step of steps) {
        this.out(`${step.endpoint}: ${step.before === undefined ? '?' : formatBytes(step.before)} → ${step.after === undefined ? '?' : formatBytes(step.after)}`);
      }
    });
  }
}
