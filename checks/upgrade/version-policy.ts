import semver from 'semver';
import type { SemVer } from 'semver';
import { KUBE_SYSTEM } from '../../src/controlplane/scope.js';
import { CONTROL_PLANE_COMPONENTS, controlPlaneVersions, imageVersion } from '../../src/controlplane/skew.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { KubeObject, Node, Pod } from '../../src/kube/types.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';
import { releaseFor } from './releases.js';
import { minorText, servedVersion } from './target.js';

/** Kubelets may be this many minors older than the apiserver (n-3 since 1.28). */
export const KUBELET_MAX_BEHIND = 3;

interface Workload extends KubeObject {
  spec?: { template?: { spec?: { containers?: { name: string; image?: string }[] } } };
}

const APISERVER = { kind: 'APIServer', name: 'kube-apiserver' };

function workloadImage(view: SnapshotView, kind: string, name: string): string | undefined {
  const workload = view.get<Workload>(kind, name, KUBE_SYSTEM);
  return workload?.spec?.template?.spec?.containers?.[0]?.image;
}

function minorsApart(a: SemVer, b: SemVer): number {
  return (a.major - b.major) * 100 + (a.minor - b.minor);
}

/** Kubelet versions → node names, oldest first. */
function kubelets(nodes: readonly Node[]): [string, string[]][] {
  const byVersion = new Map<string, string[]>();
  for (const node of nodes) {
    const version = semver.coerce(node.status?.nodeInfo?.kubeletVersion ?? '')?.version ?? 'unknown';
    byVersion.set(version, [...(byVersion.get(version) ?? []), node.metadata.name]);
  }
  return [...byVersion.entries()].sort(([a], [b]) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b)));
}

function componentTable(view: SnapshotView, current: SemVer, target: SemVer): string[] {
  const system = view.pods().filter((p: Pod) => p.metadata.namespace === KUBE_SYSTEM);
  const components = controlPlaneVersions(system);
  const expected = releaseFor(target.major, target.minor);
  const to = target.patch === 0 ? minorText(target) : target.version;
  const lines = [`kube-apiserver: ${current.version} → ${to}`];
  for (const name of CONTROL_PLANE_COMPONENTS.slice(1)) {
    const seen = components.filter((c) => c.component === name).map((c) => c.version.version);
    lines.push(`${name}: ${seen.length > 0 ? [...new Set(seen)].join(', ') : 'not visible (not a pod in kube-system)'} → ${to}`);
  }
  const nodes = kubelets(view.nodes());
  lines.push(`kubelets: ${nodes.map(([v, names]) => `${names.length} at ${v}`).join(', ') || 'no nodes'} → ${to} (after the control plane)`);
  const proxy = imageVersion(workloadImage(view, 'DaemonSet', 'kube-proxy'));
  lines.push(`kube-proxy: ${proxy?.version ?? 'not found (no kube-proxy DaemonSet in kube-system)'} → ${to}`);
  const coredns = imageVersion(workloadImage(view, 'Deployment', 'coredns'));
  lines.push(`CoreDNS: ${coredns?.version ?? 'not found (no coredns Deployment in kube-system)'} → ${expected?.coredns ?? 'unknown for this release'}`);
  const etcdPod = system.find((p) => p.metadata.labels?.component === 'etcd');
  const etcd = imageVersion(etcdPod?.spec.containers[0]?.image);
  lines.push(`etcd: ${etcd?.version ?? 'not visible (not a pod in kube-system)'} → ${expected?.etcd ?? 'unknown for this release'}`);
  return lines;
}

/**
 * The version skew policy applied to the planned upgrade: the control plane moves one minor at
 * a time and never down; kubelets may trail the target by three minors but never lead it;
 * kubectl stays within one minor. Also reports the component table, current → target.
 */
export function upgradeVersionPolicy(inputs: UpgradeInputs): Check {
  return {
    id: 'upgrade-version-policy',
    title: 'Planned upgrade outside the version skew policy',
    area: 'upgrade',
    severity: 'error',
    needs: ['nodes', 'pods', 'daemonsets', 'deployments'],
    extras: ['version'],
    docs: 'https://kubernetes.io/releases/version-skew-policy/',
    run(view): CheckResult[] {
      const target = inputs.target;
      const current = servedVersion(view);
      if (!target || !current) return [];
      const results: CheckResult[] = [];
      const step = minorsApart(target, current);
      const table = componentTable(view, current, target);
      results.push({
        severity: 'info',
        object: APISERVER,
        message: `upgrade plan ${current.version} → ${minorText(target)}: components now and what the target release ships`,
        evidence: table,
        remediation: 'Upgrade in this order: etcd if the target expects a newer minor, then each control-plane node (apiserver, controller-manager, scheduler), then nodes one at a time, then kube-proxy and CoreDNS.',
      });
      if (step > 1) {
        const next = `${current.major}.${current.minor + 1}`;
        results.push({
          object: APISERVER,
          message: `the control plane can move one minor at a time: ${minorText(current)} → ${minorText(target)} skips ${step - 1} minor release${step > 2 ? 's' : ''}`,
          evidence: [`/version: ${view.snapshot.extras.version?.gitVersion ?? current.version}`, `target: ${target.version}`],
          remediation: `Plan ${next} first (k8sdoc upgrade plan --to ${next}), upgrade, then plan the next minor.`,
        });
      } else if (step < 0 || (step === 0 && semver.lt(target, current))) {
        results.push({
          object: APISERVER,
          message: `the target ${target.version} is older than the running ${current.version}: Kubernetes does not support downgrades`,
          evidence: [`/version: ${view.snapshot.extras.version?.gitVersion ?? current.version}`],
          remediation: 'Roll back only by restoring the etcd snapshot taken before the upgrade (k8sdoc sop run etcd-restore); otherwise pick a newer target.',
        });
      }
      for (const [version, names] of kubelets(view.nodes())) {
        const parsed = semver.coerce(version);
        if (!parsed) continue;
        const behind = minorsApart(target, parsed);
        if (behind <= KUBELET_MAX_BEHIND && behind >= 0) continue;
        const first = names[0] as string;
        results.push({
          object: { kind: 'Node', name: first },
          message:
            behind < 0
              ? `${names.length} kubelet${names.length === 1 ? '' : 's'} at ${version} would be newer than the target apiserver ${minorText(target)}: kubelets must never lead the apiserver`
              : `${names.length} kubelet${names.length === 1 ? '' : 's'} at ${version} would be ${behind} minors behind ${minorText(target)} (at most ${KUBELET_MAX_BEHIND} allowed)`,
          evidence: [`nodes at kubelet ${version}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`],
          remediation: behind < 0 ? 'Pick a target at least as new as the newest kubelet.' : `Upgrade these nodes to at least ${target.major}.${target.minor - KUBELET_MAX_BEHIND} before the control plane moves on.`,
          objects: names.map((name) => ({ kind: 'Node', name })),
        });
      }
      const kubectl = inputs.kubectl ? semver.coerce(inputs.kubectl.version) : undefined;
      if (inputs.kubectl && kubectl && Math.abs(minorsApart(target, kubectl)) > 1) {
        results.push({
          severity: 'warning',
          object: { kind: 'Client', name: 'kubectl' },
          message: `the local kubectl ${kubectl.version} is more than one minor away from the target ${minorText(target)}`,
          evidence: [`${inputs.kubectl.path} version --client: ${inputs.kubectl.version}`],
          remediation: `Install kubectl ${minorText(target)} (or one minor either side) for the upgrade.`,
        });
      }
      return results;
    },
  };
}
