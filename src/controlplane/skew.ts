import semver from 'semver';
import type { SemVer } from 'semver';
import type { Pod } from '../kube/types.js';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

/** The version in an image tag: `registry.k8s.io/kube-scheduler:v1.31.4` → 1.31.4; none for a bare digest. */
export function imageVersion(image: string | undefined): SemVer | undefined {
  const tag = /:([^:/@]+)(@.*)?$/.exec(image ?? '')?.[1];
  return (tag && semver.coerce(tag)) || undefined;
}

export interface ComponentVersion {
  component: ControlPlaneComponent;
  pod: Pod;
  version: SemVer;
  image: string;
}

/**
 * Versions of the control-plane static pods (kubeadm labels them component=<name>), read from
 * their images: the only place a client can see the controller-manager's and scheduler's version.
 */
export function controlPlaneVersions(pods: readonly Pod[]): ComponentVersion[] {
  return pods.flatMap((pod) => {
    const component = CONTROL_PLANE_COMPONENTS.find((c) => c === pod.metadata.labels?.component);
    if (!component) return [];
    const container = pod.spec.containers.find((c) => c.name === component) ?? pod.spec.containers[0];
    const version = imageVersion(container?.image);
    return version && container?.image ? [{ component, pod, version, image: container.image }] : [];
  });
}
