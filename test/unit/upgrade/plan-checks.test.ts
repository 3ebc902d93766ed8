import { gzipSync } from 'node:zlib';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { planChecks, upgradeChecks } from '../../../checks/upgrade/index.js';
import { removedBy } from '../../../checks/upgrade/target.js';
import { REMOVED_APIS } from '../../../checks/upgrade/removed-apis.js';
import type { Check } from '../../../src/engine/types.js';
import { fileUses, helmReleaseUses } from '../../../src/upgrade/manifests.js';
import { healthChecks, parseLongDuration, parseTarget, windowThresholds } from '../../../src/upgrade/plan.js';
import type { UpgradeInputs } from '../../../src/upgrade/types.js';
import { FIXTURES, runCheck, snapshotFromFixture } from '../../helpers/snapshot.js';
import { allChecks } from '../../../checks/index.js';

const METRICS = [
  '# TYPE apiserver_requested_deprecated_apis gauge',
  'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1',
  'apiserver_requested_deprecated_apis{group="",removed_release="",resource="endpoints",subresource="",version="v1"} 1',
].join('\n');

const snapshot = snapshotFromFixture('upgrade/cluster.yaml', {
  collected: ['nodes', 'pods', 'daemonsets', 'deployments', 'statefulsets', 'poddisruptionbudgets', 'persistentvolumeclaims', 'persistentvolumes', 'ingresses'],
  extras: { version: { gitVersion: 'v1.31.2' }, metrics: METRICS },
});

function check(id: string, inputs: UpgradeInputs): Check {
  const found = planChecks(inputs).find((c) => c.id === id);
  if (!found) throw new Error(id);
  return found;
}

describe('upgrade plan checks', () => {
  const target = parseTarget('1.33');

  it('refuses to skip a minor and names the kubelets outside n-3 and the too-new ones, with the component table', () => {
    const findings = runCheck(check('upgrade-version-policy', { target, kubectl: { version: 'v1.30.1', path: 'kubectl' } }), snapshot);
    const messages = findings.map((f) => `${f.severity} ${f.object.kind}/${f.object.name}: ${f.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^error APIServer\/kube-apiserver: .*1\.31 → 1\.33 skips 1 minor release$/));
    expect(messages).toContainEqual(expect.stringMatching(/^error Node\/old-0: 1 kubelet at 1\.29\.4 would be 4 minors behind 1\.33/));
    expect(messages).toContainEqual(expect.stringMatching(/^warning Client\/kubectl: the local kubectl 1\.30\.1/));
    const table = findings.find((f) => f.severity === 'info')?.evidence ?? [];
    expect(table).toContain('CoreDNS: 1.12.0 → 1.12.0');
    expect(table).toContain('etcd: 3.5.21 → 3.5.21');
    expect(table).toContain('kubelets: 1 at 1.29.4, 1 at 1.33.1 → 1.33 (after the control plane)');
  });

  it('accepts the next minor and says a kubelet newer than the target is not allowed', () => {
    const findings = runCheck(check('upgrade-version-policy', { target: parseTarget('1.32') }), snapshot).filter((f) => f.severity === 'error');
    expect(findings.map((f) => f.object.name)).toEqual(['new-0']);
    expect(findings[0]?.message).toMatch(/newer than the target apiserver 1\.32/);
  });

  it('reads removed APIs from the apiserver metric, naming the removal release and the replacement', () => {
    const findings = runCheck(check('removed-api-requested', { target: parseTarget('1.32') }), snapshot);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', object: { kind: 'APIVersion', name: 'flowschemas.flowcontrol.apiserver.k8s.io/v1beta3' } });
    expect(findings[0]?.evidence.join('\n')).toMatch(/removed_release="1.32"[\s\S]*replacement: flowcontrol.apiserver.k8s.io\/v1/);
    // before the removal release the same request is only worth knowing
    expect(runCheck(check('removed-api-requested', { target: parseTarget('1.31') }), snapshot)[0]?.severity).toBe('info');
  });

  it('finds removed APIs in manifest files, Helm releases and managedFields, saying where each came from and never a value', () => {
    const release = { name: 'shop', namespace: 'shop', version: 4, manifest: 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n', config: { password: 'hunter2' } };
    const helmData = Buffer.from(Buffer.from(gzipSync(JSON.stringify(release))).toString('base64')).toString('base64');
    const apiUses = [...fileUses([path.join(FIXTURES, 'upgrade/manifests.yaml')]), ...helmReleaseUses('shop', 'sh.helm.release.v1.shop.v4', helmData)];
    const findings = runCheck(check('removed-api-in-use', { target: parseTarget('1.32'), apiUses }), snapshot);
    const byName = new Map(findings.map((f) => [f.object.name, f]));
    // the Ingress's v1beta1 managedFields entry predates 1.22, when v1beta1 went away: history, not a live writer
    expect([...byName.keys()].sort()).toEqual(['nightly', 'restricted', 'web']);
    expect(byName.get('nightly')?.evidence[0]).toMatch(/^manifest file: file .*manifests\.yaml \(document 1\) → apiVersion batch\/v1beta1$/);
    expect(byName.get('web')?.evidence[0]).toBe('Helm release: helm release shop/shop revision 4 (secret sh.helm.release.v1.shop.v4) (document 1) → apiVersion autoscaling/v2beta2');
    expect(byName.get('restricted')?.remediation).toMatch(/no replacement|Pod Security Admission/);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  it('names a writer still using a version the target removes, from managedFields', () => {
    const before = { ...snapshot, extras: { ...snapshot.extras, version: { gitVersion: 'v1.21.5' } } };
    const findings = runCheck(check('removed-api-in-use', { target: parseTarget('1.22') }), before);
    expect(findings.map((f) => f.object)).toEqual([{ kind: 'Ingress', name: 'shop', namespace: 'shop' }]);
    expect(findings[0]?.evidence[0]).toBe('managedFields: managedFields of Ingress shop/shop (manager old-ci) → apiVersion networking.k8s.io/v1beta1');
  });

  it('says which evidence it could not read instead of passing silently', () => {
    const findings = runCheck(check('removed-api-in-use', { target, evidenceGaps: [{ source: 'helm release secrets', reason: 'forbidden by RBAC' }] }), snapshot);
    expect(findings.map((f) => f.message)).toContain('could not look for removed APIs in helm release secrets: forbidden by RBAC');
  });

  it('names drain blockers: a budget allowing no disruption, bare and emptyDir pods, single replicas without a budget', () => {
    const pdb = runCheck(check('drain-pdb-blocking', { drainBlockerSeverity: 'error' }), snapshot);
    expect(pdb.map((f) => [f.severity, f.object.name])).toEqual([['error', 'web']]);
    expect(pdb[0]?.evidence).toContain('its pods run on: old-0');
    const pods = runCheck(check('drain-pod-blocked', {}), snapshot);
    expect(pods.map((f) => f.object.name)).toEqual(['scratch', 'db-0']);
    expect(pods[1]?.evidence).toContain('claim data-db-0 is bound to node-local PersistentVolume local-pv-1 (/mnt/disks/ssd1)');
    expect(pods[0]?.message).toMatch(/emptyDir data would be lost \(drain needs --delete-emptydir-data\); no controller would recreate it \(drain needs --force\)/);
    expect(runCheck(check('drain-single-replica', {}), snapshot).map((f) => f.object.name)).toEqual(['api']);
  });

  it('gates on a verified snapshot of this etcd cluster, younger than the limit, with its Kubernetes version', () => {
    const now = new Date('2026-11-01T12:00:00Z');
    const etcd = { clusterId: 'cdf818194e3a8c32', endpoints: [], members: [], alarms: [], quotaBytes: 2 * 1024 ** 3 };
    const ours: typeof snapshot = { ...snapshot, extras: { ...snapshot.extras, etcd } };
    const backup = (createdAt: string, verified: boolean, more: { clusterId?: string; kubernetesVersion?: string; altered?: string[] } = {}): UpgradeInputs => ({
      backup: {
        dir: '/b',
        maxAgeMs: 86_400_000,
        newest: { file: '/b/s.db', createdAt, verified, clusterId: 'clusterId' in more ? more.clusterId : etcd.clusterId, kubernetesVersion: 'kubernetesVersion' in more ? more.kubernetesVersion : 'v1.36.3', detail: 'x' },
        altered: more.altered ?? [],
      },
    });
    const gate = (inputs: UpgradeInputs, on: typeof snapshot = ours) => runCheck(check('upgrade-backup', inputs), on, now)[0];
    expect(gate(backup('2026-11-01T10:00:00Z', true))?.severity).toBe('info');
    expect(gate(backup('2026-11-01T10:00:00Z', true))?.message).toMatch(/of this cluster \(Kubernetes v1.36.3\)/);
    expect(gate(backup('2026-10-30T10:00:00Z', true))?.message).toMatch(/is 2d2h old/);
    expect(gate(backup('2026-11-01T10:00:00Z', false))?.message).toMatch(/not verified/);
    // another etcd cluster's snapshot, or one whose cluster cannot be compared, is not a way back
    expect(gate(backup('2026-11-01T10:00:00Z', true, { clusterId: 'aaaaaaaaaaaaaaaa' }))).toMatchObject({ severity: 'error', message: expect.stringMatching(/of etcd cluster aaaaaaaaaaaaaaaa, not this cluster's cdf818194e3a8c32/) });
    expect(gate(backup('2026-11-01T10:00:00Z', true, { clusterId: undefined }))?.message).toMatch(/\(not recorded\), not this cluster's/);
    expect(gate(backup('2026-11-01T10:00:00Z', true), snapshot)?.message).toMatch(/cannot tell whether .* etcd was not reached/);
    expect(gate(backup('2026-11-01T10:00:00Z', true, { kubernetesVersion: undefined }))?.message).toMatch(/records no Kubernetes version/);
    expect(gate(backup('2026-11-01T10:00:00Z', true, { altered: ['/b/newer.db: sha256 differs'] }))?.evidence).toContain('passed over, does not match its metadata: /b/newer.db: sha256 differs');
    expect(gate({ backup: { dir: '/b', maxAgeMs: 1, altered: [] } })?.message).toMatch(/no etcd snapshot/);
    expect(gate({ backup: { dir: '/b', maxAgeMs: 1, altered: ['/b/a.db: x', '/b/b.db: y'] } })?.message).toMatch(/no etcd snapshot in \/b matches its metadata: 2 were altered/);
  });
});

describe('upgrade plan inputs', () => {
  it('parses targets and windows and rejects junk as usage errors', () => {
    expect(parseTarget('v1.34.2').version).toBe('1.34.2');
    expect(parseTarget('1.34').version).toBe('1.34.0');
    expect(() => parseTarget('latest')).toThrow(/not a Kubernetes version/);
    expect(parseLongDuration('7d', '--window')).toBe(7 * 86_400_000);
    expect(parseLongDuration('36h', '--window')).toBe(36 * 3_600_000);
    expect(windowThresholds(undefined, 7 * 86_400_000)).toMatchObject({ certWarningDays: 37, certErrorDays: 14 });
  });

  it('runs the health areas and its own upgrade checks once each', () => {
    const planned = planChecks({});
    const ids = [...healthChecks(allChecks, planned), ...planned].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['node-not-ready', 'webhook-no-endpoints', 'apiservice-unavailable', 'cert-expiring', 'control-plane-skew', 'drain-pdb-blocking']));
    expect(ids).not.toContain('pod-crashloop');
    expect(upgradeChecks.map((c) => c.id)).toEqual(['removed-api-requested', 'removed-api-in-use', 'drain-pdb-blocking']);
  });

  it('keeps a removal table whose replacements predate or match the removal', () => {
    for (const api of REMOVED_APIS) {
      expect(removedBy(api.removedIn, semver.coerce(api.deprecatedIn) ?? new semver.SemVer('0.0.0')), `${api.group}/${api.version} ${api.kind}`).toBe(api.removedIn === api.deprecatedIn);
      if (api.replacementSince) expect(semver.lte(semver.coerce(api.replacementSince) ?? '0.0.0', semver.coerce('1.40') ?? '0.0.0')).toBe(true);
    }
  });
});
