import type { SnapshotView } from '../engine/view.js';
import type { KubeObject, Pod } from '../kube/types.js';
import { podsInNamespace } from './pods.js';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface Service extends KubeObject {
  spec?: { type?: string; selector?: Record<string, string>; ports?: ServicePort[]; clusterIP?: string; externalName?: string };
}

export interface Endpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  targetRef?: { kind?: string; name?: string };
}

export interface EndpointSlice extends KubeObject {
  endpoints?: Endpoint[] | null;
  ports?: { name?: string; port?: number; protocol?: string }[];
}

/** Services whose endpoints come from a pod selector; ExternalName and selector-less ones manage their own. */
export function selectsPods(service: Service): service is Service & { spec: { selector: Record<string, string> } } {
  return service.spec?.type !== 'ExternalName' && Object.keys(service.spec?.selector ?? {}).length > 0;
}

/** The pods a Service's selector matches (terminal pods excluded: they never serve). */
export function selectedPods(view: SnapshotView, service: Service): Pod[] {
  const entries = Object.entries(service.spec?.selector ?? {});
  return podsInNamespace(view, service.metadata.namespace).filter(
    (pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && entries.every(([k, v]) => pod.metadata.labels?.[k] === v),
  );
}

/** Whether a pod declares the port a Service port targets (by name, or by number). */
export function podExposes(pod: Pod, port: ServicePort): boolean {
  const target = port.targetPort ?? port.port;
  const protocol = port.protocol ?? 'TCP';
  return pod.spec.containers.some((c) =>
    (c.ports ?? []).some((p) => (p.protocol ?? 'TCP') === protocol && (typeof target === 'string' ? p.name === target : p.containerPort === target)),
  );
}

const sliceIndex = new WeakMap<SnapshotView, Map<string, EndpointSlice[]>>();

/** EndpointSlices of a Service (label kubernetes.io/service-name), indexed once per snapshot. */
export function endpointSlicesOf(view: SnapshotView, service: Service): EndpointSlice[] {
  let index = sliceIndex.get(view);
  if (!index) {
    index = new Map();
    for (const slice of view.list<EndpointSlice>('endpointslices')) {
      const name = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!name) continue;
      const k = `${slice.metadata.namespace ?? ''}/${name}`;
      const list = index.get(k);
      if (list) list.push(slice);
      else index.set(k, [slice]);
    }
    sliceIndex.set(view, index);
  }
  return index.get(`${service.metadata.namespace ?? ''}/${service.metadata.name}`) ?? [];
}

export interface ServiceEndpoints {
  slices: number;
  endpoints: Endpoint[];
  ready: Endpoint[];
}

/** A Service's endpoints from its EndpointSlices, the ground truth of where traffic can go. */
export function serviceEndpoints(view: SnapshotView, service: Service): ServiceEndpoints {
  const slices = endpointSlicesOf(view, service);
  const endpoints = slices.flatMap((slice) => slice.endpoints ?? []);
  // a nil ready condition means ready (EndpointConditions API)
  return { slices: slices.length, endpoints, ready: endpoints.filter((e) => e.conditions?.ready !== false) };
}
