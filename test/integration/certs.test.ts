import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIssuer } from '../../scripts/test-pki.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { Report } from '../../src/report/schema.js';
import { applyScenario, client, eventually, k8sdoc, resetScenario } from './harness.js';

interface CertsJson {
  certificates: { name: string; source: { kind: string; location: string }; chain?: { verified: boolean }; sanMissing?: string[]; residualSeconds?: number }[];
  notes: string[];
  report: Report;
}

async function certsJson(args: string[] = []): Promise<{ data: CertsJson; exitCode: number; stderr: string }> {
  const result = await k8sdoc(['certs', 'check', '-o', 'json', ...args]);
  if (result.stdout.trim() === '') throw new Error(`no output (exit ${result.exitCode}): ${result.stderr}`);
  return { data: JSON.parse(result.stdout) as CertsJson, exitCode: result.exitCode, stderr: result.stderr };
}

let kube: KubeClient;
beforeAll(() => {
  kube = client();
});
afterAll(() => kube.close());

describe('k8sdoc certs check on the embedded control plane', () => {
  it('inventories the kubeadm PKI next to the kubeconfig, the component kubeconfigs and the served chain, all sound', async () => {
    const { data, exitCode } = await certsJson();
    expect(exitCode).toBe(0);
    const names = data.certificates.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['ca', 'apiserver', 'apiserver-kubelet-client', 'front-proxy-ca', 'front-proxy-client', 'etcd-ca', 'etcd-server', 'etcd-peer', 'etcd-healthcheck-client', 'apiserver-etcd-client', 'sa', 'admin.conf', 'scheduler.conf', 'controller-manager.conf']));
    const served = data.certificates.find((c) => c.source.kind === 'served');
    expect(served).toMatchObject({ chain: { verified: true }, sanMissing: [] });
    expect(data.report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('checks kubernetes.io/tls Secrets cluster-wide from their certificate alone', async () => {
    const ns = 'certs-it';
    const issuer = new TestIssuer(new Date());
    try {
      const ca = issuer.pem('ca', '/CN=it-ca', { notAfterDays: 3650 }, { ca: true });
      const leaf = issuer.pem('shop', '/CN=shop.example.com', { notAfterDays: 5 }, { signer: ca, sans: ['DNS:shop.example.com'] });
      await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      await kube.create(R.secrets, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'shop-tls', namespace: ns }, data: { 'tls.crt': Buffer.from(leaf.certPem).toString('base64'), 'tls.key': Buffer.from(leaf.keyPem).toString('base64') } }, ns);
      const result = await k8sdoc(['certs', 'check', '-o', 'json']);
      expect(result.exitCode).toBe(1);
      const data = JSON.parse(result.stdout) as CertsJson;
      const finding = data.report.findings.find((f) => f.checkId === 'cert-tls-secrets');
      expect(finding).toMatchObject({ severity: 'error', object: { kind: 'Secret', name: 'shop-tls', namespace: ns } });
      expect(finding?.message).toMatch(/^certificate certs-it\/shop-tls expires in 4d2\dh/);
      expect(result.stdout).not.toContain('PRIVATE KEY');
      expect(result.stdout).not.toContain(Buffer.from(leaf.keyPem).toString('base64'));
    } finally {
      issuer.close();
      await kube.delete(R.namespaces, ns).catch(() => undefined);
    }
  });

  it('exits 3 with a way out when the endpoint cannot be reached', async () => {
    const result = await k8sdoc(['certs', 'check', '--endpoint', 'https://127.0.0.1:1']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/connection refused.*--no-cluster to check only the files/);
  });

  it('rejects thresholds the wrong way round with exit 2', async () => {
    const result = await k8sdoc(['certs', 'check', '--warn-days', '5', '--error-days', '10']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['error: --error-days 10 is larger than --warn-days 5. the error threshold must not exceed the warning threshold']);
  });

  describe('scenario cert-expiring', () => {
    beforeAll(() => applyScenario('cert-expiring'), 240_000);
    afterAll(() => resetScenario('cert-expiring'), 240_000);

    it('reports the apiserver certificate on disk and as served, as errors under 7 days, and exits 1', async () => {
      // the restarted apiserver may take a moment to serve again
      const { data, exitCode } = await eventually(async () => {
        const run = await certsJson();
        return run.data.certificates.some((c) => c.source.kind === 'served') ? run : undefined;
      }, 60_000, 1000);
      expect(exitCode).toBe(1);
      const expiring = data.report.findings.filter((f) => f.checkId === 'cert-expiring');
      const names = expiring.map((f) => f.object.name).sort();
      expect(names).toHaveLength(2);
      expect(names[0]).toBe('apiserver');
      expect(names[1]).toMatch(/^served 127\.0\.0\.1:\d+$/);
      for (const finding of expiring) {
        expect(finding.severity).toBe('error');
        expect(finding.message).toMatch(/expires in 2d2\dh .*under 7 days/);
      }
    });

    it('shows the same finding in diagnose, through the certificates input', async () => {
      const result = await k8sdoc(['diagnose', '-A', '--checks', 'certificates', '--fail-on', 'never', '-o', 'json']);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.findings.filter((f) => f.checkId === 'cert-expiring').map((f) => f.object.name)).toContain('apiserver');
    });

    it('fails the JUnit test case of the check, for CI', async () => {
      const result = await k8sdoc(['certs', 'check', '-o', 'junit']);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/<testcase classname="k8sdoc.certificates" name="cert-expiring: [^"]*">\s*<failure message="2 findings: /);
    });
  });
});
