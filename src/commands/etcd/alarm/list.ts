import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { listAlarms } from '../../../etcd/defrag.js';
import { viaPodArgv, viaPodFlags, withEtcd } from '../../../etcd/flags.js';
import { describeAlarm } from '../../../etcd/parse.js';

export default class EtcdAlarmList extends BaseCommand {
  static override description = `List the alarms etcd has raised (NOSPACE: the quota is reached and writes are refused; CORRUPT: a member's data diverged).

Exit codes: 0 no alarm, 1 an alarm is raised, 3 etcd unreachable, 5 the etcd pod (--via-pod) does not exist, 6 RBAC denied pods/exec.`;

  static override examples = ['<%= config.bin %> etcd alarm list --embedded default', '<%= config.bin %> etcd alarm list --via-pod -o json'];

  static override flags = {
    ...viaPodFlags,
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['text', 'json'], default: 'text' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdAlarmList, viaPodArgv(this.argv));
    const alarms = await withEtcd(flags, async (etcd) => listAlarms(etcd));
    if (flags.output === 'json') this.out(JSON.stringify(alarms, null, 2));
    else this.out(alarms.length === 0 ? 'no alarm raised' : alarms.map(describeAlarm).join('\n'));
    if (alarms.length > 0) this.exit(1);
  }
}
