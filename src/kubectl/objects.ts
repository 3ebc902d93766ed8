import type { Condition, KubeObject, Pod, PodSpec, PodStatus, ResourceList } from '../kube/types.js';
import { formatRequirement } from '../workload/selectors.js';
import type { LabelSelector } from '../workload/selectors.js';

/* The wire fields the kubectl-like printers read beyond what src/kube/types.ts types. */

export type WidePod = Pod & {
  spec: PodSpec & { readinessGates?: { conditionType: string }[]; priorityClassName?: string };
  status?: PodStatus & { podIPs?: { ip: string }[] };
};

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    minReadySeconds?: number;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

export interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
    sessionAffinity?: string;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
    accessModes?: string[];
    resources?: { requests?: ResourceList };
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: ResourceList };
}

/**
 * A label selector as kubectl prints it (labels.Selector.String()): requirements sorted by key.
 * The same text is a valid labelSelector query, so LISTs by selector use it too.
 */
export function formatSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  // kubectl sorts requirements by key and the values of each
  const requirements = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` })),
    ...(selector.matchExpressions ?? []).map((r) => ({ key: r.key, text: formatRequirement({ ...r, values: [...(r.values ?? [])].sort() }) })),
  ];
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}
