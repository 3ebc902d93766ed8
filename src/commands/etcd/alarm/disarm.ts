import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { confirm } from '../../../etcd/confirm.js';
import { disarmAlarms, listAlarms } from '../../../etcd/defrag.js';
import { viaPodArgv, viaPodFlags, withEtcd } from '../../../etcd/flags.js';
import { describeAlarm } from '../../../etcd/parse.js';
import { K8sdocError } from '../../../errors.js';

export default class EtcdAlarmDisarm extends BaseCommand {
  static override description = `Disarm etcd's alarms once their cause is fixed (NOSPACE: compacted and defragmented, or the quota raised; CORRUPT: the member repaired).

An alarm whose cause persists is raised again at once; the command then says so and exits 1.

Exit codes: 0 disarmed (or none raised), 1 an alarm came back, 2 no confirmation in a non-interactive run, 3 etcd unreachable, 5 the etcd pod (--via-pod) does not exist, 6 RBAC denied pods/exec.`;

  static override examples = ['<%= config.bin %> etcd alarm disarm --embedded default --yes', '<%= config.bin %> etcd alarm disarm --via-pod etcd-cp-1 --yes'];

  static override flags = {
    ...viaPodFlags,
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation (required when not in a terminal).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdAlarmDisarm, viaPodArgv(this.argv));
    await withEtcd(flags, async (etcd) => {
      const raised = await listAlarms(etcd);
      if (raised.length === 0) {
        this.out('no alarm raised');
        return;
      }
      const names = raised.map(describeAlarm).join(', ');
      if (!(await confirm(`disarm ${names}? only do so after fixing the cause`, flags.yes))) {
        this.note('nothing done');
        return;
      }
      const { disarmed, remaining } = await disarmAlarms(etcd);
      this.out(`disarmed: ${disarmed.map(describeAlarm).join(', ')}`);
      if (remaining.length > 0) {
        throw new K8sdocError('etcd-alarm-back', `raised again: ${remaining.map((a) => a.alarm).join(', ')}; its cause is not fixed`, { exit: 'findings', hint: 'for NOSPACE compact and defragment (`k8sdoc etcd defrag`) or raise --quota-backend-bytes, then disarm again' });
      }
    });
  }
}
