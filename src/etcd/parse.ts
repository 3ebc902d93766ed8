import { K8sdocError } from '../errors.js';

/**
 * Member and cluster ids are uint64: JSON.parse would round them. etcdctl prints them as bare
 * numbers, so they are quoted before parsing and shown as hex, as `etcdctl -w table` does.
 */
const ID_FIELDS = ['cluster_id', 'member_id', 'leader', 'ID', 'memberID'];

export function parseEtcdJson<T>(text: string, what: string): T {
  const quoted = text.replace(new RegExp(`("(?:${ID_FIELDS.join('|')})"\\s*:\\s*)(\\d+)`, 'g'), '$1"$2"');
  try {
    return JSON.parse(quoted) as T;
  } catch {
    throw new K8sdocError('etcd-output', `cannot read the output of ${what}: ${text.slice(0, 120) || 'empty'}`, { exit: 'internal', hint: 'is etcdctl/etcdutl of version 3.5 or newer?' });
  }
}

/** A decimal uint64 id (as quoted by parseEtcdJson) in the hex form etcdctl's tables use; "0" stays "0". */
export function hexId(id: string | number | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  try {
    return BigInt(id).toString(16);
  } catch {
    return String(id);
  }
}

/** `-w fields` output (the only form `get --count-only` allows): `"Count" : 270` per line; numbers only. */
export function parseFields(text: string): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const m of text.matchAll(/^"(\w+)" : (\d+)$/gm)) fields[m[1] ?? ''] = Number(m[2]);
  return fields;
}

export interface EndpointStatus {
  endpoint: string;
  memberId: string | undefined;
  clusterId: string | undefined;
  version: string | undefined;
  dbSize: number;
  dbSizeInUse: number;
  /** etcd 3.6 reports its --quota-backend-bytes */
  dbSizeQuota: number | undefined;
  /** hex id of the leader this member sees; "0" when it sees none */
  leader: string | undefined;
  isLearner: boolean;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  revision: number;
  errors: string[];
}

interface RawStatus {
  Endpoint: string;
  Status: {
    header?: { cluster_id?: string; member_id?: string; revision?: number };
    version?: string;
    dbSize?: number;
    dbSizeInUse?: number;
    dbSizeQuota?: number;
    leader?: string;
    isLearner?: boolean;
    raftTerm?: number;
    raftIndex?: number;
    raftAppliedIndex?: number;
    errors?: string[];
  };
}

/** `etcdctl endpoint status -w json`: one entry per endpoint that answered ("null" when none did). */
export function parseEndpointStatus(text: string): EndpointStatus[] {
  if (text.trim() === '' || text.trim() === 'null') return [];
  return parseEtcdJson<RawStatus[] | null>(text, 'etcdctl endpoint status')?.map((raw) => ({
    endpoint: raw.Endpoint,
    memberId: hexId(raw.Status.header?.member_id),
    clusterId: hexId(raw.Status.header?.cluster_id),
    version: raw.Status.version,
    dbSize: raw.Status.dbSize ?? 0,
    dbSizeInUse: raw.Status.dbSizeInUse ?? raw.Status.dbSize ?? 0,
    dbSizeQuota: raw.Status.dbSizeQuota || undefined,
    leader: hexId(raw.Status.leader ?? '0'),
    isLearner: raw.Status.isLearner ?? false,
    raftTerm: raw.Status.raftTerm ?? 0,
    raftIndex: raw.Status.raftIndex ?? 0,
    raftAppliedIndex: raw.Status.raftAppliedIndex ?? 0,
    revision: raw.Status.header?.revision ?? 0,
    errors: raw.Status.errors ?? [],
  })) ?? [];
}

/** Endpoints etcdctl could not get a status from: "Failed to get the status of endpoint X (reason)". */
export function failedEndpoints(stderr: string): { endpoint: string; error: string }[] {
  return [...stderr.matchAll(/Failed to get the status of endpoint (\S+) \((.*)\)/g)].map((m) => ({ endpoint: m[1] ?? '', error: m[2] ?? '' }));
}

export interface EndpointHealth {
  endpoint: string;
  health: boolean;
  /** commit latency of the health check's linearizable read, in ms */
  tookMs: number | undefined;
  error: string | undefined;
}

/** Go durations as etcdctl prints them: 6.28869ms, 1.2s, 850µs. */
export function goDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let total = 0;
  let matched = false;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|µs|us|ms|s|m|h)/g)) {
    matched = true;
    const value = Number(m[1]);
    const unit = m[2];
    total += unit === 'ns' ? value / 1e6 : unit === 'µs' || unit === 'us' ? value / 1e3 : unit === 'ms' ? value : unit === 's' ? value * 1e3 : unit === 'm' ? value * 6e4 : value * 3.6e6;
  }
  return matched ? total : undefined;
}

export function parseEndpointHealth(text: string): EndpointHealth[] {
  if (text.trim() === '' || text.trim() === 'null') return [];
  const raw = parseEtcdJson<{ endpoint: string; health: boolean; took?: string; error?: string }[] | null>(text, 'etcdctl endpoint health');
  return (raw ?? []).map((h) => ({ endpoint: h.endpoint, health: h.health, tookMs: goDurationMs(h.took), error: h.error || undefined }));
}

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export function parseMemberList(text: string): { clusterId: string | undefined; members: Member[] } {
  const raw = parseEtcdJson<{ header?: { cluster_id?: string }; members?: { ID: string; name?: string; peerURLs?: string[]; clientURLs?: string[]; isLearner?: boolean }[] }>(text, 'etcdctl member list');
  return {
    clusterId: hexId(raw.header?.cluster_id),
    members: (raw.members ?? []).map((m) => ({ id: hexId(m.ID) ?? '', name: m.name ?? '', peerURLs: m.peerURLs ?? [], clientURLs: m.clientURLs ?? [], isLearner: m.isLearner ?? false })),
  };
}

/** etcd's AlarmType enum: what `alarm list -w json` prints as a number. */
const ALARM_NAMES: Record<number, string> = { 0: 'NONE', 1: 'NOSPACE', 2: 'CORRUPT' };

export interface Alarm {
  memberId: string;
  alarm: string;
}

/** "NOSPACE on member 8e9e05c52164694d", as the alarm commands print it. */
export function describeAlarm(alarm: Alarm): string {
  return `${alarm.alarm} on member ${alarm.memberId}`;
}

export function parseAlarms(text: string): Alarm[] {
  const raw = parseEtcdJson<{ alarms?: { memberID?: string; alarm?: number | string }[] }>(text, 'etcdctl alarm list');
  return (raw.alarms ?? []).map((a) => ({
    memberId: hexId(a.memberID) ?? '',
    alarm: typeof a.alarm === 'number' ? (ALARM_NAMES[a.alarm] ?? `alarm ${a.alarm}`) : (a.alarm ?? 'NOSPACE'),
  }));
}

export interface SnapshotStatus {
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
  /** storage version of the etcd that wrote it, e.g. 3.6.0 */
  version: string | undefined;
}

/** `etcdutl snapshot status FILE -w json`. */
export function parseSnapshotStatus(text: string): SnapshotStatus {
  const raw = parseEtcdJson<Partial<SnapshotStatus>>(text, 'etcdutl snapshot status');
  if (typeof raw.revision !== 'number' || typeof raw.totalKey !== 'number') {
    throw new K8sdocError('etcd-output', `etcdutl snapshot status printed no revision or key count: ${text.slice(0, 120)}`, { exit: 'data' });
  }
  return { hash: raw.hash ?? 0, revision: raw.revision, totalKey: raw.totalKey, totalSize: raw.totalSize ?? 0, version: raw.version || undefined };
}
