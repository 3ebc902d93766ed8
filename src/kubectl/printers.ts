import type { ApiResource } from '../kube/discovery.js';
import type { KubeEvent, KubeObject, Node, TableColumnDefinition } from '../kube/types.js';
import { age } from '../util/time.js';
import type { Deployment, PersistentVolumeClaim, Service, WidePod } from './objects.js';
import { formatSelector } from './objects.js';
import { podStatus } from './pod-status.js';
import { formatLabels } from './table.js';

/**
 * Client-side printers for the kinds users look at most, with the columns and cell logic of
 * kubectl 1.36's printers (pkg/printers/internalversion), so the output matches `kubectl get`
 * without a Table round trip. Every other kind is printed from the server's Table.
 */
export interface Printer {
  columns: TableColumnDefinition[];
  /** one cell per column, wide ones included */
  cells(object: KubeObject, now: Date): string[];
}

const col = (name: string, priority = 0, format?: string): TableColumnDefinition => ({ name, type: 'string', priority, ...(format ? { format } : {}) });

const NONE = '<none>';

function podCells(object: KubeObject, now: Date): string[] {
  const pod = object as WidePod;
  const { ready, status, restarts } = podStatus(pod, now);
  const gates = pod.spec.readinessGates ?? [];
  const conditions = pod.status?.conditions ?? [];
  const trueGates = gates.filter((gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True').length;
  return [
    pod.metadata.name,
    ready,
    status,
    restarts,
    age(pod.metadata.creationTimestamp, now),
    pod.status?.podIPs?.[0]?.ip || NONE,
    pod.spec.nodeName || NONE,
    pod.status?.nominatedNodeName || NONE,
    gates.length > 0 ? `${trueGates}/${gates.length}` : NONE,
  ];
}

/** Roles from node-role.kubernetes.io/<role> and kubernetes.io/role=<role> labels, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort().join(',') || NONE;
}

/** Ready / NotReady / Unknown, plus SchedulingDisabled for a cordoned node. */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.findLast((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeCells(object: KubeObject, now: Date): string[] {
  const node = object as Node;
  const info = node.status?.nodeInfo ?? {};
  const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? NONE;
  const kernel = (info.kernelVersion || '<unknown>') + (info.architecture ? ` (${info.architecture})` : '');
  return [
    node.metadata.name,
    nodeStatus(node),
    nodeRoles(node),
    age(node.metadata.creationTimestamp, now),
    info.kubeletVersion ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    info.osImage || '<unknown>',
    kernel,
    info.containerRuntimeVersion || '<unknown>',
  ];
}

function deploymentCells(object: KubeObject, now: Date): string[] {
  const deployment = object as Deployment;
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  const status = deployment.status ?? {};
  return [
    deployment.metadata.name,
    `${status.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
    String(status.updatedReplicas ?? 0),
    String(status.availableReplicas ?? 0),
    age(deployment.metadata.creationTimestamp, now),
    containers.map((c) => c.name).join(','),
    containers.map((c) => c.image ?? '').join(','),
    formatSelector(deployment.spec?.selector),
  ];
}

/** kubectl cuts load-balancer addresses at 16 characters outside -o wide. */
const LOAD_BALANCER_WIDTH = 16;

function loadBalancerAddresses(service: Service, wide: boolean): string {
  const addresses = new Set<string>();
  for (const ingress of service.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) addresses.add(ingress.ip);
    else if (ingress.hostname) addresses.add(ingress.hostname);
  }
  const text = [...addresses].sort().join(',');
  return !wide && text.length > LOAD_BALANCER_WIDTH ? `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : text;
}

function externalIP(service: Service, wide: boolean): string {
  const external = service.spec?.externalIPs ?? [];
  switch (service.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : NONE;
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(service, wide);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** 80/TCP,443:30443/TCP */
export function servicePorts(service: Service): string {
  const ports = (service.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return ports.join(',') || NONE;
}

function serviceCells(wide: boolean) {
  return (object: KubeObject, now: Date): string[] => {
    const service = object as Service;
    return [
      service.metadata.name,
      service.spec?.type ?? '',
      service.spec?.clusterIPs?.[0] ?? NONE,
      externalIP(service, wide),
      servicePorts(service),
      age(service.metadata.creationTimestamp, now),
      formatLabels(service.spec?.selector),
    ];
  };
}

/** RWO,ROX,RWX,RWOP in kubectl's fixed order. */
export function accessModes(modes: string[] | undefined): string {
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short.flatMap(([mode, abbreviation]) => (modes?.includes(mode) ? [abbreviation] : [])).join(',');
}

function pvcCells(object: KubeObject, now: Date): string[] {
  const claim = object as PersistentVolumeClaim;
  const bound = Boolean(claim.spec?.volumeName);
  const storageClass = claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claim.spec?.storageClassName ?? '';
  return [
    claim.metadata.name,
    claim.metadata.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? ''),
    claim.spec?.volumeName ?? '',
    bound ? (claim.status?.capacity?.storage ?? '0') : '',
    bound ? accessModes(claim.status?.accessModes) : '',
    storageClass,
    claim.spec?.volumeAttributesClassName ?? '<unset>',
    age(claim.metadata.creationTimestamp, now),
    claim.spec?.volumeMode ?? '<unset>',
  ];
}

/** The time an event was last seen (series, lastTimestamp, then first/event time), as an ISO string. */
export function eventLastSeen(event: KubeEvent): string | undefined {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.firstTimestamp ?? event.eventTime;
}

/** "kind/name" of the object an event is about, lower-cased kind as kubectl prints it. */
export function eventObject(event: KubeEvent): string {
  const kind = (event.involvedObject.kind ?? '').toLowerCase();
  return event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
}

/** component, host (the newer reportingController/reportingInstance when the old fields are empty) */
export function eventSource(event: KubeEvent): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || (event.reportingInstance as string | undefined) || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(object: KubeObject, now: Date): string[] {
  const event = object as KubeEvent;
  const first = age(event.firstTimestamp ?? event.eventTime, now);
  const count = event.series?.count ?? (event.count || 1);
  return [
    age(eventLastSeen(event), now),
    event.type ?? '',
    event.reason ?? '',
    eventObject(event),
    event.involvedObject.fieldPath ?? '',
    eventSource(event),
    (event.message ?? '').trim(),
    first,
    String(count),
    event.metadata.name,
  ];
}

/** The client-side printer of a resource, or undefined when the server's Table is used. */
export function builtinPrinter(resource: Pick<ApiResource, 'group' | 'resource'>, wide: boolean): Printer | undefined {
  switch (`${resource.group}/${resource.resource}`) {
    case '/pods':
      return {
        columns: [col('Name', 0, 'name'), col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
        cells: podCells,
      };
    case '/nodes':
      return {
        columns: [col('Name', 0, 'name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
        cells: nodeCells,
      };
    case 'apps/deployments':
      return {
        columns: [col('Name', 0, 'name'), col('Ready'), col('Up-to-date'), col('Available'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
        cells: deploymentCells,
      };
    case '/services':
      return {
        columns: [col('Name', 0, 'name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
        cells: serviceCells(wide),
      };
    case '/persistentvolumeclaims':
      return {
        columns: [col('Name', 0, 'name'), col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), col('Age'), col('VolumeMode', 1)],
        cells: pvcCells,
      };
    case '/events':
      return {
        columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 1), col('Source', 1), col('Message'), col('First Seen', 1), col('Count', 1), col('Name', 1, 'name')],
        cells: eventCells,
      };
    default:
      return undefined;
  }
}
