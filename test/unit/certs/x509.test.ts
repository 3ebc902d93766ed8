import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIssuer } from '../../../scripts/test-pki.js';
import { describe as describeCert, keyMatchesCert, missingSans, parseBase64Bundle, parsePemBundle, verifyChain, verifyIssued } from '../../../src/certs/x509.js';

let issuer: TestIssuer;
let root: ReturnType<TestIssuer['pem']>;
let intermediate: ReturnType<TestIssuer['pem']>;
let leaf: ReturnType<TestIssuer['pem']>;
let other: ReturnType<TestIssuer['pem']>;

beforeAll(() => {
  issuer = new TestIssuer(new Date());
  root = issuer.pem('root', '/CN=root-ca', { notAfterDays: 3650 }, { ca: true });
  intermediate = issuer.pem('intermediate', '/CN=intermediate-ca', { notAfterDays: 1000 }, { ca: true, signer: root });
  leaf = issuer.pem('leaf', '/CN=api.example.com', { notAfterDays: 90 }, { signer: intermediate, sans: ['DNS:api.example.com', 'DNS:*.apps.example.com', 'IP:10.0.0.10'] });
  other = issuer.pem('other', '/CN=other-ca', { notAfterDays: 3650 }, { ca: true });
});
afterAll(() => issuer.close());

const cert = (pem: string): X509Certificate => new X509Certificate(pem);

describe('PEM bundles', () => {
  it('parses every certificate of a bundle, leaf first', () => {
    const bundle = parsePemBundle(`${leaf.certPem}\n${intermediate.certPem}`);
    expect(bundle.error).toBeUndefined();
    expect(bundle.certs.map((c) => describeCert(c).commonName)).toEqual(['api.example.com', 'intermediate-ca']);
  });

  it('says what is wrong with data that holds no certificate, or a broken one', () => {
    expect(parseBase64Bundle(Buffer.from('not a certificate').toString('base64')).error).toBe('no PEM certificate in it');
    const broken = `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
    expect(parsePemBundle(`${leaf.certPem}${broken}`).error).toMatch(/^certificate 2 of 2 is not valid/);
  });

  it('describes a certificate as plain JSON: names, RFC 3339 dates, CA flag, SANs', () => {
    const info = describeCert(cert(leaf.certPem));
    expect(info).toMatchObject({ commonName: 'api.example.com', issuerCommonName: 'intermediate-ca', isCA: false, sans: ['DNS:api.example.com', 'DNS:*.apps.example.com', 'IP:10.0.0.10'] });
    expect(info.notAfter).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((Date.parse(info.notAfter) - Date.now()) / 86_400_000).toBeCloseTo(90, 0);
    expect(describeCert(cert(root.certPem)).isCA).toBe(true);
  });
});

describe('chain verification', () => {
  it('verifies a certificate against the CA that signed it and names it', () => {
    expect(verifyIssued(cert(intermediate.certPem), [cert(other.certPem), cert(root.certPem)], 'root')).toEqual({ verified: true, detail: 'signed by root-ca' });
  });

  it('says which CA issued a certificate that its expected CA did not', () => {
    const check = verifyIssued(cert(leaf.certPem), [cert(other.certPem)], 'other');
    expect(check.verified).toBe(false);
    expect(check.detail).toBe('issued by "intermediate-ca", not by other (other-ca)');
  });

  it('verifies a presented chain link by link up to a trusted root', () => {
    expect(verifyChain([cert(leaf.certPem), cert(intermediate.certPem)], [cert(root.certPem)], 'the kubeconfig CA').verified).toBe(true);
    expect(verifyChain([cert(leaf.certPem), cert(intermediate.certPem)], [cert(other.certPem)], 'the kubeconfig CA').verified).toBe(false);
  });

  it('rejects a chain whose certificates are out of order', () => {
    const check = verifyChain([cert(leaf.certPem), cert(root.certPem)], [cert(root.certPem)], 'the kubeconfig CA');
    expect(check).toEqual({ verified: false, detail: 'certificate 1 of the chain ("api.example.com") is not signed by the next one ("root-ca")' });
  });
});

describe('keys and names', () => {
  it('matches a private key with its own certificate only', () => {
    expect(keyMatchesCert(leaf.keyPem, cert(leaf.certPem))).toBe(true);
    expect(keyMatchesCert(other.keyPem, cert(leaf.certPem))).toBe(false);
  });

  it('lists the hosts and IPs a serving certificate does not cover', () => {
    expect(missingSans(cert(leaf.certPem), ['api.example.com', 'console.apps.example.com', '10.0.0.10', '[10.0.0.10]'])).toEqual([]);
    expect(missingSans(cert(leaf.certPem), ['127.0.0.1', 'kubernetes.default.svc', '10.0.0.10'])).toEqual(['127.0.0.1', 'kubernetes.default.svc']);
  });
});
