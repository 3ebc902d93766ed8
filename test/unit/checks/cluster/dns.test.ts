import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnsCorefile } from '../../../../checks/cluster/dns-corefile.js';
import { dnsEgressBlocked } from '../../../../checks/cluster/dns-egress-blocked.js';
import { dnsNoEndpoints } from '../../../../checks/cluster/dns-no-endpoints.js';
import { dnsProbe } from '../../../../checks/cluster/dns-probe.js';
import { parseProbeLog } from '../../../../src/dns/nslookup.js';
import { probeNames } from '../../../../src/dns/probe.js';
import type { DnsProbe } from '../../../../src/dns/probe.js';
import type { KnownResource } from '../../../../src/kube/resources.js';
import { FIXTURES, runCheck, snapshotFromFixture } from '../../../helpers/snapshot.js';

const DNS_KINDS: KnownResource[] = ['services', 'endpointslices', 'deployments', 'replicasets', 'pods', 'configmaps', 'namespaces', 'networkpolicies'];
const fixture = (file: string, namespace?: string) => snapshotFromFixture(`checks/cluster/${file}`, { collected: DNS_KINDS, ...(namespace ? { namespace } : {}) });

describe('dns-no-endpoints', () => {
  it('says cluster DNS is down when kube-dns has no ready endpoint, with the CoreDNS pods as evidence', () => {
    const findings = runCheck(dnsNoEndpoints, fixture('dns-down.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'dns-no-endpoints', severity: 'error', object: { kind: 'Service', name: 'kube-dns', namespace: 'kube-system' } });
    expect(findings[0]?.message).toMatch(/^cluster DNS is down: kube-dns has no ready endpoints, so every name lookup from pods times out \(CoreDNS pods: CrashLoopBackOff/);
    expect(findings[0]?.evidence).toEqual(expect.arrayContaining(['endpoints: 2, ready: 0 (clusterIP 10.96.0.10)', 'Deployment coredns: 2 desired, 0 ready, 0 available']));
    expect(findings[0]?.evidence.join('\n')).toMatch(/2 pods CrashLoopBackOff/);
  });

  it('warns when DNS answers with fewer CoreDNS replicas than wanted', () => {
    const findings = runCheck(dnsNoEndpoints, fixture('dns-degraded.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', object: { kind: 'Deployment', name: 'coredns' } });
    expect(findings[0]?.evidence.join('\n')).toMatch(/1 pod Pending: 0\/3 nodes are available/);
  });

  it('reports a missing kube-dns Service', () => {
    const findings = runCheck(dnsNoEndpoints, fixture('dns-no-service.yaml'));
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^there is no kube-dns Service in kube-system/)]);
  });

  it('is quiet on healthy DNS, and when the snapshot does not cover kube-system', () => {
    expect(runCheck(dnsNoEndpoints, fixture('dns-healthy.yaml'))).toEqual([]);
    expect(runCheck(dnsNoEndpoints, fixture('dns-no-service.yaml', 'shop'))).toEqual([]);
  });
});

describe('dns-corefile', () => {
  it('finds forwards to CoreDNS itself: the kube-dns Service IP and a loopback resolver', () => {
    const findings = runCheck(dnsCorefile, fixture('corefile-loop.yaml'));
    expect(findings.map((f) => f.message)).toEqual([
      'the Corefile forwards .:53 to 10.96.0.10, which is CoreDNS itself: queries for names outside the cluster loop until they time out',
      'the Corefile forwards corp.example.com:53 to 127.0.0.53:53, which is CoreDNS itself: queries for names outside the cluster loop until they time out',
    ]);
    expect(findings[0]?.evidence).toEqual(['Corefile line 8: forward . 10.96.0.10', '10.96.0.10 is the kube-dns Service']);
  });

  it('finds a Corefile without the kubernetes plugin, and a resolv.conf forward without the loop plugin', () => {
    const findings = runCheck(dnsCorefile, fixture('corefile-no-kubernetes.yaml'));
    expect(findings.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(findings[0]?.message).toMatch(/^the Corefile has no kubernetes plugin: CoreDNS does not answer for Services and pods/);
    expect(findings[1]?.message).toMatch(/^the Corefile forwards .:53 to the node's resolv.conf without the loop plugin/);
  });

  it('names the line of the block an unbalanced brace leaves open', () => {
    const [finding] = runCheck(dnsCorefile, fixture('corefile-broken.yaml'));
    expect(finding?.message).toBe('the Corefile does not parse (line 1: "{" is never closed): CoreDNS pods that restart will not start');
  });

  it('flags the removed proxy plugin', () => {
    expect(runCheck(dnsCorefile, fixture('corefile-proxy.yaml')).map((f) => f.evidence[0])).toEqual(['Corefile line 7: proxy . /etc/resolv.conf']);
  });

  it("accepts kubeadm's default Corefile", () => {
    expect(runCheck(dnsCorefile, fixture('dns-healthy.yaml'))).toEqual([]);
  });
});

describe('dns-egress-blocked', () => {
  const findings = runCheck(dnsEgressBlocked, fixture('netpol.yaml'));
  const byPolicy = (name: string) => findings.find((f) => f.object.name === name);

  it('reports a default-deny egress policy with the pods it cuts off, host-network pods excluded', () => {
    const finding = byPolicy('default-deny-egress');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'NetworkPolicy', namespace: 'shop' } });
    expect(finding?.message).toBe('NetworkPolicy default-deny-egress blocks DNS: 2 pods it selects may not send UDP to port 53 of the cluster DNS, so every name lookup times out');
    expect(finding?.evidence).toContain('pods: web-7d9f8c6b5-x2v9k, web-7d9f8c6b5-q8w4n');
  });

  it('says when TCP 53 is open but UDP is not', () => {
    expect(byPolicy('billing-egress')?.evidence).toContain('TCP 53 is allowed, UDP 53 is not: resolvers ask over UDP first');
  });

  it('reports port 53 allowed only to a namespace where DNS does not run', () => {
    expect(byPolicy('egress-dns-wrong-namespace')?.evidence).toContain('pods: search-0');
  });

  it('adds policies up, honours named ports, port ranges and ipBlocks, and ignores ingress-only policies', () => {
    expect(findings.map((f) => f.object.name).sort()).toEqual(['billing-egress', 'default-deny-egress', 'egress-dns-wrong-namespace']);
  });
});

describe('dns-probe', () => {
  const probeFrom = (file: string): DnsProbe => ({
    method: 'pod',
    server: 'the cluster DNS (from the pod)',
    lookups: parseProbeLog(readFileSync(path.join(FIXTURES, 'checks/cluster/nslookup', file), 'utf8'), probeNames('cluster.local', '10.96.0.1')),
    pod: { namespace: 'default', name: 'k8sdoc-dns-probe-1a2b3c4d', image: 'busybox', deleted: true },
  });
  const run = (probe: DnsProbe) => runCheck(dnsProbe, snapshotFromFixture('checks/cluster/empty.yaml', { extras: { dns: probe } }));

  it('explains a SERVFAIL for the name that must resolve', () => {
    const findings = run(probeFrom('busybox-servfail.txt'));
    expect(findings.map((f) => f.message.split(';')[0])).toEqual(['kubernetes.default.svc.cluster.local: SERVFAIL', 'k8sdoc-must-not-exist.default.svc.cluster.local: SERVFAIL']);
    expect(findings[0]?.evidence).toContain('resolver said: ** server can\'t find kubernetes.default.svc.cluster.local: SERVFAIL');
  });

  it('warns when a name that must not exist resolves', () => {
    const findings = run(probeFrom('busybox-wildcard.txt'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning' });
    expect(findings[0]?.message).toMatch(/^k8sdoc-must-not-exist.default.svc.cluster.local: answered 203.0.113.7; a name that must not exist resolved/);
  });

  it('reports a probe that could not run as info, not as a DNS failure', () => {
    const findings = run({ method: 'pod', server: 'x', lookups: [], inconclusive: 'the probe pod did not finish within 120s (phase Pending, ImagePullBackOff)' });
    expect(findings).toMatchObject([{ severity: 'info', message: 'the DNS probe could not run: the probe pod did not finish within 120s (phase Pending, ImagePullBackOff)' }]);
  });

  it('is quiet when both lookups give what they must', () => {
    expect(run(probeFrom('busybox-ok.txt'))).toEqual([]);
  });
});
