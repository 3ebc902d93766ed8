import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { ReportSchema } from '../../src/report/schema.js';
import type { Report } from '../../src/report/schema.js';
import { client, k8sdoc, restrictedKubeconfig, withScenario } from './harness.js';

let kube: KubeClient;
let scratch: string;
beforeAll(() => {
  kube = client();
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-diagnose-it-'));
});
afterAll(() => {
  kube.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function report(args: string[]): Promise<{ report: Report; exitCode: number; stderr: string }> {
  const result = await k8sdoc(['diagnose', ...args, '-o', 'json']);
  if (result.stdout.trim() === '') throw new Error(`no report (exit ${result.exitCode}): ${result.stderr}`);
  return { report: ReportSchema.parse(JSON.parse(result.stdout)), exitCode: result.exitCode, stderr: result.stderr };
}

/** What must match between two runs over the same state: which check found what on which object. */
const identity = (r: Report): string[] =>
  r.findings.map((f) => `${f.severity} ${f.checkId} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name} owner=${f.owner?.name ?? '-'} objects=${(f.objects ?? []).map((o) => o.name).join(',')}`).sort();


describe('k8sdoc diagnose on the embedded control plane', () => {
  it('diagnoses all namespaces as JSON that validates against the published schema, and exits by --fail-on', async () => {
    const { report: r, exitCode } = await report(['-A', '--fail-on', 'warning']);
    expect(r.schemaVersion).toBe(1);
    expect(r.namespace).toBeNull();
    expect(r.summary.checks).toBeGreaterThan(20);
    expect(r.summary.checkErrors).toBe(0);
    expect(exitCode).toBe(r.summary.failed ? 1 : 0);
    // an admin may read every kind
    expect(r.skipped.filter((s) => s.reason.startsWith('you may not'))).toEqual([]);
  });

  it('rejects bad input with one line and a documented exit code', async () => {
    const unknown = await k8sdoc(['diagnose', '--checks', 'pod-crashlop']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown check or area "pod-crashlop" in --checks\. known checks: .*pod-crashloop/);
    const notDump = await k8sdoc(['diagnose', '--from', scratch]);
    expect(notDump.exitCode).toBe(2);
    expect(notDump.stderr.trim().split('\n')).toHaveLength(1);
    const config = path.join(scratch, 'bad.yaml');
    writeFileSync(config, 'suppressions:\n  - check: pod-crashloop\n    namespace: 42\n    reason: r\n');
    const badConfig = await k8sdoc(['diagnose', '--config', config]);
    expect(badConfig.exitCode).toBe(2);
    expect(badConfig.stderr).toContain('suppressions[0].namespace: expected string, received number');
    const missing = await k8sdoc(['diagnose', 'deployment/nope', '-n', 'default']);
    expect(missing.exitCode).toBe(5);
    expect(missing.stderr).toMatch(/deployment "nope" not found in namespace default/);
  });

  withScenario('healthy', () => {
    it('finds nothing at warning level or above in the healthy namespace', async () => {
      const { report: r } = await report(['-n', 'healthy', '--min-severity', 'warning']);
      // cluster-scoped findings (nodes, control plane) belong to other scenarios' assertions
      const inNamespace = r.findings.filter((f) => f.object.namespace === 'healthy');
      expect(inNamespace.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    });
  });

  withScenario('pending-insufficient-cpu', () => {
    it('follows a deployment down to the scheduler message and the numbers', async () => {
      const { report: r, exitCode } = await report(['deployment/web', '-n', 'pending-insufficient-cpu']);
      expect(exitCode).toBe(1);
      expect(r.focus).toEqual({ target: { kind: 'Deployment', name: 'web', namespace: 'pending-insufficient-cpu' } });
      const depths = r.findings.map((f) => f.depth ?? -1);
      expect(depths).toEqual([...depths].sort((a, b) => a - b));
      const unschedulable = r.findings.find((f) => f.checkId === 'pod-unschedulable');
      expect(unschedulable?.owner).toEqual({ kind: 'Deployment', name: 'web', namespace: 'pending-insufficient-cpu' });
      expect([unschedulable?.message, ...(unschedulable?.evidence ?? [])].join('\n')).toMatch(/Insufficient cpu/);
      expect(r.findings.every((f) => f.object.namespace === 'pending-insufficient-cpu' || f.object.namespace === undefined)).toBe(true);
      const human = await k8sdoc(['diagnose', 'deployment/web', '-n', 'pending-insufficient-cpu', '-o', 'human']);
      expect(human.stdout).toContain('Chain of causes for pending-insufficient-cpu/deployment/web:');
    });
  });

  withScenario('service-no-endpoints', () => {
    const ns = 'service-no-endpoints';

    it('gives the same findings from a dump as from the live cluster', async () => {
      const dir = path.join(scratch, 'dump');
      const dumped = await k8sdoc(['dump', dir, '-n', ns]);
      expect(dumped.exitCode).toBe(0);
      const live = await report(['-n', ns, '--fail-on', 'never']);
      const fromDump = await report(['--from', dir, '--fail-on', 'never']);
      expect(identity(fromDump.report)).toEqual(identity(live.report));
      expect(identity(live.report).some((line) => line.includes('service-no-endpoints Service/service-no-endpoints/checkout'))).toBe(true);
      expect(fromDump.report.namespace).toBe(ns);
      // the same dump always reads the same
      expect((await report(['--from', dir, '--fail-on', 'never'])).report.findings).toEqual(fromDump.report.findings);
      const again = await k8sdoc(['dump', dir, '-n', ns]);
      expect(again.exitCode).toBe(8);
    });

    it('gives a namespace-only user a namespace diagnosis and names what it may not read', async () => {
      const rules = [
        { apiGroups: [''], resources: ['pods', 'events', 'services', 'endpoints', 'configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'resourcequotas'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: ['get', 'list'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list'] },
      ];
      const file = await restrictedKubeconfig(kube, { name: 'viewer', serviceAccountNamespace: ns, roleNamespace: ns, rules, file: path.join(scratch, 'viewer.kubeconfig'), contextNamespace: ns });

      const { report: r } = await report(['--kubeconfig', file, '--fail-on', 'never']);
      expect(r.namespace).toBe(ns);
      expect(r.skipped.find((s) => s.checkId === 'node-not-ready')?.reason).toBe('you may not list nodes');
      expect(r.missing).toContainEqual({ input: 'nodes', permission: 'list nodes', reason: 'forbidden by RBAC' });
      expect(r.missing).toContainEqual({ input: 'secrets', permission: `list secrets in namespace ${ns}`, reason: 'forbidden by RBAC' });
      const service = r.findings.find((f) => f.checkId === 'service-no-endpoints');
      expect(service?.object).toEqual({ kind: 'Service', name: 'checkout', namespace: ns });

      const human = await k8sdoc(['diagnose', '--kubeconfig', file, '--fail-on', 'never']);
      expect(human.stdout).toMatch(/node-not-ready: skipped: you may not list nodes/);
      expect(human.stdout).toContain('service-no-endpoints');
    });
  });
});
