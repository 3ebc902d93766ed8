import path from 'node:path';
import type { ClusterPaths } from './paths.js';
import type { KubeletServerOptions } from './kubelet-server.js';
import { builtScript } from './paths.js';
import type { BinaryName } from './versions.js';

export const SERVICE_CIDR = '10.96.0.0/12';
export const SERVICE_IP = '10.96.0.1';
export const DNS_SERVICE_IP = '10.96.0.10';
export const POD_CIDR = '10.244.0.0/16';
export const CLUSTER_DOMAIN = 'cluster.local';
/** kwok renews node Leases at a quarter of this; the node controller's grace period is below. */
export const NODE_LEASE_SECONDS = 40;
export const NODE_MONITOR_GRACE_SECONDS = 30;

/**
 * Every port the embedded plane listens on, all on 127.0.0.1 and each demanding a client
 * certificate or a credential: etcd (client and peer, mTLS), the apiserver (anonymous off), the
 * nodes' kubelet API (mTLS, the apiserver's kubelet client only) and CoreDNS (DNS over TLS,
 * mTLS). The controller-manager and scheduler serve no port (their health is their Lease).
 */
export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  /** the nodes' kubelet endpoint: k8sdoc's kubelet server, or kwok's with --allow-exec */
  kwok: number;
  dns: number;
}

export const PORT_NAMES: readonly (keyof Ports)[] = ['etcdClient', 'etcdPeer', 'apiserver', 'kwok', 'dns'];

/** `kubelet` is k8sdoc's kubelet API server; it runs unless kwok serves exec (--allow-exec). */
export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'kubelet', 'coredns'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The components a cluster runs: kwok serves the kubelet API itself only when exec is allowed. */
export function activeComponents(allowExec: boolean): Component[] {
  return COMPONENTS.filter((c) => !(allowExec && c === 'kubelet'));
}

export interface ComponentContext {
  paths: ClusterPaths;
  ports: Ports;
  advertiseAddress: string;
  nodeName: string;
  /** etcd --quota-backend-bytes */
  etcdQuotaBytes: number;
  /** kwok serves exec into pods (as local processes of this user) on the kubelet port */
  allowExec: boolean;
}

/** How to tell that a component is up. */
export type HealthCheck =
  /** a URL whose 200 (with `expect` in the body) says so, asked with this TLS material */
  | { kind: 'http'; url: string; ca?: string; cert?: string; key?: string; expect?: string }
  /** its leader-election Lease in kube-system, renewed within its duration */
  | { kind: 'lease'; lease: string }
  /** it answers a DNS-over-TLS query (any rcode) asked with the embedded client certificate */
  | { kind: 'dns'; server: string }
  /** nothing to ask: running is all there is (kwok without a server; its nodes' Leases show the rest) */
  | { kind: 'process' };

export interface ComponentSpec {
  /** a pinned upstream program, or `node` running one of k8sdoc's own scripts */
  binary: BinaryName | 'node';
  args: string[];
  health: HealthCheck;
}

/** The serving pair k8sdoc issues for its kubelet server, kwok's server and CoreDNS (127.0.0.1, localhost). */
export const LOCAL_SERVING = 'local-serving';

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
        health: { kind: 'http', url: `https://127.0.0.1:${ports.etcdClient}/health`, ca: pki('etcd/ca.crt'), cert: pki('etcd/healthcheck-client.crt'), key: pki('etcd/healthcheck-client.key'), expect: '"health":"true"' },
      };
    case 'kube-apiserver':
      return {
        binary: 'kube-apiserver',
        args: [
          '--bind-address=127.0.0.1',
          `--secure-port=${ports.apiserver}`,
          // loopback is not a permission: /healthz, /version and discovery need a credential too
          '--anonymous-auth=false',
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
        health: { kind: 'http', url: `https://127.0.0.1:${ports.apiserver}/readyz`, ca: pki('ca.crt'), cert: pki('apiserver-kubelet-client.crt'), key: pki('apiserver-kubelet-client.key'), expect: 'ok' },
      };
    case 'kube-controller-manager':
      return {
        binary: 'kube-controller-manager',
        args: [
          `--kubeconfig=${conf('controller-manager.conf')}`,
          `--authentication-kubeconfig=${conf('controller-manager.conf')}`,
          `--authorization-kubeconfig=${conf('controller-manager.conf')}`,
          // its delegated authorization lets anyone read /healthz and /metrics' neighbours: serve no port
          '--secure-port=0',
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
        health: { kind: 'lease', lease: 'kube-controller-manager' },
      };
    case 'kube-scheduler':
      return {
        binary: 'kube-scheduler',
        args: [
          `--kubeconfig=${conf('scheduler.conf')}`,
          `--authentication-kubeconfig=${conf('scheduler.conf')}`,
          `--authorization-kubeconfig=${conf('scheduler.conf')}`,
          '--secure-port=0',
          '--leader-elect=true',
          '--kube-api-qps=200',
          '--kube-api-burst=400',
          '--profiling=false',
          '--v=1',
        ],
        health: { kind: 'lease', lease: 'kube-scheduler' },
      };
    case 'kwok':
      return {
        binary: 'kwok',
        args: [
          `--kubeconfig=${conf('admin.conf')}`,
          `--config=${paths.kwokConfig}`,
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          '--node-ip=127.0.0.1',
          `--cidr=${POD_CIDR}`,
          `--node-lease-duration-seconds=${NODE_LEASE_SECONDS}`,
          // kwok's server answers plain HTTP and TLS without a client certificate on one port:
          // it runs only when the user allowed exec, and k8sdoc's kubelet server runs otherwise
          ...(ctx.allowExec
            ? [`--node-port=${ports.kwok}`, `--server-address=127.0.0.1:${ports.kwok}`, `--tls-cert-file=${pki(`${LOCAL_SERVING}.crt`)}`, `--tls-private-key-file=${pki(`${LOCAL_SERVING}.key`)}`]
            : []),
        ],
        health: ctx.allowExec ? { kind: 'http', url: `https://127.0.0.1:${ports.kwok}/healthz`, expect: 'ok' } : { kind: 'process' },
      };
    case 'kubelet': {
      const options: KubeletServerOptions = {
        port: ports.kwok,
        ca: pki('ca.crt'),
        cert: pki(`${LOCAL_SERVING}.crt`),
        key: pki(`${LOCAL_SERVING}.key`),
        logFile: path.join(paths.run, 'container.log'),
        previousLogFile: path.join(paths.run, 'container-previous.log'),
      };
      return {
        binary: 'node',
        args: [builtScript('kubelet-main'), JSON.stringify(options)],
        health: { kind: 'http', url: `https://127.0.0.1:${ports.kwok}/healthz`, ca: pki('ca.crt'), cert: pki('apiserver-kubelet-client.crt'), key: pki('apiserver-kubelet-client.key'), expect: 'ok' },
      };
    }
    case 'coredns':
      return {
        binary: 'coredns',
        args: ['-conf', paths.corefile],
        health: { kind: 'dns', server: `127.0.0.1:${ports.dns}` },
      };
  }
}

/**
 * The host CoreDNS: serves the cluster domain from the apiserver, on loopback only, as DNS over
 * TLS that answers only clients with a certificate of the cluster CA (no health or ready port).
 */
export function hostCorefile(paths: ClusterPaths, ports: Ports, broken = false): string {
  const pki = (file: string): string => path.join(paths.pki, file);
  const kubernetes = broken
    ? ''
    : `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        kubeconfig ${path.join(paths.kubernetesDir, 'admin.conf')}
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
`;
  return `tls://.:${ports.dns} {
    bind 127.0.0.1
    tls ${pki(`${LOCAL_SERVING}.crt`)} ${pki(`${LOCAL_SERVING}.key`)} ${pki('ca.crt')} {
        client_auth require_and_verify
    }
    errors
${kubernetes}    cache 30
}
`;
}
