import { describe, expect, it } from 'vitest';
import { allChecks } from '../../../checks/index.js';
import { runChecks } from '../../../src/engine/run.js';
import { SEVERITIES } from '../../../src/engine/types.js';
import type { Snapshot } from '../../../src/engine/types.js';
import { R } from '../../../src/kube/resources.js';
import type { KnownResource } from '../../../src/kube/resources.js';
import { snapshotFromFixture } from '../../helpers/snapshot.js';

const ALL_KINDS = Object.keys(R) as KnownResource[];

function fixture(file: string, extras: Snapshot['extras'] = {}): Snapshot {
  return { ...snapshotFromFixture(file, { collected: ALL_KINDS, extras }), collectedAt: '2026-11-01T12:00:00Z' };
}

describe('the check catalog, as the engine runs it', () => {
  it('has unique, stable-looking ids and metadata the engine and reports rely on', () => {
    const ids = allChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of allChecks) {
      expect(check.id, check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(SEVERITIES, check.id).toContain(check.severity);
      expect(check.docs, check.id).toMatch(/^https:\/\//);
      expect(check.title.length, check.id).toBeGreaterThan(0);
      for (const need of [...check.needs, ...(check.optional ?? [])]) expect(ALL_KINDS, `${check.id} reads ${need}`).toContain(need);
    }
  });

  it('runs every check over a failing cluster without a check error, grouping pods under their workload', () => {
    const result = runChecks(fixture('engine/cluster.yaml'), { checks: allChecks });
    expect(result.errors).toEqual([]);
    const crashloop = result.findings.find((f) => f.checkId === 'pod-crashloop');
    expect(crashloop?.object).toEqual({ kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(crashloop?.objects?.map((o) => o.name).sort()).toEqual(['web-7d9f-a', 'web-7d9f-b', 'web-7d9f-c']);
    const configError = result.findings.find((f) => f.checkId === 'pod-create-config-error');
    expect(configError).toMatchObject({ object: { kind: 'Pod', name: 'nightly-29000000-x1' }, owner: { kind: 'CronJob', name: 'nightly', namespace: 'batch' } });
    expect(result.findings.find((f) => f.checkId === 'pod-image-pull')?.object).toEqual({ kind: 'Pod', name: 'lonely', namespace: 'shop' });
  });

  it('finds nothing at warning level or above on a healthy cluster', () => {
    const snapshot = fixture('engine/healthy.yaml', {
      version: { gitVersion: 'v1.33.1', major: '1', minor: '33' },
      readyz: '[+]ping ok\n[+]log ok\n[+]etcd ok\nreadyz check passed',
      livez: '[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed',
    });
    const result = runChecks(snapshot, { checks: allChecks, minSeverity: 'warning' });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    // the checks ran: only those needing inputs a fixture cannot hold were skipped
    expect(result.checksRun).toBeGreaterThan(allChecks.length / 2);
  });
});
