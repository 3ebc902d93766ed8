import { describe, expect, it } from 'vitest';
import { allChecks } from '../../../checks/index.js';
import { defragOrder } from '../../../src/etcd/defrag.js';
import { etcdFindings } from '../../../src/etcd/doctor.js';
import type { EtcdStatusReport } from '../../../src/etcd/status.js';
import { recordedReport } from './fixtures.js';

const healthy = (): EtcdStatusReport => recordedReport({ members: 'member-list.json', status: 'endpoint-status.json', health: 'endpoint-health.json', alarms: 'alarm-list-none.json' });
const nospace = (): EtcdStatusReport => recordedReport({ members: 'member-list.json', status: 'endpoint-status-nospace.json', health: 'endpoint-health-nospace.json', alarms: 'alarm-list-nospace.json' });
const three = (quota?: number): EtcdStatusReport =>
  recordedReport({ members: 'member-list-three.json', status: 'endpoint-status-three.json', statusStderr: 'endpoint-status-three.stderr', health: 'endpoint-health-three.json', alarms: 'alarm-list-none.json' }, quota);

function findings(report: EtcdStatusReport): { id: string; severity: string; object: string; message: string }[] {
  return etcdFindings(report, allChecks, 'error').findings.map((f) => ({ id: f.checkId, severity: f.severity, object: `${f.object.kind}/${f.object.name}`, message: f.message }));
}

describe('etcd member status report', () => {
  it('joins member list, status and health per member, including one that gave no status', () => {
    const report = three();
    expect(report.endpoints.map((e) => [e.name, e.isLeader, e.healthy, e.version])).toEqual([
      ['cp-1', true, true, '3.6.8'],
      ['cp-2', false, true, '3.6.8'],
      ['cp-3', false, false, undefined],
    ]);
    expect(report.endpoints[2]?.errors).toEqual(['no status: context deadline exceeded']);
    expect(report.endpoints[0]?.fragmentation).toBeCloseTo(0.603, 3);
    expect(report).toMatchObject({ clusterId: 'f19ea217e03c5bd7', quotaBytes: 2147483648, quotaSource: 'etcd' });
    expect(three(8 * 1024 ** 3)).toMatchObject({ quotaBytes: 8 * 1024 ** 3, quotaSource: 'flag' });
  });
});

describe('etcd findings', () => {
  it('finds nothing on the healthy embedded etcd', () => {
    expect(findings(healthy())).toEqual([]);
  });

  it('reports the NOSPACE alarm as an error on its member, and not again as an unhealthy member', () => {
    const found = findings(nospace());
    expect(found.find((f) => f.id === 'etcd-alarm')).toMatchObject({ severity: 'error', object: 'EtcdMember/etcddev-control-plane' });
    expect(found.find((f) => f.id === 'etcd-alarm')?.message).toMatch(/NOSPACE.*refuses every write/);
    expect(found.map((f) => f.id)).not.toContain('etcd-member-health');
  });

  it('warns at 75% of the quota, errors from 90%, and suggests a defrag only where much space is free', () => {
    const found = findings(three());
    // 1.7 GiB of 2 GiB = 85%
    expect(found.filter((f) => f.id === 'etcd-db-size').map((f) => [f.object, f.severity])).toEqual([
      ['EtcdMember/cp-1', 'warning'],
      ['EtcdMember/cp-2', 'warning'],
    ]);
    expect(found.filter((f) => f.id === 'etcd-fragmentation').map((f) => f.object)).toEqual(['EtcdMember/cp-1']);
    expect(found.find((f) => f.id === 'etcd-member-health')).toMatchObject({ severity: 'error', object: 'EtcdMember/cp-3' });
    const tight = three(1_900_000_000);
    expect(findings(tight).filter((f) => f.id === 'etcd-db-size').every((f) => f.severity === 'error')).toBe(true);
    expect(findings(three(8 * 1024 ** 3)).map((f) => f.id)).not.toContain('etcd-db-size');
  });

  it('reports no leader, version disagreement and an even member count', () => {
    const report = three();
    const [first, second] = report.endpoints;
    if (!first || !second) throw new Error('fixture has three members');
    first.leader = '0';
    second.leader = '0';
    second.version = '3.5.21';
    report.members.push({ id: 'abc', name: 'cp-4', peerURLs: [], clientURLs: [], isLearner: false });
    const ids = findings(report).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['etcd-leader', 'etcd-version-skew', 'etcd-member-count']));
    expect(findings(report).find((f) => f.id === 'etcd-leader')?.message).toBe('etcd has no leader: every write (and every linearizable read) of the apiserver fails');
    // a learner does not vote: three voters plus a learner is fine
    const last = report.members.at(-1);
    if (last) last.isLearner = true;
    expect(findings(report).map((f) => f.id)).not.toContain('etcd-member-count');
  });

  it('exits by --fail-on: warnings fail only with --fail-on warning', () => {
    const report = three(8 * 1024 ** 3);
    report.endpoints.pop();
    expect(etcdFindings(report, allChecks, 'error').failed).toBe(false);
    expect(etcdFindings(report, allChecks, 'warning').failed).toBe(true);
  });
});

describe('defrag order', () => {
  it('takes one member at a time with the leader last, and names members that did not answer', () => {
    const plan = defragOrder(three().endpoints);
    expect(plan.order.map((e) => e.name)).toEqual(['cp-2', 'cp-1']);
    expect(plan.unreachable.map((e) => e.name)).toEqual(['cp-3']);
  });
});
