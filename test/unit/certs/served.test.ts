import { createServer } from 'node:tls';
import type { Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIssuer } from '../../../scripts/test-pki.js';
import { servedEntries } from '../../../src/certs/inventory.js';
import { isK8sdocError } from '../../../src/errors.js';
import type { KubeconfigTrust } from '../../../src/kube/tls.js';
import { servedChain } from '../../../src/kube/tls.js';

let issuer: TestIssuer;
let ca: ReturnType<TestIssuer['pem']>;
let otherCa: ReturnType<TestIssuer['pem']>;
let servers: Server[] = [];

/** A TLS server on 127.0.0.1 presenting `chain`: the part of an apiserver servedChain reads. */
async function serve(key: string, chain: string): Promise<string> {
  const server = createServer({ key, cert: chain });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function trust(caPem: string | undefined, server: string): KubeconfigTrust {
  return { server, tlsServerName: undefined, caPem, user: 'admin', clientCertPem: undefined, insecure: caPem === undefined, notes: [] };
}

beforeAll(() => {
  issuer = new TestIssuer(new Date());
  ca = issuer.pem('ca', '/CN=kubernetes', { notAfterDays: 3650 }, { ca: true });
  otherCa = issuer.pem('other', '/CN=another-cluster', { notAfterDays: 3650 }, { ca: true });
});
afterAll(async () => {
  issuer.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

describe('the chain the apiserver presents', () => {
  it('reads every certificate presented, leaf first, and verifies it against the kubeconfig CA', async () => {
    const intermediate = issuer.pem('intermediate', '/CN=kubernetes-intermediate', { notAfterDays: 1000 }, { ca: true, signer: ca });
    const leaf = issuer.pem('apiserver', '/CN=kube-apiserver', { notAfterDays: 3 }, { signer: intermediate, sans: ['DNS:localhost', 'IP:127.0.0.1'] });
    const endpoint = await serve(leaf.keyPem, leaf.certPem + intermediate.certPem);
    const chain = await servedChain(endpoint, { timeoutMs: 5000 });
    expect(chain).toHaveLength(2);
    const { entries } = await servedEntries(endpoint, trust(ca.certPem, endpoint), 5000);
    expect(entries.map((e) => e.name)).toEqual([`served ${new URL(endpoint).host}`, `served ${new URL(endpoint).host} [2/2]`]);
    expect(entries[0]).toMatchObject({ source: { kind: 'served', location: endpoint }, cert: { commonName: 'kube-apiserver' }, chain: { verified: true }, sanMissing: [] });
  });

  it('fails verification when the kubeconfig trusts another CA', async () => {
    const leaf = issuer.pem('foreign', '/CN=kube-apiserver', { notAfterDays: 300 }, { signer: otherCa, sans: ['IP:127.0.0.1'] });
    const endpoint = await serve(leaf.keyPem, leaf.certPem);
    const { entries } = await servedEntries(endpoint, trust(ca.certPem, endpoint), 5000);
    expect(entries[0]?.chain).toEqual({ verified: false, detail: 'issued by "another-cluster", not by the kubeconfig CA (kubernetes)' });
  });

  it('notices that the certificate does not cover the address the kubeconfig uses', async () => {
    const leaf = issuer.pem('no-ip', '/CN=kube-apiserver', { notAfterDays: 300 }, { signer: ca, sans: ['DNS:kubernetes.default.svc'] });
    const endpoint = await serve(leaf.keyPem, leaf.certPem);
    const { entries } = await servedEntries(endpoint, trust(ca.certPem, endpoint), 5000);
    expect(entries[0]?.sanMissing).toEqual(['127.0.0.1']);
  });

  it('says it cannot verify when the kubeconfig skips TLS verification', async () => {
    const leaf = issuer.pem('insecure', '/CN=kube-apiserver', { notAfterDays: 300 }, { signer: ca, sans: ['IP:127.0.0.1'] });
    const endpoint = await serve(leaf.keyPem, leaf.certPem);
    const { entries, notes } = await servedEntries(endpoint, trust(undefined, endpoint), 5000);
    expect(entries[0]?.chain).toBeUndefined();
    expect(notes.join('\n')).toMatch(/insecure-skip-tls-verify/);
  });

  it('maps a refused connection to the cluster-unreachable error', async () => {
    const endpoint = await serve(ca.keyPem, ca.certPem);
    const port = new URL(endpoint).port;
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const error = await servedChain(`https://127.0.0.1:${port}`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(isK8sdocError(error) && error.exitCode).toBe(3);
    expect(String((error as Error).message)).toMatch(/connection refused/);
  });
});
