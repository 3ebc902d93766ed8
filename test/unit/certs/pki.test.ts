import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBEADM_PKI, readPkiDir } from '../../../src/certs/pki.js';
import type { PkiInventory } from '../../../src/certs/pki.js';
import { certProblems } from '../../../src/certs/problems.js';
import type { CertProblem } from '../../../src/certs/problems.js';
import { tempPki } from './generated.js';

const THRESHOLDS = { warningDays: 30, errorDays: 7 };
const HOSTS = ['127.0.0.1'];

function problemsOf(inventory: PkiInventory): CertProblem[] {
  return certProblems(inventory.entries, THRESHOLDS, new Date());
}

describe('a healthy kubeadm PKI directory', () => {
  let pki: ReturnType<typeof tempPki>;
  let inventory: PkiInventory;
  beforeAll(() => {
    pki = tempPki();
    inventory = readPkiDir(pki.pki, { apiserverHosts: HOSTS });
  });
  afterAll(() => pki.remove());

  it('lists every certificate and CA of the layout and every component kubeconfig', () => {
    const names = inventory.entries.map((e) => e.name);
    for (const file of KUBEADM_PKI) expect(names).toContain(file.name);
    expect(names).toEqual(expect.arrayContaining(['sa', 'admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf']));
  });

  it('verifies each leaf against its own CA and each key against its certificate', () => {
    const apiserver = inventory.entries.find((e) => e.name === 'apiserver');
    expect(apiserver).toMatchObject({ authority: 'ca', chain: { verified: true }, keyMatches: true, sanMissing: [] });
    expect(inventory.entries.find((e) => e.name === 'etcd-peer')).toMatchObject({ authority: 'etcd-ca', chain: { verified: true, detail: 'signed by etcd-ca' } });
    expect(inventory.entries.find((e) => e.name === 'admin.conf')).toMatchObject({ source: { kind: 'kubeconfig' }, chain: { verified: true } });
    expect(inventory.entries.find((e) => e.name === 'sa')).toMatchObject({ keyMatches: true });
  });

  it('has no problem today', () => {
    expect(problemsOf(inventory)).toEqual([]);
  });

  it('has the errors once its year is over: every leaf expired, the CAs still fine', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    const expired = certProblems(inventory.entries, THRESHOLDS, later);
    expect(expired.every((p) => p.kind === 'expired' && p.severity === 'error')).toBe(true);
    expect(expired.map((p) => p.entry.name)).toContain('apiserver');
    expect(expired.map((p) => p.entry.name)).not.toContain('ca');
  });
});

describe('a PKI directory with the problems people run into', () => {
  let pki: ReturnType<typeof tempPki>;
  let problems: CertProblem[];
  let inventory: PkiInventory;
  beforeAll(() => {
    pki = tempPki({
      validity: { apiserver: { notAfterDays: -2 }, 'admin.conf': { notAfterDays: 3 }, 'etcd-peer': { notAfterDays: 20 }, 'front-proxy-client': { notBeforeDays: 2, notAfterDays: 365 } },
      wrongKey: ['apiserver-kubelet-client'],
      foreignIssuer: ['etcd-server', 'scheduler.conf'],
      omit: ['apiserver-etcd-client.crt', 'controller-manager.conf', 'super-admin.conf', 'front-proxy-ca.key'],
      apiserverSans: ['DNS:kubernetes', 'IP:10.96.0.1'],
      saMismatch: true,
    });
    inventory = readPkiDir(pki.pki, { apiserverHosts: HOSTS });
    problems = problemsOf(inventory);
  });
  afterAll(() => pki.remove());

  const find = (kind: CertProblem['kind'], name: string): CertProblem | undefined => problems.find((p) => p.kind === kind && p.entry.name === name);

  it('reports an expired certificate as an error with the kubeadm command that renews it', () => {
    const problem = find('expired', 'apiserver');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toMatch(/^certificate apiserver expired 2d ago/);
    expect(problem?.remediation).toContain('kubeadm certs renew apiserver');
  });

  it('grades residual time by the thresholds: under 7 days an error, under 30 a warning', () => {
    expect(find('expiring', 'admin.conf')).toMatchObject({ severity: 'error' });
    expect(find('expiring', 'admin.conf')?.message).toMatch(/expires in 2d2\dh .*under 7 days/);
    expect(find('expiring', 'etcd-peer')).toMatchObject({ severity: 'warning' });
  });

  it('flags a certificate that is not valid yet (clock skew)', () => {
    expect(find('not-yet-valid', 'front-proxy-client')?.remediation).toMatch(/clock/);
  });

  it('notices a key that belongs to another certificate, and an sa.key/sa.pub that are not a pair', () => {
    expect(find('key-mismatch', 'apiserver-kubelet-client')?.severity).toBe('error');
    expect(find('key-mismatch', 'sa')?.message).toMatch(/sa.key and sa.pub are not one key pair/);
  });

  it('names the CA that really issued a certificate signed by the wrong one', () => {
    expect(find('chain', 'etcd-server')?.evidence).toContain('issued by "some-other-ca", not by etcd-ca');
    expect(find('chain', 'scheduler.conf')?.message).toBe('scheduler.conf is not signed by its CA ca');
  });

  it('reports the address clients use that the serving certificate does not cover', () => {
    const san = find('san', 'apiserver');
    expect(san?.message).toContain('does not cover 127.0.0.1');
    expect(san?.evidence).toContain('subject alternative names: DNS:kubernetes, IP:10.96.0.1');
  });

  it('reports missing files with the phase that regenerates them, but not the optional super-admin.conf', () => {
    expect(find('missing', 'apiserver-etcd-client')?.remediation).toContain('kubeadm init phase certs apiserver-etcd-client');
    expect(find('missing', 'controller-manager.conf')?.remediation).toContain('kubeadm init phase kubeconfig controller-manager');
    expect(problems.some((p) => p.entry.name === 'super-admin.conf')).toBe(false);
  });

  it('treats a CA without its key as externally managed, not as a problem', () => {
    expect(inventory.entries.find((e) => e.name === 'front-proxy-ca')?.externallyManaged).toBe(true);
    expect(problems.some((p) => p.entry.name === 'front-proxy-ca')).toBe(false);
  });

  it('lists errors before warnings', () => {
    const severities = problems.map((p) => p.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });
});

describe('layouts other than the default', () => {
  let pki: ReturnType<typeof tempPki>;
  beforeAll(() => {
    pki = tempPki();
  });
  afterAll(() => pki.remove());

  it('reads a kubelet.conf that names its rotating certificate file, and says when that file is gone', () => {
    const kubeletConf = path.join(pki.dir, 'kubelet.conf');
    const doc = yaml.load(readFileSync(kubeletConf, 'utf8')) as { users: { user: Record<string, string> }[] };
    const certPem = Buffer.from(doc.users[0]?.user['client-certificate-data'] ?? '', 'base64').toString('utf8');
    writeFileSync(path.join(pki.dir, 'kubelet-client-current.pem'), certPem);
    for (const user of doc.users) {
      delete user.user['client-certificate-data'];
      user.user['client-certificate'] = 'kubelet-client-current.pem';
    }
    writeFileSync(kubeletConf, yaml.dump(doc));
    const found = readPkiDir(pki.pki, { apiserverHosts: HOSTS }).entries.find((e) => e.name === 'kubelet.conf');
    expect(found).toMatchObject({ cert: { commonName: 'system:node:node-1' }, chain: { verified: true } });

    rmSync(path.join(pki.dir, 'kubelet-client-current.pem'));
    const gone = readPkiDir(pki.pki, { apiserverHosts: HOSTS }).entries.find((e) => e.name === 'kubelet.conf');
    expect(gone).toMatchObject({ missing: true, source: { location: path.join(pki.dir, 'kubelet-client-current.pem') } });
  });

  it('skips the etcd certificates with a note when there is no etcd folder (external etcd)', () => {
    rmSync(path.join(pki.pki, 'etcd'), { recursive: true });
    const inventory = readPkiDir(pki.pki, { apiserverHosts: HOSTS });
    expect(inventory.entries.map((e) => e.name).filter((n) => n.includes('etcd'))).toEqual([]);
    expect(inventory.notes.join('\n')).toMatch(/etcd certificates not checked \(external etcd\?\)/);
  });
});
