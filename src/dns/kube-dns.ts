import type { SnapshotView } from '../engine/view.js';
import { KUBE_SYSTEM } from '../controlplane/scope.js';
import type { Service } from '../workload/services.js';
import type { Deployment } from '../workload/types.js';

/** kubeadm's (and most distributions') names for cluster DNS. */
export const DNS_SERVICE = 'kube-dns';
export const DNS_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };
const DNS_DEPLOYMENTS = ['coredns', 'kube-dns'];

/** The cluster DNS Service: kube-system/kube-dns, or a kube-system Service labelled k8s-app=kube-dns. */
export function kubeDnsService(view: SnapshotView): Service | undefined {
  return (
    view.get<Service>('Service', DNS_SERVICE, KUBE_SYSTEM) ??
    view.list<Service>('services').find((s) => s.metadata.namespace === KUBE_SYSTEM && s.metadata.labels?.['k8s-app'] === DNS_LABELS['k8s-app'])
  );
}

/** The CoreDNS (or legacy kube-dns) Deployment. */
export function dnsDeployment(view: SnapshotView): Deployment | undefined {
  for (const name of DNS_DEPLOYMENTS) {
    const found = view.get<Deployment>('Deployment', name, KUBE_SYSTEM);
    if (found) return found;
  }
  return view.list<Deployment>('deployments').find((d) => d.metadata.namespace === KUBE_SYSTEM && d.metadata.labels?.['k8s-app'] === DNS_LABELS['k8s-app']);
}
