/**
 * The pinned upstream programs of the embedded control plane. Each set is built from one Go
 * wrapper module under go/ (go.mod and go.sum committed) or downloaded from its official
 * release, and cached as one folder: <cache>/bin/<set>-<version>/.
 */
export interface ComponentSet {
  /** cache folder prefix and the go/ subfolder of its wrapper module */
  name: 'kubernetes' | 'etcd' | 'kwok' | 'coredns';
  version: string;
  /** binary name → Go package built for it */
  binaries: Record<string, string>;
  /** -ldflags -X stamps, so binaries report the pinned version */
  stamps: string[];
  /** the official release: where each binary (or the archive holding them) comes from */
  release: ReleaseSource;
}

export type ReleaseSource =
  | { kind: 'per-binary'; url: (binary: string, arch: string) => string; sha256Url: (binary: string, arch: string) => string }
  | { kind: 'archive'; url: (arch: string) => string; sha256Url: (arch: string) => string; member: (binary: string, arch: string) => string };

export const KUBERNETES_VERSION = 'v1.36.3';
export const ETCD_VERSION = 'v3.6.8';
export const KWOK_VERSION = 'v0.8.0';
export const COREDNS_VERSION = 'v1.15.0';

function kubeStamps(version: string): string[] {
  const [major, minor] = version.replace(/^v/, '').split('.');
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
    `${pkg}.gitVersion=${version}`,
    `${pkg}.gitMajor=${major}`,
    `${pkg}.gitMinor=${minor}`,
    `${pkg}.gitTreeState=clean`,
  ]);
}

export const COMPONENT_SETS: readonly ComponentSet[] = [
  {
    name: 'kubernetes',
    version: KUBERNETES_VERSION,
    binaries: {
      'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
      'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
      'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
      kubectl: 'k8s.io/kubernetes/cmd/kubectl',
    },
    stamps: kubeStamps(KUBERNETES_VERSION),
    release: {
      kind: 'per-binary',
      url: (binary, arch) => `https://dl.k8s.io/release/${KUBERNETES_VERSION}/bin/linux/${arch}/${binary}`,
      sha256Url: (binary, arch) => `https://dl.k8s.io/release/${KUBERNETES_VERSION}/bin/linux/${arch}/${binary}.sha256`,
    },
  },
  {
    name: 'etcd',
    version: ETCD_VERSION,
    binaries: {
      etcd: 'go.etcd.io/etcd/server/v3',
      etcdctl: 'go.etcd.io/etcd/etcdctl/v3',
      etcdutl: 'go.etcd.io/etcd/etcdutl/v3',
    },
    stamps: [],
    release: {
      kind: 'archive',
      url: (arch) => `https://github.com/etcd-io/etcd/releases/download/${ETCD_VERSION}/etcd-${ETCD_VERSION}-linux-${arch}.tar.gz`,
      sha256Url: () => `https://github.com/etcd-io/etcd/releases/download/${ETCD_VERSION}/SHA256SUMS`,
      member: (binary, arch) => `etcd-${ETCD_VERSION}-linux-${arch}/${binary}`,
    },
  },
  {
    name: 'kwok',
    version: KWOK_VERSION,
    binaries: { kwok: 'sigs.k8s.io/kwok/cmd/kwok' },
    stamps: [],
    release: {
      kind: 'per-binary',
      url: (binary, arch) => `https://github.com/kubernetes-sigs/kwok/releases/download/${KWOK_VERSION}/${binary}-linux-${arch}`,
      sha256Url: (binary, arch) => `https://github.com/kubernetes-sigs/kwok/releases/download/${KWOK_VERSION}/${binary}-linux-${arch}.sha256`,
    },
  },
  {
    name: 'coredns',
    version: COREDNS_VERSION,
    binaries: { coredns: 'github.com/coredns/coredns' },
    stamps: [],
    release: {
      kind: 'archive',
      url: (arch) => `https://github.com/coredns/coredns/releases/download/${COREDNS_VERSION}/coredns_${COREDNS_VERSION.slice(1)}_linux_${arch}.tgz`,
      sha256Url: (arch) => `https://github.com/coredns/coredns/releases/download/${COREDNS_VERSION}/coredns_${COREDNS_VERSION.slice(1)}_linux_${arch}.tgz.sha256`,
      member: () => 'coredns',
    },
  },
];

export type BinaryName = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl' | 'etcd' | 'etcdctl' | 'etcdutl' | 'kwok' | 'coredns';

export function setOf(binary: BinaryName): ComponentSet {
  const set = COMPONENT_SETS.find((s) => binary in s.binaries);
  if (!set) throw new Error(`no component set provides ${binary}`);
  return set;
}
