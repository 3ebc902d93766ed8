import type { KubeClient } from '../kube/client.js';
import { R } from '../kube/resources.js';
import type { ResourceRef } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { CLUSTER_DOMAIN, DNS_SERVICE_IP } from './components.js';
import { COREDNS_VERSION, KUBERNETES_VERSION } from './versions.js';

const RBAC_CLUSTERROLE: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', namespaced: false, kind: 'ClusterRole' };
const RBAC_CLUSTERROLEBINDING: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', namespaced: false, kind: 'ClusterRoleBinding' };

/** The Corefile kubeadm writes into kube-system/coredns. */
export const KUBEADM_COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${CLUSTER_DOMAIN}
       disable denial ${CLUSTER_DOMAIN}
    }
    loop
    reload
    loadbalance
}
`;

const controlPlaneToleration = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];

/**
 * The kube-system objects of a kubeadm cluster that checks look for: CoreDNS (Deployment,
 * ConfigMap, kube-dns Service, RBAC) and kube-proxy. kwok runs their pods on the fake nodes;
 * the real CoreDNS answering queries runs on the host (see components.ts).
 */
export function kubeadmAddons(): [ResourceRef, KubeObject][] {
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    [R.serviceaccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } }],
    [
      RBAC_CLUSTERROLE,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:coredns' },
        rules: [
          { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
        ],
      },
    ],
    [
      RBAC_CLUSTERROLEBINDING,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'system:coredns' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
        subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
      },
    ],
    [R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: KUBEADM_COREFILE } }],
    [
      R.deployments,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'coredns', namespace: 'kube-system', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: 'coredns',
              priorityClassName: 'system-cluster-critical',
              tolerations: controlPlaneToleration,
              containers: [
                {
                  name: 'coredns',
                  image: `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
                  args: ['-conf', '/etc/coredns/Corefile'],
                  ports: [
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                  ],
                  resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
                  livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, timeoutSeconds: 5 },
                  readinessProbe: { httpGet: { path: '/ready', port: 8181 } },
                  volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns' }],
                },
              ],
              volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
            },
          },
        },
      },
    ],
    [
      R.services,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } },
        spec: {
          clusterIP: DNS_SERVICE_IP,
          selector: labels,
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
            { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
          ],
        },
      },
    ],
    [
      R.daemonsets,
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
          template: {
            metadata: { labels: { 'k8s-app': 'kube-proxy' } },
            spec: {
              hostNetwork: true,
              priorityClassName: 'system-node-critical',
              tolerations: [{ operator: 'Exists' }],
              containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf'], resources: { requests: { cpu: '10m', memory: '20Mi' } } }],
            },
          },
        },
      },
    ],
  ];
}

/** Applies objects with server-side apply (idempotent: `cluster up` on a running cluster changes nothing). */
export async function applyAll(client: KubeClient, objects: [ResourceRef, KubeObject][]): Promise<void> {
  for (const [ref, object] of objects) await client.apply(ref, object);
}
