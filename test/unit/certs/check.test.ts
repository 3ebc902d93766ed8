import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../../checks/index.js';
import { certsCheck } from '../../../src/certs/check.js';
import type { CertsCheckResult } from '../../../src/certs/check.js';
import { kubeadmDate, renderCertsCheck } from '../../../src/certs/render.js';
import { isK8sdocError } from '../../../src/errors.js';
import { resolveKubeConfig } from '../../../src/kube/config.js';
import { tempPki } from './generated.js';

const checks = allChecks.filter((check) => check.area === 'certificates');
let pki: ReturnType<typeof tempPki>;
let outcome: CertsCheckResult;
const now = new Date();

beforeAll(async () => {
  pki = tempPki({ validity: { apiserver: { notAfterDays: 3 }, 'etcd-peer': { notAfterDays: 20 } } });
  outcome = await certsCheck({
    pkiDir: undefined,
    endpoint: undefined,
    // the kubeconfig next to pki/ (as admin.conf is): its pki/ is the default directory
    resolved: resolveKubeConfig({ kubeconfig: `${pki.dir}/admin.conf`, env: {} }),
    client: undefined,
    checks,
    thresholds: { warningDays: 30, errorDays: 7 },
    failOn: 'error',
    timeoutMs: 5000,
    now,
  });
});
afterAll(() => pki.remove());

describe('k8sdoc certs check without the cluster', () => {
  it('finds the PKI next to the kubeconfig and runs only the checks that read files', () => {
    expect(outcome.entries.some((e) => e.source.location === `${pki.pki}/apiserver.crt`)).toBe(true);
    expect(outcome.result.checks.map((c) => c.id).sort()).toEqual(['cert-expiring', 'cert-pki-files', 'cert-trust']);
    expect(outcome.result.skipped).toEqual([]);
  });

  it('reports the findings diagnose reports, and fails at --fail-on error', () => {
    expect(outcome.result.findings.map((f) => `${f.checkId} ${f.severity} ${f.object.name}`)).toEqual(['cert-expiring error apiserver', 'cert-expiring warning etcd-peer']);
    expect(outcome.result.failed).toBe(true);
  });

  it('lists the user kubeconfig certificate once when it is admin.conf itself', () => {
    expect(outcome.entries.filter((e) => e.source.kind === 'user-kubeconfig')).toEqual([]);
  });

  it('prints kubeadm-style tables, CAs apart, then the findings', () => {
    const text = renderCertsCheck(outcome, 'table', now, 'test');
    const [certificates, authorities] = text.split('\n\n');
    expect(certificates?.split('\n')[0]).toMatch(/^CERTIFICATE\s+EXPIRES\s+RESIDUAL TIME\s+CERTIFICATE AUTHORITY\s+SOURCE$/);
    expect(certificates).toMatch(/\napiserver\s+\w{3} \d{2}, \d{4} \d{2}:\d{2} UTC\s+2d23h\s+ca\s+\S+apiserver\.crt/);
    expect(authorities?.split('\n')[0]).toMatch(/^CERTIFICATE AUTHORITY\s+EXPIRES\s+RESIDUAL TIME\s+EXTERNALLY MANAGED\s+SOURCE$/);
    expect(authorities).toMatch(/\netcd-ca\s+.*\s+9y\s+no\s+/);
    expect(text).toMatch(/cert-expiring\s+certificate\/apiserver/);
  });

  it('writes JSON with each certificate, its residual time and the diagnose report', () => {
    const data = JSON.parse(renderCertsCheck(outcome, 'json', now, 'test')) as {
      certificates: { name: string; residualSeconds?: number }[];
      report: { schemaVersion: number; findings: { checkId: string }[]; summary: { error: number } };
    };
    const apiserver = data.certificates.find((c) => c.name === 'apiserver');
    expect(apiserver?.residualSeconds).toBeGreaterThan(2.9 * 86_400);
    expect(apiserver?.residualSeconds).toBeLessThanOrEqual(3 * 86_400);
    expect(data.report).toMatchObject({ schemaVersion: 1, summary: { error: 1 } });
    expect(JSON.stringify(data)).not.toMatch(/PRIVATE KEY/);
  });

  it('writes JUnit with a failing test case for the check that found an error', () => {
    const xml = renderCertsCheck(outcome, 'junit', now, 'test');
    expect(xml).toMatch(/<testcase classname="k8sdoc.certificates" name="cert-expiring: [^"]*">\s*<failure message="1 finding: certificate apiserver expires in/);
    expect(xml).toMatch(/<testcase classname="k8sdoc.certificates" name="cert-trust: [^"]*"\/>/);
  });

  it('refuses a --pki-dir it cannot read with exit code 4', async () => {
    const error = await certsCheck({ pkiDir: '/nonexistent/pki', endpoint: undefined, resolved: undefined, client: undefined, checks, thresholds: { warningDays: 30, errorDays: 7 }, failOn: 'error', timeoutMs: 1000, now }).catch((e: unknown) => e);
    expect(isK8sdocError(error) && error.exitCode).toBe(4);
    expect((error as Error).message).toContain('--pki-dir /nonexistent/pki is not a readable PKI directory');
  });
});

describe('dates', () => {
  it('formats EXPIRES as kubeadm does', () => {
    expect(kubeadmDate('2027-01-05T07:03:00Z')).toBe('Jan 05, 2027 07:03 UTC');
  });
});
