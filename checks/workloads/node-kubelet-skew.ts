import semver from 'semver';
import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';

/** Since 1.28 a kubelet may be up to three minor versions older than the API server. */
const MAX_KUBELET_LAG = 3;

export const nodeKubeletSkew: Check = {
  id: 'node-kubelet-skew',
  title: 'Kubelet versions outside the skew policy',
  area: 'nodes',
  severity: 'error',
  needs: ['nodes'],
  extras: ['version'],
  docs: 'https://kubernetes.io/releases/version-skew-policy/#kubelet',
  run(view) {
    const apiVersion = semver.coerce(view.snapshot.extras.version?.gitVersion ?? '');
    if (!apiVersion) return [];
    return view.nodes().flatMap((node) => {
      const kubeletText = node.status?.nodeInfo?.kubeletVersion ?? '';
      // kwok and some appliances report a non-version here
      const kubelet = semver.coerce(kubeletText);
      if (!kubelet || kubelet.major !== apiVersion.major) return [];
      const lag = apiVersion.minor - kubelet.minor;
      if (lag === 0) return [];
      const evidence = [`kubelet ${kubeletText}, API server ${view.snapshot.extras.version?.gitVersion ?? ''}`];
      if (lag < 0) {
        return [{ object: refOf(node, 'Node'), message: `kubelet ${kubeletText} is newer than the API server: the skew policy forbids it`, evidence, remediation: 'Upgrade the control plane first (one minor at a time), or downgrade the kubelet on this node to the API server version.' }];
      }
      if (lag > MAX_KUBELET_LAG) {
        return [{ object: refOf(node, 'Node'), message: `kubelet ${kubeletText} is ${lag} minor versions behind the API server (at most ${MAX_KUBELET_LAG} are supported)`, evidence, remediation: 'Upgrade the kubelet on this node (drain, upgrade, uncordon) before the next control-plane upgrade.' }];
      }
      return [
        {
          object: refOf(node, 'Node'),
          severity: 'info' as const,
          message: `kubelet ${kubeletText} is ${lag} minor version${lag > 1 ? 's' : ''} behind the API server (within the policy)`,
          evidence,
          remediation: `Plan the kubelet upgrade: at ${MAX_KUBELET_LAG} minors behind the next control-plane upgrade would break the policy.`,
        },
      ];
    });
  },
};
