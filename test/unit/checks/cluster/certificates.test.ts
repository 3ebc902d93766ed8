import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certCaBundles } from '../../../../checks/cluster/cert-ca-bundles.js';
import { certExpiring } from '../../../../checks/cluster/cert-expiring.js';
import { certPkiFiles } from '../../../../checks/cluster/cert-pki-files.js';
import { certTlsSecrets } from '../../../../checks/cluster/cert-tls-secrets.js';
import { certTrust } from '../../../../checks/cluster/cert-trust.js';
import { readPkiDir } from '../../../../src/certs/pki.js';
import type { Snapshot } from '../../../../src/engine/types.js';
import { runCheck, snapshotFromFixture } from '../../../helpers/snapshot.js';
import { fillGenerated, generatedObjectCerts, tempPki } from '../../certs/generated.js';

/** The 'certificates' extra as the collector gathers it, from PKIs generated now. */
function pkiSnapshot(pkiDir: string): Snapshot {
  return snapshotFromFixture('checks/cluster/empty.yaml', { extras: { certificates: readPkiDir(pkiDir, { apiserverHosts: ['127.0.0.1'] }).entries } });
}

describe('certificate checks over the PKI files', () => {
  let broken: ReturnType<typeof tempPki>;
  let healthy: ReturnType<typeof tempPki>;
  beforeAll(() => {
    broken = tempPki({ validity: { apiserver: { notAfterDays: 3 } }, wrongKey: ['front-proxy-client'], foreignIssuer: ['etcd-peer'], omit: ['scheduler.conf'], apiserverSans: ['DNS:kubernetes'] });
    healthy = tempPki();
  });
  afterAll(() => {
    broken.remove();
    healthy.remove();
  });

  it('cert-expiring: the apiserver certificate expiring in 3 days is an error on that certificate', () => {
    const findings = runCheck(certExpiring, pkiSnapshot(broken.pki), new Date());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'cert-expiring', severity: 'error', object: { kind: 'Certificate', name: 'apiserver' } });
    expect(findings[0]?.evidence).toContain(`source: ${broken.pki}/apiserver.crt`);
  });

  it('cert-pki-files: a key that does not match and a missing kubeconfig', () => {
    const findings = runCheck(certPkiFiles, pkiSnapshot(broken.pki), new Date());
    expect(findings.map((f) => `${f.severity} ${f.object.name}`).sort()).toEqual(['error front-proxy-client', 'warning scheduler.conf']);
  });

  it('cert-trust: a certificate from the wrong CA and a serving certificate without 127.0.0.1', () => {
    const findings = runCheck(certTrust, pkiSnapshot(broken.pki), new Date());
    expect(findings.map((f) => f.message).sort()).toEqual([
      'etcd-peer is not signed by its CA etcd-ca',
      'the apiserver serving certificate apiserver does not cover 127.0.0.1, the address clients reach it by: TLS verification fails',
    ]);
  });

  it('none of them fires on a freshly generated PKI', () => {
    for (const check of [certExpiring, certPkiFiles, certTrust]) expect(runCheck(check, pkiSnapshot(healthy.pki), new Date())).toEqual([]);
  });

  it('ignores entries of a malformed extra instead of failing', () => {
    const snapshot = snapshotFromFixture('checks/cluster/empty.yaml', { extras: { certificates: [null, 42, { name: 'x' }] } });
    expect(runCheck(certExpiring, snapshot, new Date())).toEqual([]);
  });
});

describe('certificate checks over API objects', () => {
  let snapshot: Snapshot;
  beforeAll(() => {
    const collected = ['secrets', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'apiservices'] as const;
    snapshot = fillGenerated(snapshotFromFixture('checks/cluster/cert-objects.yaml', { collected: [...collected] }), generatedObjectCerts());
  });

  it('cert-tls-secrets: expiring and expired kubernetes.io/tls Secrets, and one that holds no certificate', () => {
    const findings = runCheck(certTlsSecrets, snapshot, new Date());
    expect(findings.map((f) => `${f.severity} ${f.object.namespace}/${f.object.name}`).sort()).toEqual(['error billing/legacy-tls', 'error billing/pasted-wrong', 'error shop/shop-tls']);
    expect(findings.find((f) => f.object.name === 'pasted-wrong')?.message).toBe('billing/pasted-wrong cannot be read: no PEM certificate in it');
    expect(findings.find((f) => f.object.name === 'legacy-tls')?.message).toMatch(/^certificate billing\/legacy-tls expired 3d ago/);
    expect(findings.find((f) => f.object.name === 'shop-tls')?.remediation).toContain('kubectl get certificate -n shop');
  });

  it('cert-tls-secrets: never reads or repeats the private key', () => {
    const text = JSON.stringify(runCheck(certTlsSecrets, snapshot, new Date()));
    expect(text).not.toContain('a2V5LW1hdGVyaWFsLW5ldmVyLXJlYWQ=');
    expect(text).not.toContain('key-material');
  });

  it('cert-ca-bundles: a webhook CA expiring in 20 days (once for two webhooks) and an expired APIService CA', () => {
    const findings = runCheck(certCaBundles, snapshot, new Date());
    expect(findings.map((f) => `${f.severity} ${f.object.kind}/${f.object.name}`)).toEqual(['error APIService/v1beta1.metrics.k8s.io', 'warning ValidatingWebhookConfiguration/policy.example.com']);
    expect(findings[0]?.remediation).toContain('update spec.caBundle of APIService v1beta1.metrics.k8s.io');
  });

  it('stays quiet when every certificate has a year left', () => {
    expect(runCheck(certTlsSecrets, snapshotFromFixture('checks/cluster/empty.yaml', { collected: ['secrets'] }), new Date())).toEqual([]);
  });
});
