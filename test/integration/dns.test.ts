import { execa } from 'execa';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DnsProbe } from '../../src/dns/probe.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { KubeObject, Pod } from '../../src/kube/types.js';
import type { Report } from '../../src/report/schema.js';
import { applyScenario, client, eventually, k8sdoc, kubeconfig, resetScenario } from './harness.js';

type ProbeJson = DnsProbe & { passed: boolean };

let kube: KubeClient;
beforeAll(() => {
  kube = client();
});
afterAll(() => kube.close());

const probePods = async (): Promise<Pod[]> => kube.list<Pod>(R.pods, { namespace: 'default', labelSelector: 'app.kubernetes.io/name=k8sdoc-dns-probe' });

describe('k8sdoc dns check on the embedded control plane', () => {
  it('queries the embedded CoreDNS directly and passes: the kubernetes Service IP, and NXDOMAIN for the missing name', async () => {
    const service = await kube.get<KubeObject & { spec: { clusterIP: string } }>(R.services, 'kubernetes', 'default');
    const result = await k8sdoc(['dns', 'check', '-o', 'json']);
    expect(result.exitCode).toBe(0);
    const probe = JSON.parse(result.stdout) as ProbeJson;
    expect(probe).toMatchObject({ passed: true, method: 'direct' });
    expect(probe.server).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(probe.lookups.map((l) => [l.name, l.ok, l.answers])).toEqual([
      ['kubernetes.default.svc.cluster.local', true, [service.spec.clusterIP]],
      ['k8sdoc-must-not-exist.default.svc.cluster.local', true, []],
    ]);
  });

  it('runs the probe pod on request, reports that kwok cannot run it, and deletes it', async () => {
    const result = await k8sdoc(['dns', 'check', '--mode', 'pod', '--pod-timeout', '30s', '-o', 'json']);
    expect(result.exitCode).toBe(1);
    const probe = JSON.parse(result.stdout) as ProbeJson;
    expect(probe.method).toBe('pod');
    expect(result.stderr).toContain(`created probe pod default/${probe.pod?.name}`);
    expect(probe.inconclusive).toMatch(/kwok fake node where containers do not run|did not finish within 30s/);
    expect(probe.pod?.deleted).toBe(true);
    await eventually(async () => (await kube.find(R.pods, probe.pod?.name ?? '', 'default')) === undefined, 30_000);
  });

  it('deletes the probe pod when interrupted with Ctrl-C, and exits 130', async () => {
    const child = execa('node', [path.resolve(import.meta.dirname, '../../bin/run.js'), 'dns', 'check', '--mode', 'pod', '--pod-timeout', '60s'], {
      env: { KUBECONFIG: kubeconfig(), K8SDOC_STATE_DIR: inject('stateDir'), NO_COLOR: '1' },
      reject: false,
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // the pod exists from this line on; the probe then waits a second before reading it again
        if (stderr.includes('created probe pod')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before creating the pod: ${stderr}`)));
    });
    const name = /created probe pod default\/(\S+)/.exec(stderr)?.[1] ?? '';
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toContain(`deleted probe pod default/${name}`);
    await eventually(async () => (await probePods()).every((p) => p.metadata.name !== name), 30_000);
  });

  describe('scenario dns-broken', () => {
    beforeAll(() => applyScenario('dns-broken'), 240_000);
    afterAll(() => resetScenario('dns-broken'), 240_000);

    it('fails and names how the cluster name fails to resolve', async () => {
      const result = await k8sdoc(['dns', 'check', '--timeout', '2s', '-o', 'json']);
      expect(result.exitCode).toBe(1);
      const probe = JSON.parse(result.stdout) as ProbeJson & { lookups: { meaning?: string }[] };
      const [cluster] = probe.lookups;
      expect(cluster?.ok).toBe(false);
      expect(['servfail', 'refused', 'nxdomain', 'timeout']).toContain(cluster?.failure);
      expect(cluster?.meaning).toBeTruthy();
      const text = await k8sdoc(['dns', 'check', '--timeout', '2s']);
      expect(text.stdout).toMatch(/FAIL\s+kubernetes\.default\.svc\.cluster\.local/);
      expect(text.stdout).toMatch(/^error: kubernetes\.default\.svc\.cluster\.local: /m);
    });

    it('diagnose says cluster DNS is down: kube-dns has no ready endpoints', async () => {
      const result = await k8sdoc(['diagnose', '-n', 'kube-system', '--checks', 'dns', '--fail-on', 'never', '-o', 'json']);
      const report = JSON.parse(result.stdout) as Report;
      const finding = report.findings.find((f) => f.checkId === 'dns-no-endpoints');
      expect(finding).toMatchObject({ severity: 'error', object: { kind: 'Service', name: 'kube-dns', namespace: 'kube-system' } });
      expect(finding?.message).toMatch(/^cluster DNS is down: kube-dns has no ready endpoints/);
    });
  });
});
