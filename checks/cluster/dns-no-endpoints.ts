import { seesKubeSystem } from '../../src/controlplane/scope.js';
import { DNS_SERVICE, dnsDeployment, kubeDnsService } from '../../src/dns/kube-dns.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { summarizePods } from '../../src/workload/pods.js';
import { endpointSlicesOf, selectedPods } from '../../src/workload/services.js';
import type { Deployment } from '../../src/workload/types.js';

function deploymentLine(deployment: Deployment | undefined): string[] {
  if (!deployment) return [];
  const s = deployment.status ?? {};
  return [`Deployment ${deployment.metadata.name}: ${deployment.spec?.replicas ?? 1} desired, ${s.readyReplicas ?? 0} ready, ${s.availableReplicas ?? 0} available`];
}

/**
 * Cluster DNS as a whole: the kube-dns Service must exist and have ready endpoints, and the
 * CoreDNS Deployment should run all its replicas. One finding says what it means for the
 * cluster; the generic Service and Deployment checks describe those objects.
 */
export const dnsNoEndpoints: Check = {
  id: 'dns-no-endpoints',
  title: 'Cluster DNS Service missing, without ready endpoints, or running short of replicas',
  area: 'dns',
  severity: 'error',
  needs: ['services', 'endpointslices', 'deployments', 'pods'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
  run(view, { now }): CheckResult[] {
    if (!seesKubeSystem(view)) return [];
    const service = kubeDnsService(view);
    const deployment = dnsDeployment(view);
    if (!service) {
      return [
        {
          object: { kind: 'Service', name: DNS_SERVICE, namespace: 'kube-system' },
          message: 'there is no kube-dns Service in kube-system: pods send their DNS queries to its clusterIP (kubelet clusterDNS), so no name resolves',
          evidence: ['no Service kube-system/kube-dns and none labelled k8s-app=kube-dns', ...deploymentLine(deployment)],
          remediation: 'Recreate the Service with the clusterIP the kubelets use as clusterDNS (kubeadm: `kubeadm init phase addon coredns`, usually 10.96.0.10).',
        },
      ];
    }
    const endpoints = endpointSlicesOf(view, service).flatMap((slice) => slice.endpoints ?? []);
    // a nil ready condition means ready (EndpointConditions API)
    const ready = endpoints.filter((e) => e.conditions?.ready !== false);
    const pods = selectedPods(view, service);
    const summary = summarizePods(pods, now);
    const object = refOf(service, 'Service');
    const endpointLine = `endpoints: ${endpoints.length}, ready: ${ready.length} (clusterIP ${service.spec?.clusterIP ?? 'none'})`;
    if (ready.length === 0) {
      return [
        {
          object,
          message: `cluster DNS is down: kube-dns has no ready endpoints, so every name lookup from pods times out${summary.headline ? ` (CoreDNS pods: ${summary.headline})` : pods.length === 0 ? ' (no CoreDNS pod exists)' : ''}`,
          evidence: [endpointLine, ...deploymentLine(deployment), ...summary.lines],
          remediation: 'Bring CoreDNS back: `kubectl -n kube-system get pods -l k8s-app=kube-dns`, read the logs of a failing pod, fix what the pod findings name; scale the Deployment up if it is at 0.',
        },
      ];
    }
    const desired = deployment?.spec?.replicas ?? 1;
    const available = deployment?.status?.availableReplicas ?? 0;
    if (deployment && available < desired) {
      return [
        {
          object: refOf(deployment, 'Deployment'),
          severity: 'warning',
          message: `cluster DNS runs short: ${available} of ${desired} CoreDNS replicas available, the rest of the cluster's lookups queue on them`,
          evidence: [endpointLine, ...deploymentLine(deployment), ...summary.lines],
          remediation: 'Fix the unavailable CoreDNS pods (the pod findings name the cause); spread replicas over nodes so one node failure does not take DNS down.',
        },
      ];
    }
    return [];
  },
};
