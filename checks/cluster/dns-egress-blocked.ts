import { KUBE_SYSTEM } from '../../src/controlplane/scope.js';
import { DNS_LABELS, kubeDnsService } from '../../src/dns/kube-dns.js';
import { dnsBlockedPods } from '../../src/dns/netpol.js';
import type { DnsTarget, NetworkPolicy } from '../../src/dns/netpol.js';
import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { SnapshotView } from '../../src/engine/view.js';
import { formatLabelSelector } from '../../src/workload/selectors.js';

const MAX_NAMES = 5;

/** Where DNS runs, from the snapshot when it shows it, else kubeadm's defaults. */
function dnsTarget(view: SnapshotView): DnsTarget {
  const dnsPods = view.podsMatching(KUBE_SYSTEM, { ...DNS_LABELS });
  const serviceIp = kubeDnsService(view)?.spec?.clusterIP;
  return {
    namespace: KUBE_SYSTEM,
    namespaceLabels: view.get('Namespace', KUBE_SYSTEM)?.metadata.labels ?? { 'kubernetes.io/metadata.name': KUBE_SYSTEM },
    podLabels: dnsPods.length > 0 ? dnsPods.map((p) => p.metadata.labels ?? {}) : [{ ...DNS_LABELS }],
    ips: [...dnsPods.flatMap((p) => (p.status?.podIP ? [p.status.podIP] : [])), ...(serviceIp && serviceIp !== 'None' ? [serviceIp] : [])],
  };
}

export const dnsEgressBlocked: Check = {
  id: 'dns-egress-blocked',
  title: 'NetworkPolicies that block DNS (port 53) egress for the pods they select',
  area: 'dns',
  severity: 'error',
  needs: ['networkpolicies', 'pods', 'namespaces', 'services'],
  docs: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic',
  run(view) {
    const groups = dnsBlockedPods(view.list<NetworkPolicy>('networkpolicies'), view.pods(), dnsTarget(view));
    return groups.map(({ policies, pods, tcpAllowed }) => {
      const [first] = policies as [NetworkPolicy, ...NetworkPolicy[]];
      const names = policies.map((p) => p.metadata.name);
      const shown = pods.slice(0, MAX_NAMES).map((p) => p.metadata.name).join(', ') + (pods.length > MAX_NAMES ? `, +${pods.length - MAX_NAMES} more` : '');
      return {
        object: refOf(first, 'NetworkPolicy'),
        message: `${policies.length === 1 ? `NetworkPolicy ${names[0]} blocks` : `NetworkPolicies ${names.join(', ')} together block`} DNS: ${pods.length} pod${pods.length === 1 ? '' : 's'} it selects may not send UDP to port 53 of the cluster DNS, so every name lookup times out`,
        evidence: [
          ...policies.map((p) => `NetworkPolicy ${p.metadata.name}: podSelector ${formatLabelSelector(p.spec?.podSelector ?? {}) || '(all pods)'}, policyTypes ${(p.spec?.policyTypes ?? ['Egress']).join(',')}, ${p.spec?.egress?.length ?? 0} egress rule(s)`),
          `pods: ${shown}`,
          tcpAllowed ? 'TCP 53 is allowed, UDP 53 is not: resolvers ask over UDP first' : 'neither UDP nor TCP 53 is allowed to the DNS pods',
        ],
        remediation: `Add an egress rule allowing UDP and TCP port 53 to the DNS pods: \`to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\`.`,
      };
    });
  },
};
