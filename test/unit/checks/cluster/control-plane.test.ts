import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiserverHealth } from '../../../../checks/cluster/apiserver-health.js';
import { apiserviceUnavailable } from '../../../../checks/cluster/apiservice-unavailable.js';
import { controlPlaneLeader } from '../../../../checks/cluster/control-plane-leader.js';
import { controlPlaneSkew } from '../../../../checks/cluster/control-plane-skew.js';
import { etcdViaApiserver } from '../../../../checks/cluster/etcd-via-apiserver.js';
import { namespaceTerminating } from '../../../../checks/cluster/namespace-terminating.js';
import type { Snapshot } from '../../../../src/engine/types.js';
import { FIXTURES, runCheck, snapshotFromFixture } from '../../../helpers/snapshot.js';

const text = (file: string): string => readFileSync(path.join(FIXTURES, 'checks/cluster/health', file), 'utf8');
const extras = (values: Snapshot['extras']) => snapshotFromFixture('checks/cluster/empty.yaml', { extras: values });

describe('apiserver-health', () => {
  it('names each failing readyz check with what it means', () => {
    const findings = runCheck(apiserverHealth, extras({ readyz: text('readyz-starting.txt'), livez: text('livez-ok.txt') }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe('/readyz fails: informer-sync, poststarthook/rbac/bootstrap-roles; load balancers and clients stop sending it requests until it is ready');
    expect(findings[0]?.evidence).toEqual([
      '[-]informer-sync failed: reason withheld (its caches have not synced: it started moments ago, or etcd answers slowly)',
      '[-]poststarthook/rbac/bootstrap-roles failed: not finished (a start-up hook has not finished: the apiserver is still starting, or the hook is stuck (read its log))',
    ]);
  });

  it('leaves failures of the etcd checks alone to etcd-via-apiserver', () => {
    expect(runCheck(apiserverHealth, extras({ readyz: text('readyz-etcd-failed.txt'), livez: text('livez-etcd-failed.txt') }))).toEqual([]);
  });

  it('reports a failing endpoint that printed no check lines with what it said', () => {
    const findings = runCheck(apiserverHealth, extras({ livez: 'livez check failed\n' }));
    expect(findings.map((f) => f.message)).toEqual(['/livez fails; the kubelet (or your load balancer) restarts or drops an apiserver that is not live']);
  });

  it('is quiet when both pass', () => {
    expect(runCheck(apiserverHealth, extras({ readyz: text('readyz-ok.txt'), livez: text('livez-ok.txt') }))).toEqual([]);
  });
});

describe('etcd-via-apiserver', () => {
  it('says the apiserver cannot use etcd when its etcd checks fail, once for livez and readyz together', () => {
    const findings = runCheck(etcdViaApiserver, extras({ readyz: text('readyz-etcd-failed.txt'), livez: text('livez-etcd-failed.txt') }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe('the apiserver cannot use etcd (etcd, etcd-readiness failing): reads and writes of every object fail or hang');
    expect(findings[0]?.remediation).toContain('etcdctl alarm list');
  });

  it('warns when the database passes 75% of the quota', () => {
    const findings = runCheck(etcdViaApiserver, extras({ metrics: text('metrics-large-db.txt') }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toMatch(/^the etcd database is 1\.7Gi, 85% of etcd's default 2Gi quota/);
    expect(findings[0]?.evidence[0]).toBe('apiserver_storage_size_bytes{storage_cluster_id="etcd-0"} 1825361100.8');
  });

  it('judges the size against thresholds.etcdQuotaBytes when the cluster raised the quota', () => {
    const at = new Date('2026-11-01T12:00:00Z');
    expect(runCheck(etcdViaApiserver, extras({ metrics: text('metrics-large-db.txt') }), at, { etcdQuotaBytes: 8 * 1024 ** 3 })).toEqual([]);
    const findings = runCheck(etcdViaApiserver, extras({ metrics: text('metrics-large-db.txt') }), at, { etcdQuotaBytes: 1.8 * 1024 ** 3 });
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toMatch(/^the etcd database is 1\.7Gi, 94% of the 1\.8Gi quota/);
  });

  it("leaves the size to etcd-db-size when etcd's own status was collected", () => {
    expect(runCheck(etcdViaApiserver, extras({ metrics: text('metrics-large-db.txt'), etcd: { endpoints: [] } }))).toEqual([]);
  });

  it('reads the older metric name and stays quiet on a small database', () => {
    expect(runCheck(etcdViaApiserver, extras({ metrics: text('metrics-small-db.txt'), readyz: text('readyz-ok.txt') }))).toEqual([]);
  });
});

describe('control-plane-leader', () => {
  const snapshot = (file: string) => snapshotFromFixture(`checks/cluster/${file}`, { collected: ['leases', 'pods'] });

  it('reports a scheduler whose lease stopped being renewed, with its static pod', () => {
    const findings = runCheck(controlPlaneLeader, snapshot('leases.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'Lease', name: 'kube-scheduler', namespace: 'kube-system' } });
    expect(findings[0]?.message).toBe('no active kube-scheduler: its leader Lease was last renewed 10m ago (held by cp-1_2f6c1a4e-8d0b-4a57-9a8b-0d3d0a7c2e11), so no pod gets scheduled: new pods stay Pending without events');
    expect(findings[0]?.evidence.join('\n')).toMatch(/pod kube-scheduler-cp-1 on cp-1: CrashLoopBackOff/);
  });

  it('says so when the last leader released its Lease and nobody took over', () => {
    const findings = runCheck(controlPlaneLeader, snapshot('leases-released.yaml'));
    expect(findings.map((f) => f.message)).toEqual(['no active kube-scheduler: its leader Lease has no holder (released 5m ago), so no pod gets scheduled: new pods stay Pending without events']);
  });

  it('warns about leases that do not exist at all', () => {
    const findings = runCheck(controlPlaneLeader, snapshot('empty.yaml'));
    expect(findings.map((f) => `${f.severity} ${f.object.name}`)).toEqual(['warning kube-scheduler', 'warning kube-controller-manager']);
  });

  it('cannot judge leases from a snapshot of another namespace', () => {
    expect(runCheck(controlPlaneLeader, snapshotFromFixture('checks/cluster/empty.yaml', { collected: ['leases', 'pods'], namespace: 'shop' }))).toEqual([]);
  });
});

describe('apiservice-unavailable', () => {
  const findings = runCheck(apiserviceUnavailable, snapshotFromFixture('checks/cluster/apiservices.yaml', { collected: ['apiservices'] }));

  it('reports each unavailable APIService with its condition and backend', () => {
    expect(findings.map((f) => f.object.name)).toEqual(['v1beta1.metrics.k8s.io', 'v1beta1.custom.metrics.k8s.io']);
    expect(findings[0]?.message).toMatch(/^metrics.k8s.io\/v1beta1 is unavailable \(ServiceNotFound\): discovery of the whole API is incomplete/);
    expect(findings[0]?.evidence).toEqual(['condition Available=False (ServiceNotFound) for 3h: service/metrics-server in "kube-system" is not present', 'served by Service kube-system/metrics-server:443']);
    expect(findings[0]?.remediation).toContain('kubectl delete apiservice v1beta1.metrics.k8s.io');
  });

  it('leaves local APIServices alone', () => {
    expect(findings.map((f) => f.object.name)).not.toContain('v1.apps');
  });
});

describe('namespace-terminating', () => {
  const findings = runCheck(namespaceTerminating, snapshotFromFixture('checks/cluster/namespaces.yaml', { collected: ['namespaces', 'apiservices'] }));
  const of = (name: string) => findings.find((f) => f.object.name === name);

  it('blames the unavailable APIService that discovery names, at once', () => {
    expect(of('monitoring')?.message).toBe('has been Terminating for 60s: APIService v1beta1.metrics.k8s.io is unavailable, so the namespace controller cannot list (and delete) its content');
    expect(of('monitoring')?.remediation).toContain('kubectl delete apiservice v1beta1.metrics.k8s.io');
  });

  it('names the finalizer nobody removes once the namespace is stuck past the threshold', () => {
    expect(of('namespace-stuck')?.message).toBe('has been Terminating for 120m: objects in it keep finalizers nobody removes (Some content in the namespace has finalizers remaining: k8sdoc.dev/hold in 1 resource instances)');
  });

  it('gives a namespace whose pods are still shutting down time, and ignores active ones', () => {
    expect(findings.map((f) => f.object.name).sort()).toEqual(['monitoring', 'namespace-stuck']);
  });
});

describe('control-plane-skew', () => {
  it('flags a controller-manager newer than the apiserver and a scheduler two minors behind', () => {
    const snapshot = snapshotFromFixture('checks/cluster/control-plane-skew.yaml', { collected: ['pods'], extras: { version: { gitVersion: 'v1.31.2' } } });
    const findings = runCheck(controlPlaneSkew, snapshot);
    expect(findings.map((f) => f.message)).toEqual([
      'kube-controller-manager 1.32.0 is newer than kube-apiserver 1.31.2: the skew policy forbids it (it may use APIs the apiserver does not serve)',
      'kube-scheduler 1.29.3 is 2 minor versions behind kube-apiserver 1.31.2 (one is allowed)',
    ]);
    expect(findings[1]?.object).toEqual({ kind: 'Pod', name: 'kube-scheduler-cp-1', namespace: 'kube-system' });
  });

  it('reads versions from tags with digests and accepts one minor behind', () => {
    const snapshot = snapshotFromFixture('checks/cluster/control-plane-skew.yaml', { collected: ['pods'], extras: { version: { gitVersion: 'v1.31.2' } } });
    expect(runCheck(controlPlaneSkew, snapshot).map((f) => f.object.name)).not.toContain('kube-scheduler-cp-2');
  });

  it('says nothing without an apiserver version to compare with', () => {
    expect(runCheck(controlPlaneSkew, snapshotFromFixture('checks/cluster/empty.yaml', { collected: ['pods'] }))).toEqual([]);
  });
});
