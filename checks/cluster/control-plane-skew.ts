import semver from 'semver';
import { KUBE_SYSTEM, seesKubeSystem } from '../../src/controlplane/scope.js';
import { controlPlaneVersions } from '../../src/controlplane/skew.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';

/**
 * The control-plane part of the version skew policy: apiservers within one minor of each other,
 * controller-manager and scheduler never newer than the oldest apiserver and at most one minor
 * older. Kubelets are node-kubelet-skew's.
 */
export const controlPlaneSkew: Check = {
  id: 'control-plane-skew',
  title: 'Control-plane components outside the version skew policy',
  area: 'upgrade',
  severity: 'error',
  needs: ['pods'],
  extras: ['version'],
  docs: 'https://kubernetes.io/releases/version-skew-policy/#kube-controller-manager-kube-scheduler-and-cloud-controller-manager',
  run(view): CheckResult[] {
    if (!seesKubeSystem(view)) return [];
    const components = controlPlaneVersions(view.pods().filter((p) => p.metadata.namespace === KUBE_SYSTEM));
    const served = semver.coerce(view.snapshot.extras.version?.gitVersion ?? '');
    const apiservers = [...components.filter((c) => c.component === 'kube-apiserver').map((c) => c.version), ...(served ? [served] : [])];
    if (apiservers.length === 0) return [];
    const oldest = apiservers.reduce((a, b) => (semver.lt(a, b) ? a : b));
    const newest = apiservers.reduce((a, b) => (semver.gt(a, b) ? a : b));
    const results: CheckResult[] = [];
    if (newest.major === oldest.major && newest.minor - oldest.minor > 1) {
      const [first] = components.filter((c) => c.component === 'kube-apiserver' && c.version.minor === newest.minor);
      results.push({
        object: first ? refOf(first.pod, 'Pod') : { kind: 'APIServer', name: 'kube-apiserver' },
        message: `kube-apiserver instances are ${newest.minor - oldest.minor} minor versions apart (${oldest.version} to ${newest.version}); HA apiservers may differ by one at most`,
        evidence: components.filter((c) => c.component === 'kube-apiserver').map((c) => `${c.pod.metadata.name}: ${c.image}`),
        remediation: 'Finish the control-plane upgrade: bring every apiserver to the same minor, one minor at a time.',
      });
    }
    for (const c of components.filter((c) => c.component !== 'kube-apiserver' && c.version.major === oldest.major)) {
      const behind = oldest.minor - c.version.minor;
      if (behind >= 0 && behind <= 1) continue;
      const evidence = [`${c.pod.metadata.name}: ${c.image}`, `kube-apiserver: ${apiservers.map((v) => v.version).join(', ')}`];
      results.push({
        object: refOf(c.pod, 'Pod'),
        message:
          behind < 0
            ? `${c.component} ${c.version.version} is newer than kube-apiserver ${oldest.version}: the skew policy forbids it (it may use APIs the apiserver does not serve)`
            : `${c.component} ${c.version.version} is ${behind} minor versions behind kube-apiserver ${oldest.version} (one is allowed)`,
        evidence,
        remediation: behind < 0 ? 'Upgrade every kube-apiserver first, then this component (order: apiserver, controller-manager, scheduler).' : `Upgrade ${c.component} to the apiserver's minor (its static pod manifest on each control-plane node).`,
      });
    }
    return results;
  },
};
