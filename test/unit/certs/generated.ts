import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestIssuer, generateTestPki } from '../../../scripts/test-pki.js';
import type { TestPkiOptions } from '../../../scripts/test-pki.js';
import type { Snapshot } from '../../../src/engine/types.js';

/** A kubeadm PKI generated now, in a temporary folder removed by `remove()`. */
export function tempPki(options: TestPkiOptions = {}): { dir: string; pki: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-pki-'));
  const pki = generateTestPki(dir, options);
  return { dir, pki, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The certificates cert-objects.yaml refers to as GENERATED:<name>, issued now. Each maps to
 * the base64 PEM a Secret or caBundle holds.
 */
export function generatedObjectCerts(): Record<string, string> {
  const issuer = new TestIssuer(new Date());
  try {
    const ca = issuer.pem('ca', '/CN=shop-ca', { notAfterDays: 3650 }, { ca: true });
    const b64 = (pem: string): string => Buffer.from(pem).toString('base64');
    return {
      'expires-in-5-days': b64(issuer.pem('shop', '/CN=shop.example.com', { notAfterDays: 5 }, { signer: ca, sans: ['DNS:shop.example.com'] }).certPem + ca.certPem),
      'valid-for-a-year': b64(issuer.pem('api', '/CN=api.example.com', { notAfterDays: 365 }, { signer: ca }).certPem),
      'expired-3-days-ago': b64(issuer.pem('legacy', '/CN=legacy.example.com', { notAfterDays: -3 }, { signer: ca }).certPem),
      'ca-expires-in-20-days': b64(issuer.pem('policy-ca', '/CN=policy-webhook-ca', { notAfterDays: 20 }, { ca: true }).certPem),
      'valid-ca': b64(ca.certPem),
      'ca-expired': b64(issuer.pem('metrics-ca', '/CN=metrics-server-ca', { notAfterDays: -1 }, { ca: true }).certPem),
    };
  } finally {
    issuer.close();
  }
}

/** Replaces every "GENERATED:<name>" string in the snapshot's objects. */
export function fillGenerated(snapshot: Snapshot, values: Record<string, string>): Snapshot {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('GENERATED:')) {
      const filled = values[value.slice('GENERATED:'.length)];
      if (filled === undefined) throw new Error(`no generated certificate ${value}`);
      return filled;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(snapshot) as Snapshot;
}
