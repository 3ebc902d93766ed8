import { ETCD_SIZE_WARNING } from '../controlplane/etcd.js';
import type { Check, CheckResult, ObjectRef, Snapshot } from '../engine/types.js';
import { formatBytes } from '../workload/quantity.js';
import type { EndpointReport, EtcdStatusReport } from './status.js';

/** DB size share of the quota that is an error: NOSPACE is close and a defrag needs headroom. */
export const ETCD_SIZE_ERROR_SHARE = 0.9;
/** Fragmentation share worth a defrag... */
export const FRAGMENTATION_SHARE = 0.5;
/** ...when it gives back at least this much (defragmenting a small database changes nothing that matters). */
export const FRAGMENTATION_MIN_BYTES = 64 * 1024 * 1024;

const CLUSTER: ObjectRef = { kind: 'etcd', name: 'etcd' };

function memberRef(e: EndpointReport): ObjectRef {
  return { kind: 'EtcdMember', name: e.name || e.endpoint };
}

function memberLabel(e: EndpointReport): string {
  return e.name ? `${e.name} (${e.endpoint})` : e.endpoint;
}

/** The etcd status a snapshot carries; a dump from elsewhere may hold anything, so the shape is checked. */
export function etcdStatusOf(snapshot: Snapshot): EtcdStatusReport | undefined {
  const value = snapshot.extras.etcd as Partial<EtcdStatusReport> | undefined;
  if (!value || !Array.isArray(value.endpoints) || !Array.isArray(value.members) || !Array.isArray(value.alarms) || typeof value.quotaBytes !== 'number') return undefined;
  return value as EtcdStatusReport;
}

function answered(report: EtcdStatusReport): EndpointReport[] {
  return report.endpoints.filter((e) => e.version !== undefined);
}

export function leaderResults(report: EtcdStatusReport): CheckResult[] {
  const live = answered(report);
  if (live.length === 0) return [];
  const leaderless = live.filter((e) => !e.leader || e.leader === '0');
  if (leaderless.length === 0) return [];
  return [{
    object: CLUSTER,
    message: leaderless.length === live.length ? 'etcd has no leader: every write (and every linearizable read) of the apiserver fails' : `${leaderless.length} of ${live.length} etcd members see no leader`,
    evidence: leaderless.map((e) => `${memberLabel(e)}: leader 0, raft term ${e.raftTerm ?? '?'}`),
    remediation: 'A leader needs a quorum of members that reach each other: check that more than half of the members run (`k8sdoc etcd status`), their peer port 2380 between nodes, clock and disk latency (frequent elections point at slow disks or a saturated network).',
  }];
}

const ALARM_MEANING: Record<string, string> = {
  NOSPACE: 'the database reached its quota: etcd refuses every write (the apiserver answers "etcdserver: mvcc: database space exceeded")',
  CORRUPT: 'a member found its data inconsistent with the others: the cluster is read-only until it is repaired',
};

export function alarmResults(report: EtcdStatusReport): CheckResult[] {
  return report.alarms.map((alarm) => {
    const endpoint = report.endpoints.find((e) => e.memberId === alarm.memberId);
    const name = endpoint?.name ?? report.members.find((m) => m.id === alarm.memberId)?.name;
    return {
      object: { kind: 'EtcdMember', name: name || alarm.memberId },
      message: `etcd alarm ${alarm.alarm} raised: ${ALARM_MEANING[alarm.alarm] ?? 'etcd refuses writes while an alarm is raised'}`,
      evidence: [`alarm ${alarm.alarm} on member ${alarm.memberId}${name ? ` (${name})` : ''}`, ...(endpoint?.dbSize !== undefined ? [`DB size ${formatBytes(endpoint.dbSize)} of a ${formatBytes(report.quotaBytes)} quota`] : [])],
      remediation: alarm.alarm === 'CORRUPT'
        ? 'Find the diverging member (`etcdctl endpoint hashkv --cluster`), remove it and add it back empty (or restore from a snapshot: `k8sdoc etcd snapshot restore`), then `k8sdoc etcd alarm disarm`.'
        : 'Free space first: compact to the current revision (`etcdctl compact $(etcdctl endpoint status -w json | jq .[0].Status.header.revision)`), then `k8sdoc etcd defrag`, or raise --quota-backend-bytes; then `k8sdoc etcd alarm disarm`. Disarming before the cause is fixed raises the alarm again.',
    };
  });
}

export function dbSizeResults(report: EtcdStatusReport): CheckResult[] {
  return answered(report).flatMap((e): CheckResult[] => {
    const size = e.dbSize ?? 0;
    const share = size / report.quotaBytes;
    if (share < ETCD_SIZE_WARNING) return [];
    return [{
      object: memberRef(e),
      severity: share >= ETCD_SIZE_ERROR_SHARE ? 'error' : 'warning',
      message: `etcd database is ${formatBytes(size)}, ${Math.round(share * 100)}% of its ${formatBytes(report.quotaBytes)} quota: at the quota etcd raises NOSPACE and refuses every write`,
      evidence: [`${memberLabel(e)}: DB size ${formatBytes(size)}, in use ${formatBytes(e.dbSizeInUse ?? size)}`, `quota ${formatBytes(report.quotaBytes)} (${report.quotaSource === 'flag' ? '--quota-bytes' : report.quotaSource === 'etcd' ? 'reported by etcd' : "etcd's default"}); warning from ${ETCD_SIZE_WARNING * 100}%, error from ${ETCD_SIZE_ERROR_SHARE * 100}%`],
      remediation: 'Compact and defragment (`k8sdoc etcd defrag`), find what grows (many Events, large ConfigMaps or custom resources), or raise --quota-backend-bytes (8 GiB at most is advised).',
    }];
  });
}

export function fragmentationResults(report: EtcdStatusReport): CheckResult[] {
  return answered(report).flatMap((e): CheckResult[] => {
    const size = e.dbSize ?? 0;
    const free = size - (e.dbSizeInUse ?? size);
    const share = e.fragmentation ?? 0;
    if (share <= FRAGMENTATION_SHARE || free < FRAGMENTATION_MIN_BYTES) return [];
    return [{
      object: memberRef(e),
      message: `etcd database is ${Math.round(share * 100)}% fragmented: ${formatBytes(free)} of its ${formatBytes(size)} file is free space that counts against the quota`,
      evidence: [`${memberLabel(e)}: DB size ${formatBytes(size)}, in use ${formatBytes(e.dbSizeInUse ?? 0)}`],
      remediation: 'Defragment one member at a time, leader last: `k8sdoc etcd defrag` (each member blocks reads and writes while it defragments).',
    }];
  });
}

export function versionResults(report: EtcdStatusReport): CheckResult[] {
  const live = answered(report);
  const versions = [...new Set(live.map((e) => e.version))];
  if (versions.length < 2) return [];
  return [{
    object: CLUSTER,
    message: `etcd members run different versions (${versions.join(', ')}): fine during a rolling upgrade, a risk if left so`,
    evidence: live.map((e) => `${memberLabel(e)}: ${e.version ?? '?'}`),
    remediation: 'Finish the upgrade (or downgrade) one member at a time so every member runs the same version; the cluster runs at the lowest version\'s features until then.',
  }];
}

export function memberCountResults(report: EtcdStatusReport): CheckResult[] {
  const voters = report.members.filter((m) => !m.isLearner);
  if (voters.length === 0 || voters.length % 2 === 1) return [];
  return [{
    object: CLUSTER,
    message: `etcd has ${voters.length} voting members: an even count tolerates no more failures than ${voters.length - 1} members and needs a larger quorum`,
    evidence: [`members: ${voters.map((m) => m.name || m.id).join(', ')}`, 'cluster sizes 1/3/5/7 tolerate 0/1/2/3 failed members'],
    remediation: `Run an odd number of members: add one (to ${voters.length + 1}) or remove one (to ${voters.length - 1}) with \`etcdctl member add/remove\`.`,
  }];
}

export function memberHealthResults(report: EtcdStatusReport): CheckResult[] {
  return report.endpoints.flatMap((e): CheckResult[] => {
    // an alarm fails the health check too; etcd-alarm reports it
    const alarmOnly = e.healthError !== undefined && /alarm/i.test(e.healthError);
    const problems = [...(e.healthy === false && !alarmOnly ? [`health check failed${e.healthError ? `: ${e.healthError}` : ''}`] : []), ...e.errors.filter((error) => !/alarm:/i.test(error))];
    if (problems.length === 0) return [];
    return [{
      object: memberRef(e),
      message: `etcd member ${memberLabel(e)} is unhealthy: ${problems[0] ?? ''}`,
      evidence: problems,
      remediation: 'Check the member\'s process and log, its disk (fsync latency) and the network to the other members; a member down for long should be replaced (`etcdctl member remove/add`).',
    }];
  });
}

/** A check over the etcd member status extra (collected from etcdctl when an endpoint is configured). */
export function etcdStatusCheck(meta: Pick<Check, 'id' | 'title' | 'severity' | 'docs'>, results: (report: EtcdStatusReport) => CheckResult[]): Check {
  return {
    ...meta,
    area: 'etcd',
    needs: [],
    extras: ['etcd'],
    run(view) {
      const status = etcdStatusOf(view.snapshot);
      return status ? results(status) : [];
    },
  };
}
