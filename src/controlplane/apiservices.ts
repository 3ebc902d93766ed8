import type { Condition, KubeObject } from '../kube/types.js';

export interface ApiService extends KubeObject {
  spec?: {
    group?: string;
    version?: string;
    /** null for the APIs the apiserver serves itself */
    service?: { namespace?: string; name?: string; port?: number } | null;
    caBundle?: string;
    insecureSkipTLSVerify?: boolean;
  };
  status?: { conditions?: Condition[] };
}

/** The Available condition when it is not True. */
export function unavailableCondition(apiService: ApiService): Condition | undefined {
  const available = apiService.status?.conditions?.find((c) => c.type === 'Available');
  return available && available.status !== 'True' ? available : undefined;
}

/** `metrics.k8s.io/v1beta1` → the APIService name `v1beta1.metrics.k8s.io`. */
export function apiServiceName(groupVersion: string): string {
  const [group, version] = groupVersion.split('/');
  return `${version}.${group}`;
}

/** The group/versions a discovery failure message names: `metrics.k8s.io/v1beta1: stale GroupVersion discovery`. */
export function failingGroupVersions(message: string): string[] {
  return [...new Set([...message.matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/(v\d+(?:(?:alpha|beta)\d+)?)\b/g)].map((m) => `${m[1]}/${m[2]}`))];
}
