/**
 * What each Kubernetes minor release ships with, as kubeadm pins it (its constants for the
 * default etcd and CoreDNS images). Patch releases sometimes raise etcd within the same minor
 * of etcd; the plan compares minors of etcd and CoreDNS, so those bumps do not matter here.
 */
export interface ReleaseExpectation {
  /** Kubernetes minor, e.g. "1.33" */
  minor: string;
  etcd: string;
  coredns: string;
}

export const RELEASES: readonly ReleaseExpectation[] = [
  { minor: '1.16', etcd: '3.3.15', coredns: '1.6.2' },
  { minor: '1.17', etcd: '3.4.3', coredns: '1.6.5' },
  { minor: '1.18', etcd: '3.4.3', coredns: '1.6.7' },
  { minor: '1.19', etcd: '3.4.13', coredns: '1.7.0' },
  { minor: '1.20', etcd: '3.4.13', coredns: '1.7.0' },
  { minor: '1.21', etcd: '3.4.13', coredns: '1.8.0' },
  { minor: '1.22', etcd: '3.5.0', coredns: '1.8.4' },
  { minor: '1.23', etcd: '3.5.6', coredns: '1.8.6' },
  { minor: '1.24', etcd: '3.5.6', coredns: '1.8.6' },
  { minor: '1.25', etcd: '3.5.6', coredns: '1.9.3' },
  { minor: '1.26', etcd: '3.5.6', coredns: '1.9.3' },
  { minor: '1.27', etcd: '3.5.7', coredns: '1.10.1' },
  { minor: '1.28', etcd: '3.5.9', coredns: '1.10.1' },
  { minor: '1.29', etcd: '3.5.10', coredns: '1.11.1' },
  { minor: '1.30', etcd: '3.5.12', coredns: '1.11.1' },
  { minor: '1.31', etcd: '3.5.15', coredns: '1.11.3' },
  { minor: '1.32', etcd: '3.5.16', coredns: '1.11.3' },
  { minor: '1.33', etcd: '3.5.21', coredns: '1.12.0' },
  { minor: '1.34', etcd: '3.6.4', coredns: '1.12.1' },
  { minor: '1.35', etcd: '3.6.5', coredns: '1.13.1' },
  { minor: '1.36', etcd: '3.6.8', coredns: '1.15.0' },
];

export function releaseFor(major: number, minor: number): ReleaseExpectation | undefined {
  return RELEASES.find((release) => release.minor === `${major}.${minor}`);
}
