import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageSize } from '../../src/controlplane/etcd.js';
import { failingChecks, parseHealth } from '../../src/controlplane/health.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { Report } from '../../src/report/schema.js';
import { client, k8sdoc, withScenario } from './harness.js';

const CHECKS = ['apiserver-health', 'etcd-via-apiserver', 'control-plane-leader', 'apiservice-unavailable', 'namespace-terminating', 'webhook-no-endpoints', 'webhook-timeout', 'control-plane-skew'];

async function diagnose(checks: string[], extra: string[] = []): Promise<Report> {
  const result = await k8sdoc(['diagnose', '-A', '--checks', checks.join(','), '--min-severity', 'info', '--fail-on', 'never', '-o', 'json', ...extra]);
  if (result.stdout.trim() === '') throw new Error(`no report (exit ${result.exitCode}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}


let kube: KubeClient;
let scratch: string;
beforeAll(() => {
  kube = client();
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-cp-it-'));
});
afterAll(() => {
  kube.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('control-plane and admission checks on the embedded control plane', () => {
  it('reads the real /readyz?verbose and /metrics as the checks expect them', async () => {
    const readyz = parseHealth(await kube.text({ path: '/readyz', query: { verbose: true } }));
    expect(readyz.passed).toBe(true);
    expect(readyz.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['ping', 'etcd', 'informer-sync']));
    expect(failingChecks(readyz)).toEqual([]);
    const size = storageSize(await kube.text({ path: '/metrics' }));
    expect(size?.metric).toBe('apiserver_storage_size_bytes');
    expect(size?.bytes).toBeGreaterThan(0);
  });

  it('finds nothing wrong with a healthy control plane: live leaders, passing health checks', async () => {
    const report = await diagnose(CHECKS);
    expect(report.findings.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  withScenario('webhook-failing', () => {
    it('reports the Fail webhook without endpoints as an error naming what it blocks, and its 15 s timeout', async () => {
      const report = await diagnose(['webhook-no-endpoints', 'webhook-timeout']);
      const blocking = report.findings.find((f) => f.checkId === 'webhook-no-endpoints');
      expect(blocking).toMatchObject({ severity: 'error', object: { kind: 'ValidatingWebhookConfiguration', name: 'policy.example.com' } });
      expect(blocking?.message).toContain('its Service webhook-failing/policy-webhook has no ready endpoints) and its failurePolicy is Fail: the apiserver rejects every request it matches (CREATE,UPDATE on configmaps)');
      expect(blocking?.evidence).toContain('namespaceSelector: k8sdoc.dev/policy=enforced');
      const slow = report.findings.find((f) => f.checkId === 'webhook-timeout');
      expect(slow).toMatchObject({ severity: 'warning' });
      expect(slow?.message).toMatch(/may take up to 15s/);
    });
  });

  withScenario('apiservice-unavailable', () => {
    it('reports the unavailable metrics APIService with the condition the aggregator set', async () => {
      const report = await diagnose(['apiservice-unavailable']);
      const finding = report.findings.find((f) => f.object.name === 'v1beta1.metrics.k8s.io');
      expect(finding?.severity).toBe('error');
      expect(finding?.message).toMatch(/^metrics\.k8s\.io\/v1beta1 is unavailable \(\w+\)/);
      expect(finding?.evidence[1]).toBe('served by Service kube-system/metrics-server:443');
    });
  });

  withScenario('namespace-stuck', () => {
    it('names the finalizer that holds a Terminating namespace', async () => {
      const config = path.join(scratch, 'stuck-now.yaml');
      // the scenario is seconds old: count it stuck at once
      writeFileSync(config, 'thresholds:\n  stuckTerminatingSeconds: 0\n');
      const report = await diagnose(['namespace-terminating'], ['--config', config]);
      const finding = report.findings.find((f) => f.object.name === 'namespace-stuck');
      expect(finding).toMatchObject({ checkId: 'namespace-terminating', severity: 'error', object: { kind: 'Namespace' } });
      expect(finding?.message).toMatch(/objects in it keep finalizers nobody removes \(.*k8sdoc\.dev\/hold/);
    });
  });
});
