import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { KubeObject } from '../../src/kube/types.js';
import { applyScenario, client, eventually, k8sdoc, resetScenario } from './harness.js';

const NS = 'upgrade-it';

interface Report {
  findings: { checkId: string; severity: string; object: { kind: string; name: string; namespace?: string }; message: string; evidence: string[] }[];
  skipped: { checkId: string }[];
}

/** A Helm v3 release Secret as Helm writes it: base64 (Helm's) of gzipped JSON, in data.release (the API's base64 on top). */
function helmSecret(): KubeObject {
  const release = {
    name: 'legacy-shop',
    namespace: NS,
    version: 2,
    info: { status: 'deployed' },
    config: { password: 'never-printed-0451' },
    manifest: '---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: legacy-shop\nspec:\n  minAvailable: 1\n',
  };
  const helmEncoded = Buffer.from(gzipSync(JSON.stringify(release))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sh.helm.release.v1.legacy-shop.v2', namespace: NS, labels: { owner: 'helm', name: 'legacy-shop', status: 'deployed', version: '2' } },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(helmEncoded).toString('base64') },
  } as KubeObject;
}

/** Every opened tag closed in order: the report is well-formed XML. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  for (const match of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else {
      stack.push(name ?? '');
    }
  }
  return stack.length === 0;
}

describe('k8sdoc upgrade plan on the embedded cluster', () => {
  let kube: KubeClient;
  let dir: string;
  let manifest: string;

  beforeAll(async () => {
    kube = client();
    dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-upgrade-it-'));
    manifest = path.join(dir, 'cronjob.yaml');
    writeFileSync(manifest, 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly-report\n  namespace: upgrade-it\nspec:\n  schedule: "0 3 * * *"\n');
    await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await kube.create(R.secrets, helmSecret(), NS);
    await kube.create(
      R.deployments,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'checkout', namespace: NS },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'checkout' } },
          template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image: 'registry.example.com/checkout:1' }] } },
        },
      } as KubeObject,
      NS,
    );
    await kube.create(R.poddisruptionbudgets, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'checkout', namespace: NS }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'checkout' } } } } as KubeObject, NS);
    await eventually(async () => {
      const pdb = await kube.get<KubeObject & { status?: { expectedPods?: number; disruptionsAllowed?: number } }>(R.poddisruptionbudgets, 'checkout', NS);
      return pdb.status?.expectedPods === 1 && pdb.status.disruptionsAllowed === 0;
    });
  });

  afterAll(async () => {
    await kube.delete(R.namespaces, NS).catch(() => undefined);
    kube.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the removed APIs in a manifest file and a Helm release, the drain-blocking budget, and reads the deprecated-API metric', async () => {
    const result = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '--file', manifest, '-o', 'json', '--fail-on', 'error']);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const removed = report.findings.filter((f) => f.checkId === 'removed-api-in-use');
    const cronjob = removed.find((f) => f.object.name === 'nightly-report');
    expect(cronjob?.evidence[0]).toBe(`manifest file: file ${manifest} (document 1) → apiVersion batch/v1beta1`);
    const helm = removed.find((f) => f.object.name === 'legacy-shop');
    expect(helm?.evidence[0]).toBe(`Helm release: helm release ${NS}/legacy-shop revision 2 (secret sh.helm.release.v1.legacy-shop.v2) (document 1) → apiVersion policy/v1beta1`);
    expect(result.stdout).not.toContain('never-printed-0451');
    const pdb = report.findings.find((f) => f.checkId === 'drain-pdb-blocking' && f.object.name === 'checkout');
    expect(pdb).toMatchObject({ severity: 'error', object: { namespace: NS } });
    expect(report.findings.find((f) => f.checkId === 'drain-single-replica' && f.object.name === 'checkout')).toBeUndefined();
    // 1.36 serves no API version that has a removal release, so the metric holds no such
    // request to find; the check must still have read /metrics rather than be skipped
    expect(report.skipped.map((s) => s.checkId)).not.toContain('removed-api-requested');
    const table = report.findings.find((f) => f.checkId === 'upgrade-version-policy' && f.severity === 'info');
    expect(table?.evidence[0]).toMatch(/^kube-apiserver: 1\.36\.\d+ → 1\.37$/);
  });

  it('refuses to skip a minor', async () => {
    const result = await k8sdoc(['upgrade', 'plan', '--to', '1.38', '-o', 'json']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.find((f) => f.checkId === 'upgrade-version-policy' && f.severity === 'error')?.message).toMatch(/skips 1 minor release/);
  });

  it('writes JUnit a CI system can read, one failing test case per failing check', async () => {
    const result = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '--file', manifest, '-o', 'junit']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.startsWith('<?xml')).toBe(true);
    expect(wellFormed(result.stdout)).toBe(true);
    expect(result.stdout).toMatch(/<testcase classname="k8sdoc\.upgrade" name="removed-api-in-use: [^"]*">\s*<failure /);
    expect(result.stdout).toMatch(/<testcase classname="k8sdoc\.upgrade" name="drain-pdb-blocking: [^"]*">\s*<failure /);
  });

  it('rejects a bad target and an unreadable manifest as usage errors, before any request', async () => {
    expect((await k8sdoc(['upgrade', 'plan', '--to', 'latest'])).exitCode).toBe(2);
    const missing = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '--file', path.join(dir, 'nope.yaml')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--file .*nope\.yaml does not exist/);
  });

  describe('with the apiserver certificate expiring', () => {
    beforeAll(() => applyScenario('cert-expiring'));
    afterAll(() => resetScenario('cert-expiring'));

    it('fails the plan on a certificate that expires within the window', async () => {
      const result = await eventually(async () => {
        const run = await k8sdoc(['upgrade', 'plan', '--to', '1.37', '-o', 'json', '--window', '7d']);
        return run.stdout.startsWith('{') ? run : undefined;
      });
      const report = JSON.parse(result.stdout) as Report;
      const cert = report.findings.find((f) => f.checkId === 'cert-expiring' && f.object.name === 'apiserver');
      expect(cert?.severity).toBe('error');
    });
  });
});
