import type { KubeEvent } from '../../kube/types.js';
import type { EndpointSlice, Service } from '../objects.js';
import { formatLabels } from '../table.js';
import type { DescribeWriter } from './writer.js';

/** kubectl shows the first three endpoints of a port and counts the rest. */
const SHOWN_ENDPOINTS = 3;

/** The ready addresses serving one service port, from the service's EndpointSlices. */
function endpointsFor(slices: EndpointSlice[], portName: string | undefined): string {
  const addresses: string[] = [];
  for (const slice of slices) {
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === (portName ?? ''));
    if (!port) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses) addresses.push(`${address}:${port.port ?? ''}`);
    }
  }
  if (addresses.length === 0) return '<none>';
  const more = addresses.length - SHOWN_ENDPOINTS;
  return addresses.slice(0, SHOWN_ENDPOINTS).join(',') + (more > 0 ? ` + ${more} more...` : '');
}

/** kubectl describe service: selector, type, IPs, each port with its target and ready endpoints. */
export function describeService(w: DescribeWriter, service: Service, slices: EndpointSlice[], events: KubeEvent[] | undefined, now: Date): void {
  const spec = service.spec ?? {};
  const extra = spec as { ipFamilyPolicy?: string; ipFamilies?: string[]; loadBalancerIP?: string; externalTrafficPolicy?: string; internalTrafficPolicy?: string };
  w.metadata(service);
  w.field(0, 'Selector', Object.keys(spec.selector ?? {}).length > 0 ? formatLabels(spec.selector) : undefined);
  w.field(0, 'Type', spec.type ?? '');
  if (extra.ipFamilyPolicy) w.field(0, 'IP Family Policy', extra.ipFamilyPolicy);
  if (extra.ipFamilies?.length) w.field(0, 'IP Families', extra.ipFamilies.join(','));
  w.field(0, 'IP', spec.clusterIP);
  if (spec.clusterIPs?.length) w.field(0, 'IPs', spec.clusterIPs.join(','));
  if (spec.externalIPs?.length) w.field(0, 'External IPs', spec.externalIPs.join(','));
  const ingress = (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  if (ingress.length) w.field(0, 'LoadBalancer Ingress', ingress.join(', '));
  if (spec.type === 'ExternalName') w.field(0, 'External Name', spec.externalName);
  for (const port of spec.ports ?? []) {
    w.field(0, 'Port', `${port.name || '<unset>'}  ${port.port}/${port.protocol ?? 'TCP'}`);
    w.field(0, 'TargetPort', `${port.targetPort ?? port.port}/${port.protocol ?? 'TCP'}`);
    if (port.nodePort) w.field(0, 'NodePort', `${port.name || '<unset>'}  ${port.nodePort}/${port.protocol ?? 'TCP'}`);
    w.line(0, `Endpoints:\t${endpointsFor(slices, port.name)}`);
  }
  w.field(0, 'Session Affinity', spec.sessionAffinity ?? 'None');
  if (extra.externalTrafficPolicy) w.field(0, 'External Traffic Policy', extra.externalTrafficPolicy);
  if (extra.internalTrafficPolicy) w.field(0, 'Internal Traffic Policy', extra.internalTrafficPolicy);
  w.events(events, now);
}
