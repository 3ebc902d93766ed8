import { describe, expect, it } from 'vitest';
import { groupByOwner, runChecks } from '../../../src/engine/run.js';
import type { Finding, Snapshot } from '../../../src/engine/types.js';
import { runCheck, snapshotFromFixture } from '../../helpers/snapshot.js';
import { cordonedNodes, needsCertificates, needsSecrets, readsLogs, sharpenedBySecrets, testCatalog, throwing, waitingPods } from './checks.js';

const NOW = '2026-11-01T12:00:00Z';

function cluster(overrides: Partial<Snapshot> = {}): Snapshot {
  return { ...snapshotFromFixture('engine/cluster.yaml', { collected: ['pods', 'nodes', 'events'] }), collectedAt: NOW, ...overrides };
}

const brief = (f: Finding): string => `${f.severity} ${f.checkId} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;

describe('runChecks', () => {
  it('fills id, docs and default severity, and names the top-level owner a check left out', () => {
    const [finding] = runCheck(waitingPods, cluster()).filter((f) => f.object.name === 'nightly-29000000-x1');
    expect(finding).toMatchObject({
      checkId: 'test-waiting',
      severity: 'error',
      docs: 'https://example.invalid/docs/test-waiting',
      owner: { kind: 'CronJob', name: 'nightly', namespace: 'batch' },
    });
  });

  it('groups the pods of one workload failing one check into a finding on the workload', () => {
    const result = runChecks(cluster(), { checks: [waitingPods] });
    const web = result.findings.find((f) => f.object.kind === 'Deployment');
    expect(web).toMatchObject({ object: { kind: 'Deployment', name: 'web', namespace: 'shop' }, owner: { kind: 'Deployment', name: 'web' } });
    expect(web?.objects?.map((o) => o.name)).toEqual(['web-7d9f-a', 'web-7d9f-b', 'web-7d9f-c']);
    expect(web?.evidence).toEqual(['restartCount: 7']);
    // the other findings stay one per pod
    expect(result.findings.filter((f) => f.object.kind === 'Pod').map((f) => f.object.name).sort()).toEqual(['lonely', 'nightly-29000000-x1']);
  });

  it('keeps the message when all pods agree and says how many others when they differ', () => {
    const base = { checkId: 'c', severity: 'error' as const, evidence: [], remediation: 'r', owner: { kind: 'Deployment', name: 'web', namespace: 'shop' } };
    const pod = (name: string, message: string): Finding => ({ ...base, object: { kind: 'Pod', name, namespace: 'shop' }, message });
    expect(groupByOwner([pod('a', 'same'), pod('b', 'same')])[0]?.message).toBe('same');
    expect(groupByOwner([pod('a', 'first'), pod('b', 'second'), pod('c', 'third')])[0]?.message).toBe('first (and 2 other pods of deployment web)');
  });

  it('sorts by severity, then by owning workload', () => {
    const result = runChecks(cluster(), { checks: [cordonedNodes, waitingPods] });
    expect(result.findings.map(brief)).toEqual([
      'error test-waiting Pod/batch/nightly-29000000-x1',
      'error test-waiting Deployment/shop/web',
      'warning test-waiting Pod/shop/lonely',
      'info test-cordoned Node//worker-2',
    ]);
    expect(result.counts).toEqual({ error: 2, warning: 1, info: 1 });
  });

  it('reports a check that throws as an error finding of its own and runs the others', () => {
    const result = runChecks(cluster(), { checks: [throwing, cordonedNodes] });
    expect(result.errors).toEqual([{ checkId: 'test-throws', message: "Cannot read properties of undefined (reading 'spec')" }]);
    const crash = result.findings.find((f) => f.checkId === 'test-throws');
    expect(crash).toMatchObject({ severity: 'error', object: { kind: 'Check', name: 'test-throws' } });
    expect(crash?.remediation).toContain('--skip-checks test-throws');
    expect(result.findings.some((f) => f.checkId === 'test-cordoned')).toBe(true);
    expect(result.checksRun).toBe(2);
  });

  it('skips checks whose inputs RBAC denied, naming the permission, and runs the rest', () => {
    const snapshot = cluster({ missing: [{ input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' }] });
    const result = runChecks(snapshot, { checks: [needsSecrets, cordonedNodes] });
    expect(result.skipped).toEqual([
      {
        checkId: 'test-secrets',
        title: 'Reads secrets',
        area: 'workloads',
        reason: 'you may not list secrets in all namespaces',
        missing: [{ input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' }],
      },
    ]);
    expect(result.checksRun).toBe(1);
    expect(result.findings.map((f) => f.checkId)).toEqual(['test-cordoned']);
  });

  it('skips a check needing an extra nobody collected, but not one that only reads logs', () => {
    const snapshot = cluster({ missing: [{ input: 'certificates', permission: '', reason: 'this k8sdoc has no collector for it yet' }] });
    const result = runChecks(snapshot, { checks: [needsCertificates, readsLogs] });
    expect(result.skipped.map((s) => [s.checkId, s.reason])).toEqual([['test-certs', 'cannot collect certificates: this k8sdoc has no collector for it yet']]);
  });

  it('runs a check whose optional kinds RBAC denied, without them', () => {
    const snapshot = cluster({ missing: [{ input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' }] });
    const result = runChecks(snapshot, { checks: [sharpenedBySecrets] });
    expect(result.skipped).toEqual([]);
    expect(result.findings.map((f) => f.message)).toEqual(['secrets not readable']);
  });

  it('says which kinds a dump lacks when a check needs one that was never collected', () => {
    const result = runChecks(cluster(), { checks: [needsSecrets] });
    expect(result.skipped[0]?.reason).toBe('secrets were not collected');
  });

  it('moves suppressed findings aside with their reason', () => {
    const result = runChecks(cluster(), {
      checks: [waitingPods, cordonedNodes],
      suppressions: [
        { check: 'test-waiting', labels: 'team=data', reason: 'the data team owns this pod' },
        { name: 'worker-*', reason: 'maintenance window' },
      ],
    });
    expect(result.suppressed.map((s) => [s.finding.object.name, s.reason])).toEqual([
      ['lonely', 'the data team owns this pod'],
      ['worker-2', 'maintenance window'],
    ]);
    expect(result.findings.map((f) => f.object.name)).toEqual(['nightly-29000000-x1', 'web']);
    expect(result.counts).toEqual({ error: 2, warning: 0, info: 0 });
  });

  it('matches a suppression on the owner name and by namespace regex', () => {
    const result = runChecks(cluster(), {
      checks: [waitingPods],
      suppressions: [{ namespace: '/^bat/', name: 'nightly', reason: 'nightly job is being rewritten' }],
    });
    expect(result.suppressed.map((s) => s.finding.object.name)).toEqual(['nightly-29000000-x1']);
  });

  it('suppresses one pod of a workload before grouping the rest', () => {
    const result = runChecks(cluster(), { checks: [waitingPods], suppressions: [{ name: 'web-7d9f-a', reason: 'being debugged' }] });
    expect(result.suppressed.map((s) => s.finding.object.name)).toEqual(['web-7d9f-a']);
    expect(result.findings.find((f) => f.object.kind === 'Deployment')?.objects?.map((o) => o.name)).toEqual(['web-7d9f-b', 'web-7d9f-c']);
  });

  it('drops findings below --min-severity and fails at or above --fail-on', () => {
    const onlyErrors = runChecks(cluster(), { checks: [waitingPods, cordonedNodes], minSeverity: 'error', failOn: 'error' });
    expect(onlyErrors.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(onlyErrors.failed).toBe(true);
    const infoOnly = runChecks(cluster(), { checks: [cordonedNodes] });
    expect(infoOnly.failed).toBe(false);
    expect(runChecks(cluster(), { checks: [cordonedNodes], failOn: 'info' }).failed).toBe(true);
    expect(runChecks(cluster(), { checks: [waitingPods], failOn: 'never' }).failed).toBe(false);
  });

  it('judges --fail-on on every finding, also those --min-severity leaves out of the report', () => {
    // cordonedNodes reports info: shown only at info, but it fails a gate at info either way
    const hidden = runChecks(cluster(), { checks: [cordonedNodes], minSeverity: 'error', failOn: 'info' });
    expect(hidden.findings).toEqual([]);
    expect(hidden.failingFindings).toBeGreaterThan(0);
    expect(hidden.failed).toBe(true);
    expect(runChecks(cluster(), { checks: [cordonedNodes], minSeverity: 'error', failOn: 'error' }).failed).toBe(false);
  });

  it('fails a run with a skipped check only when asked to (--fail-on-skipped)', () => {
    const snapshot = cluster({ missing: [{ input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' }] });
    expect(runChecks(snapshot, { checks: [needsSecrets], failOn: 'error' }).failed).toBe(false);
    const strict = runChecks(snapshot, { checks: [needsSecrets], failOn: 'error', failOnSkipped: true });
    expect(strict.failed).toBe(true);
    expect(strict.failOnSkipped).toBe(true);
    expect(runChecks(cluster(), { checks: [cordonedNodes], failOn: 'error', failOnSkipped: true }).failed).toBe(false);
  });

  it('measures ages from when the snapshot was collected', () => {
    let seen: Date | undefined;
    const clock = { ...cordonedNodes, id: 'clock', run: (_view: unknown, context: { now: Date }) => ((seen = context.now), []) };
    runChecks(cluster(), { checks: [clock] });
    expect(seen?.toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });

  it('reports progress per check', () => {
    const events: string[] = [];
    const snapshot = cluster({ missing: [{ input: 'secrets', permission: 'list secrets', reason: 'forbidden by RBAC' }] });
    runChecks(snapshot, { checks: testCatalog, onProgress: (e) => e.type === 'check' && events.push(`${e.checkId}:${e.state}`) });
    expect(events).toEqual(['test-waiting:done', 'test-cordoned:done', 'test-throws:failed', 'test-secrets:skipped', 'test-certs:skipped', 'test-logs:done']);
  });
});

describe('deep dive (focus)', () => {
  it('keeps findings on a deployment and what it owns, then the nodes its pods run on, top-down', () => {
    const result = runChecks(cluster(), { checks: [waitingPods, cordonedNodes], focus: { kind: 'Deployment', name: 'web', namespace: 'shop' } });
    expect(result.findings.map((f) => [(f as { depth?: number }).depth, brief(f)])).toEqual([
      [2, 'error test-waiting Deployment/shop/web'],
      [3, 'info test-cordoned Node//worker-2'],
    ]);
    expect(result.focus).toEqual({ target: { kind: 'Deployment', name: 'web', namespace: 'shop' } });
  });

  it('shows a pod its own finding rather than its workload group', () => {
    const result = runChecks(cluster(), { checks: [waitingPods], focus: { kind: 'Pod', name: 'web-7d9f-b', namespace: 'shop' } });
    expect(result.findings.map(brief)).toEqual(['error test-waiting Pod/shop/web-7d9f-b']);
    expect(result.findings[0]?.evidence).toEqual(['restartCount: 3']);
  });

  it('follows a node to the pods bound to it', () => {
    const result = runChecks(cluster(), { checks: [waitingPods, cordonedNodes], focus: { kind: 'Node', name: 'worker-2' } });
    expect(result.findings.map(brief)).toEqual(['info test-cordoned Node//worker-2', 'error test-waiting Deployment/shop/web', 'warning test-waiting Pod/shop/lonely']);
  });

  it('follows a service to the pods it selects', () => {
    const result = runChecks(cluster(), { checks: [waitingPods], focus: { kind: 'Service', name: 'web', namespace: 'shop' } });
    expect(result.findings.map(brief)).toEqual(['error test-waiting Deployment/shop/web']);
  });
});
