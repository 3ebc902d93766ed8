import { snapshotDnsProbe } from '../../src/dns/extra.js';
import { FAILURE_MEANING } from '../../src/dns/probe.js';
import type { Check, CheckResult, ObjectRef } from '../../src/engine/types.js';

const SERVICE: ObjectRef = { kind: 'Service', name: 'kube-dns', namespace: 'kube-system' };

export const dnsProbe: Check = {
  id: 'dns-probe',
  title: 'Live DNS probe: the cluster name must resolve, a missing name must not',
  area: 'dns',
  severity: 'error',
  needs: [],
  extras: ['dns'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
  run(view): CheckResult[] {
    const probe = snapshotDnsProbe(view.snapshot);
    if (!probe) return [];
    const how = probe.method === 'direct' ? `queried ${probe.server} directly` : `probe pod ${probe.pod?.namespace}/${probe.pod?.name} (${probe.pod?.image})`;
    if (probe.inconclusive) {
      return [{ object: SERVICE, severity: 'info', message: `the DNS probe could not run: ${probe.inconclusive}`, evidence: [how], remediation: 'Run `k8sdoc dns check --server IP:PORT` from a machine that reaches the DNS server, or pass an image the nodes can pull.' }];
    }
    return probe.lookups
      .filter((lookup) => !lookup.ok)
      .map((lookup) => {
        const failure = lookup.failure ?? 'error';
        const answered = lookup.answers.length > 0 ? `answered ${lookup.answers.join(', ')}` : failure.toUpperCase();
        return {
          object: SERVICE,
          severity: failure === 'resolved' ? ('warning' as const) : ('error' as const),
          message: `${lookup.name}: ${answered}; ${FAILURE_MEANING[failure]}`,
          evidence: [how, `expected ${lookup.expect === 'nxdomain' ? 'NXDOMAIN' : lookup.expect.join(', ') || 'an address'}`, ...(lookup.detail ? [`resolver said: ${lookup.detail}`] : []), ...(lookup.ms === undefined ? [] : [`took ${lookup.ms}ms`])],
          remediation:
            failure === 'timeout'
              ? 'Check the kube-dns Service endpoints and CoreDNS pods (dns-no-endpoints finding), and NetworkPolicies on port 53 (dns-egress-blocked).'
              : 'Read the CoreDNS logs (`kubectl -n kube-system logs -l k8s-app=kube-dns`) and the Corefile (dns-corefile finding).',
        };
      });
  },
};
