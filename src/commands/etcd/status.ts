import { Flags } from '@oclif/core';
import { allChecks } from '../../../checks/index.js';
import { BaseCommand } from '../../base-command.js';
import type { FailOn } from '../../engine/run.js';
import { etcdFindings } from '../../etcd/doctor.js';
import { viaPodArgv, viaPodFlags, withEtcd } from '../../etcd/flags.js';
import { renderStatus } from '../../etcd/render.js';
import type { StatusOutput } from '../../etcd/render.js';
import { etcdStatus } from '../../etcd/status.js';

export default class EtcdStatus extends BaseCommand {
  static override description = `Health of every etcd member and what is wrong with it.

Per member: health with commit latency, version, DB size, DB size in use, fragmentation, leader, learner, raft term and index, errors; the member list; alarms. Findings (the etcd checks of \`k8sdoc diagnose\`): no leader, an alarm raised (NOSPACE, CORRUPT), DB size over 75% (warning) / 90% (error) of the quota, fragmentation over 50% worth a defrag, members on different versions, an even member count, unhealthy members.

Where etcd is reachable only from inside the cluster (kubeadm), \`--via-pod\` runs etcdctl in the etcd static pod through the API's exec (needs get/list pods and create pods/exec in kube-system): the endpoint and certificates come from the pod's etcd command, and members are reached from there.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad flags, 3 etcd or the API unreachable, or TLS refused, 4 etcdctl or certificates missing, 5 the etcd pod does not exist, 6 RBAC denied pods/exec.`;

  static override examples = [
    'sudo <%= config.bin %> etcd status',
    '<%= config.bin %> etcd status --embedded default -o json',
    '<%= config.bin %> etcd status --via-pod',
    '<%= config.bin %> etcd status --via-pod etcd-cp-1 --context prod',
    '<%= config.bin %> etcd status --endpoints https://10.0.0.5:2379 --pki-dir ./pki/etcd --quota-bytes 8589934592 --fail-on warning',
  ];

  static override flags = {
    ...viaPodFlags,
    'quota-bytes': Flags.integer({ description: "etcd's --quota-backend-bytes (default: what etcd reports, else 2 GiB).", min: 1 }),
    'fail-on': Flags.string({ description: 'Exit 1 when a finding of this severity or worse is found.', options: ['error', 'warning', 'never'], default: 'error' }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['table', 'json', 'yaml'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EtcdStatus, viaPodArgv(this.argv));
    const report = await withEtcd(flags, async (etcd) => etcdStatus({ ...etcd, quotaBytes: flags['quota-bytes'] }));
    const result = etcdFindings(report, allChecks, flags['fail-on'] as FailOn);
    this.out(renderStatus(report, result, flags.output as StatusOutput));
    if (result.failed) this.exit(1);
  }
}
