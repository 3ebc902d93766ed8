import path from 'node:path';
import type { ClusterPaths } from './paths.js';
import type { BinaryName } from './versions.js';

export const SERVICE_CIDR = '10.96.0.0/12';
export const SERVICE_IP = '10.96.0.1';
export const DNS_SERVICE_IP = '10.96.0.10';
export const POD_CIDR = '10.244.0.0/16';
export const CLUSTER_DOMAIN = 'cluster.local';
/** kwok renews node Leases at a quarter of this; the node controller's grace period is below. */
export const NODE_LEASE_SECONDS = 40;
export const NODE_MONITOR_GRACE_SECONDS = 30;

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  etcdMetrics: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  dns: number;
  dnsReady: number;
  dnsHealth: number;
}

export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'coredns'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ComponentContext {
  paths: ClusterPaths;
  ports: Ports;
  advertiseAddress: string;
  nodeName: string;
  /** etcd --quota-backend-bytes */
  etcdQuotaBytes: number;
}

export interface ComponentSpec {
  binary: BinaryName;
  args: string[];
  /** a URL whose 200 says the component is up, with the TLS material to ask it */
  health: { url: string; ca?: string; cert?: string; key?: string; expect?: string };
}

/** The command line of each control-plane program, wired as kubeadm would, on 127.0.0.1 only. */
export function componentSpec(component: Component, ctx: ComponentContext): ComponentSpec {
  const { paths, ports } = ctx;
  const pki = (file: string): string => path.join(paths.pki, file);
  const conf = (file: string): string => path.join(paths.kubernetesDir, file);
  switch (component) {
    case 'etcd':
      return {
        binary: 'etcd',
        args: [
          `--name=${ctx.nodeName}`,
          `--data-dir=${paths.etcdData}`,
          `--listen-client-urls=https://127.0.0.1:${ports.etcdClient}`,
          `--advertise-client-urls=https://127.0.0.1:${ports.etcdClient}`,
          `--listen-peer-urls=https://127.0.0.1:${ports.etcdPeer}`,
          `--initial-advertise-peer-urls=https://127.0.0.1:${ports.etcdPeer}`,
          `--initial-cluster=${ctx.nodeName}=https://127.0.0.1:${ports.etcdPeer}`,
          `--listen-metrics-urls=http://127.0.0.1:${ports.etcdMetrics}`,
          '--client-cert-auth=true',
          `--trusted-ca-file=${pki('etcd/ca.crt')}`,
          `--cert-file=${pki('etcd/server.crt')}`,
          `--key-file=${pki('etcd/server.key')}`,
          '--peer-client-cert-auth=true',
          `--peer-trusted-ca-file=${pki('etcd/ca.crt')}`,
          `--peer-cert-file=${pki('etcd/peer.crt')}`,
          `--peer-key-file=${pki('etcd/peer.key')}`,
          `--quota-backend-bytes=${ctx.etcdQuotaBytes}`,
          '--snapshot-count=10000',
          '--log-level=warn',
        ],
        health: { url: `https://127.0.0.1:${ports.etcdClient}/health`, ca: pki('etcd/ca.crt'), cert: pki('etcd/healthcheck-client.crt'), key: pki('etcd/healthcheck-client.key'), expect: '"health":"true"' },
      };
    case 'kube-apiserver':
      return {
        binary: 'kube-apiserver',
        args: [
          '--bind-address=127.0.0.1',
          `--secure-port=${ports.apiserver}`,
          `--advertise-address=${ctx.advertiseAddress}`,
          `--etcd-servers=https://127.0.0.1:${ports.etcdClient}`,
          `--etcd-cafile=${pki('etcd/ca.crt')}`,
          `--etcd-certfile=${pki('apiserver-etcd-client.crt')}`,
          `--etcd-keyfile=${pki('apiserver-etcd-client.key')}`,
          `--tls-cert-file=${pki('apiserver.crt')}`,
          `--tls-private-key-file=${pki('apiserver.key')}`,
          `--client-ca-file=${pki('ca.crt')}`,
          `--service-account-key-file=${pki('sa.pub')}`,
          `--service-account-signing-key-file=${pki('sa.key')}`,
          `--service-account-issuer=https://kubernetes.default.svc.${CLUSTER_DOMAIN}`,
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
          '--authorization-mode=Node,RBAC',
          '--enable-admission-plugins=NodeRestriction',
          '--allow-privileged=true',
          `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
          `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
          '--kubelet-preferred-address-types=InternalIP',
          `--proxy-client-cert-file=${pki('front-proxy-client.crt')}`,
          `--proxy-client-key-file=${pki('front-proxy-client.key')}`,
          `--requestheader-client-ca-file=${pki('front-proxy-ca.crt')}`,
          '--requestheader-allowed-names=front-proxy-client',
          '--requestheader-extra-headers-prefix=X-Remote-Extra-',
          '--requestheader-group-headers=X-Remote-Group',
          '--requestheader-username-headers=X-Remote-User',
          '--profiling=false',
          '--v=1',
        ],
        health: { url: `https://127.0.0.1:${ports.apiserver}/readyz`, ca: pki('ca.crt'), expect: 'ok' },
      };
    case 'kube-controller-manager':
      return {
        binary: 'kube-controller-manager',
        args: [
          `--kubeconfig=${conf('controller-manager.conf')}`,
          `--authentication-kubeconfig=${conf('controller-manager.conf')}`,
          `--authorization-kubeconfig=${conf('controller-manager.conf')}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${ports.controllerManager}`,
          '--leader-elect=true',
          '--use-service-account-credentials=true',
          '--controllers=*,bootstrapsigner,tokencleaner',
          `--service-account-private-key-file=${pki('sa.key')}`,
          `--root-ca-file=${pki('ca.crt')}`,
          `--cluster-signing-cert-file=${pki('ca.crt')}`,
          `--cluster-signing-key-file=${pki('ca.key')}`,
          `--requestheader-client-ca-file=${pki('front-proxy-ca.crt')}`,
          `--client-ca-file=${pki('ca.crt')}`,
          `--node-monitor-grace-period=${NODE_MONITOR_GRACE_SECONDS}s`,
          '--node-monitor-period=2s',
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
          // a fake cluster can be scaled to thousands of pods; the defaults would pace that to minutes
          '--kube-api-qps=200',
          '--kube-api-burst=400',
          '--profiling=false',
          '--v=1',
        ],
        health: { url: `https://127.0.0.1:${ports.controllerManager}/healthz`, expect: 'ok' },
      };
    case 'kube-scheduler':
      return {
        binary: 'kube-scheduler',
        args: [
          `--kubeconfig=${conf('scheduler.conf')}`,
          `--authentication-kubeconfig=${conf('scheduler.conf')}`,
          `--authorization-kubeconfig=${conf('scheduler.conf')}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${ports.scheduler}`,
          '--leader-elect=true',
          '--kube-api-qps=200',
          '--kube-api-burst=400',
          '--profiling=false',
          '--v=1',
        ],
        health: { url: `https://127.0.0.1:${ports.scheduler}/healthz`, expect: 'ok' },
      };
    case 'kwok':
      return {
        binary: 'kwok',
        args: [
          `--kubeconfig=${conf('admin.conf')}`,
          `--config=${paths.kwokConfig}`,
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          '--node-ip=127.0.0.1',
          `--node-port=${ports.kwok}`,
          `--server-address=127.0.0.1:${ports.kwok}`,
          `--tls-cert-file=${pki('kwok-server.crt')}`,
          `--tls-private-key-file=${pki('kwok-server.key')}`,
          `--cidr=${POD_CIDR}`,
          `--node-lease-duration-seconds=${NODE_LEASE_SECONDS}`,
        ],
        health: { url: `https://127.0.0.1:${ports.kwok}/healthz`, expect: 'ok' },
      };
    case 'coredns':
      return {
        binary: 'coredns',
        args: ['-conf', paths.corefile],
        health: { url: `http://127.0.0.1:${ports.dnsReady}/ready`, expect: 'OK' },
      };
  }
}

/** The host CoreDNS: serves the cluster domain from the apiserver, on loopback only. */
export function hostCorefile(paths: ClusterPaths, ports: Ports, broken = false): string {
  const kubernetes = broken
    ? ''
    : `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        kubeconfig ${path.join(paths.kubernetesDir, 'admin.conf')}
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
`;
  return `.:${ports.dns} {
    bind 127.0.0.1
    errors
    health 127.0.0.1:${ports.dnsHealth}
    ready 127.0.0.1:${ports.dnsReady}
${kubernetes}    cache 30
}
`;
}
