import path from 'node:path';
import yaml from 'js-yaml';
import type { DiagnoseResult } from '../engine/run.js';
import { alignColumns } from '../kubectl/table.js';
import { renderHuman } from '../report/human.js';
import { age } from '../util/time.js';
import { formatBytes } from '../workload/quantity.js';
import type { DefragPlan } from './defrag.js';
import type { CheckedSnapshot, ListedSnapshot, StalePartial } from './snapshot/files.js';
import type { DrillReport } from './snapshot/drill.js';
import type { RestoreResult } from './snapshot/restore.js';
import { lossWindowLine } from './snapshot/restore.js';
import type { SaveResult } from './snapshot/save.js';
import type { VerifyReport } from './snapshot/verify.js';
import type { EtcdStatusReport } from './status.js';

export type StatusOutput = 'table' | 'json' | 'yaml';

const dash = (value: string | number | undefined): string => (value === undefined || value === '' ? '-' : String(value));
const bytes = (value: number | undefined): string => (value === undefined ? '-' : formatBytes(value));
const percent = (share: number | undefined): string => (share === undefined ? '-' : `${Math.round(share * 100)}%`);

export function renderStatus(report: EtcdStatusReport, result: DiagnoseResult, output: StatusOutput): string {
  if (output !== 'table') {
    const value = { status: report, findings: result.findings, failed: result.failed };
    return output === 'json' ? JSON.stringify(value, null, 2) : yaml.dump(value, { noRefs: true, lineWidth: -1 });
  }
  const rows = [['ENDPOINT', 'NAME', 'ID', 'HEALTH', 'COMMIT', 'VERSION', 'DB SIZE', 'IN USE', 'FRAG', 'LEADER', 'LEARNER', 'RAFT TERM', 'RAFT INDEX', 'ERRORS']];
  for (const e of report.endpoints) {
    rows.push([
      e.endpoint,
      dash(e.name),
      dash(e.memberId),
      e.healthy === undefined ? '-' : e.healthy ? 'healthy' : 'unhealthy',
      e.commitMs === undefined ? '-' : `${e.commitMs.toFixed(1)}ms`,
      dash(e.version),
      bytes(e.dbSize),
      bytes(e.dbSizeInUse),
      percent(e.fragmentation),
      e.isLeader ? 'yes' : 'no',
      e.isLearner ? 'yes' : 'no',
      dash(e.raftTerm),
      dash(e.raftIndex),
      [...e.errors, ...(e.healthError ? [e.healthError] : [])].join('; ') || '-',
    ]);
  }
  const lines = [
    `etcd cluster ${dash(report.clusterId)} via ${report.source}: ${report.members.length} member(s), quota ${formatBytes(report.quotaBytes)} (${report.quotaSource})`,
    '',
    alignColumns(rows).trimEnd(),
    '',
    alignColumns([['MEMBER', 'ID', 'PEER URLS', 'CLIENT URLS', 'LEARNER'], ...report.members.map((m) => [m.name || '-', m.id, m.peerURLs.join(','), m.clientURLs.join(','), m.isLearner ? 'yes' : 'no'])]).trimEnd(),
    '',
    `alarms: ${report.alarms.length === 0 ? 'none' : report.alarms.map((a) => `${a.alarm} on ${a.memberId}`).join(', ')}`,
    renderHuman(result).trimEnd(),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderSaved(saved: SaveResult): string {
  const m = saved.metadata;
  return [
    `saved ${saved.file} (${formatBytes(m.size)}, mode 0600)`,
    `  revision ${m.revision}, ${m.totalKeys} keys, etcd ${dash(m.etcdVersion)}, Kubernetes ${dash(m.kubernetesVersion)}, cluster ${dash(m.clusterId)}, member ${dash(m.memberId)}`,
    `  sha256 ${m.sha256}`,
    `  metadata ${saved.metadataFile}`,
  ].join('\n');
}

export function renderVerify(report: VerifyReport): string {
  const mark = (ok: boolean | undefined): string => (ok === undefined ? 'skip' : ok ? 'ok' : 'FAIL');
  return [
    `${report.ok ? 'verified' : 'CORRUPT'}: ${report.file} (${formatBytes(report.size)})`,
    ...report.steps.map((s) => `  ${mark(s.ok).padEnd(4)} ${s.name}: ${s.detail}`),
  ].join('\n');
}

/** A verification recorded earlier counts only while the file still re-checks as the one verified. */
function verifiedCell(s: CheckedSnapshot, now: Date): string {
  if (!s.recheck.intact) return `ALTERED: ${s.recheck.detail}`;
  const v = s.metadata.verified;
  if (!v) return 'no';
  return `${v.ok ? (v.level === 'restore-test' ? 'restore-tested' : 'checked') : 'FAILED'} ${age(v.at, now)} ago`;
}

export function renderList(snapshots: readonly CheckedSnapshot[], output: 'table' | 'json', now: Date): string {
  if (output === 'json') return JSON.stringify(snapshots.map((s) => ({ ...s.metadata, path: s.file, name: s.name, fileSize: s.size, intact: s.recheck.intact, recheck: s.recheck.detail })), null, 2);
  if (snapshots.length === 0) return 'no k8sdoc snapshots in this folder';
  const rows = [['NAME', 'CREATED', 'AGE', 'SIZE', 'REVISION', 'KEYS', 'KUBERNETES', 'VERIFIED']];
  for (const s of snapshots) {
    rows.push([s.name, s.metadata.createdAt, age(s.metadata.createdAt, now), formatBytes(s.size), String(s.metadata.revision), String(s.metadata.totalKeys), dash(s.metadata.kubernetesVersion), verifiedCell(s, now)]);
  }
  return alignColumns(rows).trimEnd();
}

/** One line per stale partial, for list (a warning) and prune (what it removes). */
export function stalePartialLine(partial: StalePartial, verb: string): string {
  const writers = partial.writers.length > 0 ? `; still written by pid ${partial.writers.join(', ')}` : '';
  return `${verb} ${path.basename(partial.file)} (${formatBytes(partial.size)}): a partial save left by k8sdoc pid ${partial.ownerPid}, which is gone${writers}`;
}

export function renderPrune(kept: readonly ListedSnapshot[], pruned: readonly ListedSnapshot[], altered: readonly CheckedSnapshot[], dryRun: boolean): string {
  const lines = [
    ...kept.map((s) => `keep    ${s.name}`),
    ...pruned.map((s) => `${dryRun ? 'would delete' : 'deleted'} ${s.name}`),
    ...altered.map((s) => `left in place, not counted: ${s.name} does not match its metadata (${s.recheck.detail}); verify it or move it away`),
    dryRun && pruned.length > 0 ? `dry run: ${pruned.length} snapshot(s) would be deleted; pass --yes to delete them` : `${pruned.length} snapshot(s) deleted, ${kept.length} kept`,
  ];
  return lines.join('\n');
}

export function renderRestore(result: RestoreResult): string {
  return [
    `restored into ${result.dataDir} (revision ${dash(result.verify.status?.revision)}, ${dash(result.verify.status?.totalKey)} keys)`,
    lossWindowLine(result),
    '',
    'Next steps on a kubeadm (static pod) control plane:',
    ...result.nextSteps.map((step, i) => `  ${i + 1}. ${step}`),
  ].join('\n');
}

export function renderDrill(report: DrillReport, output: 'text' | 'json'): string {
  if (output === 'json') return JSON.stringify(report, null, 2);
  const lines = [
    `${report.usable ? 'USABLE' : 'NOT USABLE'}: ${report.file}`,
    renderVerify(report.verify),
    `API: ${report.readyz ? '/readyz ok' : '/readyz failing or not reached'}${report.serverVersion ? `, kube-apiserver ${report.serverVersion}` : ''}`,
    `namespaces (${report.namespaces.length}): ${report.namespaces.join(', ') || '-'}`,
    `nodes (${report.nodes.length}): ${report.nodes.join(', ') || '-'}`,
    `objects: ${report.totalObjects} in ${report.counts.filter((c) => c.count > 0).length} kinds`,
  ];
  const rows = [['RESOURCE', 'KIND', 'COUNT'], ...report.counts.filter((c) => c.count > 0).map((c) => [c.resource, c.kind, String(c.count)])];
  if (rows.length > 1) lines.push(alignColumns(rows).trimEnd());
  for (const f of report.failedKinds) lines.push(`cannot list ${f.resource}: ${f.error}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(`drill took ${(report.durationMs / 1000).toFixed(1)}s; the throwaway etcd and apiserver were stopped and their folder deleted`);
  return lines.join('\n');
}

export function renderDefragPlan(plan: DefragPlan): string {
  return plan.order.map((e, i) => `${i + 1}. ${e.endpoint}${e.name ? ` (${e.name})` : ''}${e.isLeader ? ' [leader]' : ''}: ${bytes(e.dbSize)}, ${percent(e.fragmentation)} free space`).join('\n');
}
