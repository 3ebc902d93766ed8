import { describe, expect, it } from 'vitest';
import { podNoScheduler } from '../../../../checks/workloads/pod-no-scheduler.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { fixture } from './load.js';

describe('pod-no-scheduler', () => {
  it('reports a pod whose schedulerName has no Lease, not the pods a scheduler looked at or just received', () => {
    const findings = runCheck(podNoScheduler, fixture('pod-no-scheduler/unknown-scheduler.yaml'));
    expect(findings.map((f) => f.object.name)).toEqual(['ml-serving-6d5f4c7b8-q9w8e']);
    expect(findings[0]).toMatchObject({ severity: 'error', owner: { kind: 'Deployment', name: 'ml-serving', namespace: 'ml' } });
    expect(findings[0]?.message).toContain('gpu-binpack-scheduler names a scheduler that is not running');
    expect(findings[0]?.evidence).toContain('no Lease kube-system/gpu-binpack-scheduler (a running scheduler with leader election holds one)');
  });

  it('blames the default scheduler when its Lease is stale', () => {
    const findings = runCheck(podNoScheduler, fixture('pod-no-scheduler/stale-lease.yaml'));
    expect(findings.map((f) => f.object.name)).toEqual(['api-0']);
    expect(findings[0]?.message).toContain('default-scheduler is not running (its leader Lease is stale)');
    expect(findings[0]?.evidence).toContain('Lease kube-system/kube-scheduler last renewed 20m ago by control-plane_7f3c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f');
  });

  it('judges a namespace-scoped run by the kube-system Leases collected across namespaces', () => {
    const snapshot = { ...fixture('pod-no-scheduler/stale-lease.yaml'), namespace: 'shop' };
    expect(runCheck(podNoScheduler, snapshot).map((f) => f.object.name)).toEqual(['api-0']);
  });

  it('cannot judge when no kube-system Lease is in sight', () => {
    const snapshot = fixture('pod-no-scheduler/unknown-scheduler.yaml');
    snapshot.resources.leases = [];
    expect(runCheck(podNoScheduler, snapshot)).toEqual([]);
  });
});
