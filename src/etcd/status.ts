import { ETCD_DEFAULT_QUOTA_BYTES } from '../controlplane/etcd.js';
import type { EtcdTarget } from './defrag.js';
import { etcdctl, etcdctlError, lastErrorLine } from './etcdctl.js';
import type { ToolResult } from './etcdctl.js';
import { failedEndpoints, parseAlarms, parseEndpointHealth, parseEndpointStatus, parseMemberList } from './parse.js';
import type { Alarm, Member } from './parse.js';

/** One member as `endpoint status` and `endpoint health` see it. */
export interface EndpointReport {
  endpoint: string;
  memberId: string | undefined;
  name: string | undefined;
  /** undefined when the health check did not report on this endpoint */
  healthy: boolean | undefined;
  /** the health check's linearizable read: commit latency through raft */
  commitMs: number | undefined;
  healthError: string | undefined;
  /** undefined fields: the member did not answer `endpoint status` */
  version: string | undefined;
  dbSize: number | undefined;
  dbSizeInUse: number | undefined;
  /** share of the file that defrag would give back */
  fragmentation: number | undefined;
  isLeader: boolean;
  isLearner: boolean;
  /** hex id of the leader this member follows; "0" when it sees none */
  leader: string | undefined;
  raftTerm: number | undefined;
  raftIndex: number | undefined;
  revision: number | undefined;
  errors: string[];
}

export interface EtcdStatusReport {
  collectedAt: string;
  /** how k8sdoc reached etcd */
  source: string;
  clusterId: string | undefined;
  quotaBytes: number;
  quotaSource: 'flag' | 'etcd' | 'default';
  members: Member[];
  endpoints: EndpointReport[];
  alarms: Alarm[];
}

export interface StatusOptions extends EtcdTarget {
  /** --quota-bytes; else what etcd reports (3.6+), else etcd's default */
  quotaBytes?: number | undefined;
  now?: Date;
}

export function fragmentationOf(dbSize: number, inUse: number): number {
  return dbSize > 0 ? Math.max(0, (dbSize - inUse) / dbSize) : 0;
}

/** The raw etcdctl runs a status report is made of. */
export interface StatusRuns {
  memberList: string;
  status: ToolResult;
  health: ToolResult;
  alarms: ToolResult;
}

/** `etcd status`: member list, then status, health and alarms of every member (--cluster), in parallel. */
export async function etcdStatus(options: StatusOptions): Promise<EtcdStatusReport> {
  const run = (args: string[]): Promise<ToolResult> => etcdctl(options.etcdctl, options.connection, [...args, '-w', 'json'], { timeoutMs: options.timeoutMs });
  const [memberRun, status, health, alarms] = await Promise.all([run(['member', 'list']), run(['endpoint', 'status', '--cluster']), run(['endpoint', 'health', '--cluster']), run(['alarm', 'list'])]);
  if (memberRun.exitCode !== 0) throw etcdctlError('read the etcd member list', options.connection.endpoints, memberRun.stderr);
  return statusReport({ memberList: memberRun.stdout, status, health, alarms }, { source: options.connection.source, quotaBytes: options.quotaBytes, now: options.now ?? new Date() });
}

/** Joins what each etcdctl run said into one row per member; members that did not answer keep their errors. */
export function statusReport(runs: StatusRuns, meta: { source: string; quotaBytes: number | undefined; now: Date }): EtcdStatusReport {
  const statusRun = runs.status;
  const { clusterId, members } = parseMemberList(runs.memberList);
  const statuses = parseEndpointStatus(statusRun.stdout);
  const failed = failedEndpoints(statusRun.stderr);
  const health = parseEndpointHealth(runs.health.stdout);
  const alarms = runs.alarms.exitCode === 0 ? parseAlarms(runs.alarms.stdout) : [];
  const endpoints = new Set([...statuses.map((s) => s.endpoint), ...failed.map((f) => f.endpoint), ...health.map((h) => h.endpoint), ...members.flatMap((m) => m.clientURLs)]);
  const reports = [...endpoints].map((endpoint): EndpointReport => {
    const s = statuses.find((x) => x.endpoint === endpoint);
    const h = health.find((x) => x.endpoint === endpoint);
    const f = failed.find((x) => x.endpoint === endpoint);
    const member = members.find((m) => (s?.memberId !== undefined && m.id === s.memberId) || m.clientURLs.includes(endpoint));
    const errors = [...(s?.errors ?? []), ...(f ? [`no status: ${f.error}`] : [])];
    if (!s && !f && !h && statusRun.exitCode !== 0) errors.push(`no status: ${lastErrorLine(statusRun.stderr)}`);
    return {
      endpoint,
      memberId: s?.memberId ?? member?.id,
      name: member?.name,
      healthy: h?.health,
      commitMs: h?.tookMs,
      healthError: h?.error,
      version: s?.version,
      dbSize: s?.dbSize,
      dbSizeInUse: s?.dbSizeInUse,
      fragmentation: s ? fragmentationOf(s.dbSize, s.dbSizeInUse) : undefined,
      isLeader: s !== undefined && s.leader !== undefined && s.leader !== '0' && s.leader === s.memberId,
      isLearner: s?.isLearner ?? member?.isLearner ?? false,
      leader: s?.leader,
      raftTerm: s?.raftTerm,
      raftIndex: s?.raftIndex,
      revision: s?.revision,
      errors,
    };
  });
  const reported = statuses.map((s) => s.dbSizeQuota).find((q) => q !== undefined);
  const quotaSource = meta.quotaBytes !== undefined ? 'flag' : reported !== undefined ? 'etcd' : 'default';
  return {
    collectedAt: meta.now.toISOString(),
    source: meta.source,
    clusterId: clusterId ?? statuses[0]?.clusterId,
    quotaBytes: meta.quotaBytes ?? reported ?? ETCD_DEFAULT_QUOTA_BYTES,
    quotaSource,
    members,
    endpoints: reports.sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
    alarms,
  };
}
