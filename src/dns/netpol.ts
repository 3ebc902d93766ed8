import { isIPv4 } from 'node:net';
import type { KubeObject, Pod } from '../kube/types.js';
import type { LabelSelector } from '../workload/selectors.js';
import { matchesLabelSelector } from '../workload/selectors.js';

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy extends KubeObject {
  spec?: {
    podSelector?: LabelSelector;
    policyTypes?: string[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

/** Where cluster DNS runs: what an egress rule must reach for pods to resolve names. */
export interface DnsTarget {
  namespace: string;
  namespaceLabels: Record<string, string>;
  /** labels of the DNS pods (one set per pod, or the usual `k8s-app: kube-dns` when pods are unknown) */
  podLabels: Record<string, string>[];
  /** pod IPs and the Service IP, for ipBlock rules; empty when unknown */
  ips: string[];
}

/** CoreDNS's container ports are named so; a named port in a policy resolves against them. */
const DNS_PORT_NAMES = new Set(['dns', 'dns-tcp']);

/** A policy isolates egress when it says so, or (without policyTypes) when it has egress rules. */
export function isolatesEgress(policy: NetworkPolicy): boolean {
  const types = policy.spec?.policyTypes;
  return types ? types.includes('Egress') : (policy.spec?.egress?.length ?? 0) > 0;
}

/** Whether a port list lets `protocol`/53 through; no list means every port. */
function portAllows(ports: NetworkPolicyPort[] | undefined, protocol: 'UDP' | 'TCP'): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return DNS_PORT_NAMES.has(p.port) || p.port === '53';
    return p.port === 53 || (p.endPort !== undefined && p.port <= 53 && p.endPort >= 53);
  });
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean | undefined {
  const [base, bits] = cidr.split('/');
  if (!base || !isIPv4(base) || !isIPv4(ip)) return undefined;
  const prefix = Number(bits ?? 32);
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4ToNumber(ip) / size) === Math.floor(ipv4ToNumber(base) / size);
}

/** Whether a peer may be the DNS server; an ipBlock we cannot judge is given the benefit of the doubt. */
function peerAllows(peer: NetworkPolicyPeer, policyNamespace: string, target: DnsTarget): boolean {
  if (peer.ipBlock) {
    if (target.ips.length === 0) return true;
    const { cidr, except = [] } = peer.ipBlock;
    return target.ips.some((ip) => {
      const inside = inCidr(ip, cidr);
      if (inside === undefined) return true;
      return inside && !except.some((e) => inCidr(ip, e) === true);
    });
  }
  const namespaceMatches = peer.namespaceSelector ? matchesLabelSelector(peer.namespaceSelector, target.namespaceLabels) : policyNamespace === target.namespace;
  if (!namespaceMatches) return false;
  return !peer.podSelector || target.podLabels.some((labels) => matchesLabelSelector(peer.podSelector, labels));
}

export interface DnsEgress {
  udp: boolean;
  tcp: boolean;
}

/** What DNS traffic one egress policy allows to the DNS pods. */
export function dnsEgressOf(policy: NetworkPolicy, target: DnsTarget): DnsEgress {
  const namespace = policy.metadata.namespace ?? '';
  const rules = (policy.spec?.egress ?? []).filter((rule) => !rule.to || rule.to.length === 0 || rule.to.some((peer) => peerAllows(peer, namespace, target)));
  return { udp: rules.some((r) => portAllows(r.ports, 'UDP')), tcp: rules.some((r) => portAllows(r.ports, 'TCP')) };
}

export interface BlockedGroup {
  /** the egress policies selecting these pods, none of which allows UDP 53 to the DNS pods */
  policies: NetworkPolicy[];
  pods: Pod[];
  /** TCP 53 is allowed by one of them (UDP is what resolvers use first) */
  tcpAllowed: boolean;
}

/**
 * Pods that cannot resolve names because the egress policies selecting them (policies add up)
 * let no UDP to port 53 of the DNS pods through. Host-network pods are not subject to policies.
 */
export function dnsBlockedPods(policies: readonly NetworkPolicy[], pods: readonly Pod[], target: DnsTarget): BlockedGroup[] {
  const egress = policies.filter(isolatesEgress);
  const allowed = new Map(egress.map((p) => [p, dnsEgressOf(p, target)]));
  const groups = new Map<string, BlockedGroup>();
  for (const pod of pods) {
    if ((pod.spec as { hostNetwork?: boolean }).hostNetwork) continue;
    const selecting = egress.filter((p) => p.metadata.namespace === pod.metadata.namespace && matchesLabelSelector(p.spec?.podSelector ?? {}, pod.metadata.labels));
    if (selecting.length === 0 || selecting.some((p) => allowed.get(p)?.udp)) continue;
    const key = selecting.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(',');
    const group = groups.get(key) ?? { policies: selecting, pods: [], tcpAllowed: selecting.some((p) => allowed.get(p)?.tcp) };
    group.pods.push(pod);
    groups.set(key, group);
  }
  return [...groups.values()];
}
