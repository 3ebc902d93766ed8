import type { KubeEvent, KubeObject, Node, Pod, ResourceList } from '../../kube/types.js';
import { age } from '../../util/time.js';
import { formatQuantity } from '../../workload/quantity.js';
import { amountsOf, podRequests } from '../../workload/requests.js';
import type { Amounts } from '../../workload/requests.js';
import { formatTaint } from '../../workload/tolerations.js';
import { nodeRoles } from '../printers.js';
import type { DescribeWriter } from './writer.js';
import { rfc1123z } from './writer.js';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

/** Limits of the app containers and native sidecars, which run side by side. */
function podLimits(pod: Pod): Amounts {
  const total: Amounts = {};
  const running = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const container of running) {
    for (const [name, value] of Object.entries(amountsOf(container.resources?.limits))) total[name] = (total[name] ?? 0) + value;
  }
  return total;
}

/** "250m (6%)" of an amount against what the node can allocate, as kubectl describe node prints it. */
function share(resource: string, amount: number | undefined, allocatable: Amounts): string {
  const value = amount ?? 0;
  const of = allocatable[resource] ?? 0;
  const percent = of > 0 ? Math.trunc((value / of) * 100) : 0;
  return `${formatQuantity(resource, value)} (${percent}%)`;
}

function resourceLines(w: DescribeWriter, title: string, list: ResourceList | undefined): void {
  const names = Object.keys(list ?? {}).sort();
  if (names.length === 0) return;
  w.line(0, `${title}:`);
  for (const name of names) w.line(1, `${name}:\t${list?.[name] ?? ''}`);
}

/**
 * kubectl describe node: roles, labels, taints, unschedulable, the kubelet's lease,
 * conditions, capacity and allocatable, the non-terminated pods with their requests and
 * limits, and the allocated totals. `pods` is undefined when the user may not list pods.
 */
export function describeNode(w: DescribeWriter, node: Node, pods: Pod[] | undefined, lease: Lease | undefined, events: KubeEvent[] | undefined, now: Date): void {
  const status = node.status ?? {};
  w.field(0, 'Name', node.metadata.name);
  w.field(0, 'Roles', nodeRoles(node));
  w.map(0, 'Labels', node.metadata.labels);
  w.annotations(0, node.metadata.annotations);
  w.field(0, 'CreationTimestamp', rfc1123z(node.metadata.creationTimestamp));
  const taints = [...(node.spec?.taints ?? [])].sort((a, b) => `${a.effect},${a.key}`.localeCompare(`${b.effect},${b.key}`));
  w.list(0, 'Taints', taints.map(formatTaint));
  w.field(0, 'Unschedulable', Boolean(node.spec?.unschedulable));
  if (lease) {
    w.line(0, 'Lease:');
    w.line(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}`);
    w.line(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}`);
    w.line(1, `RenewTime:\t${lease.spec?.renewTime ? `${rfc1123z(lease.spec.renewTime)} (${age(lease.spec.renewTime, now)} ago)` : '<unset>'}`);
  }
  if (status.conditions?.length) {
    w.table(
      0,
      'Conditions',
      ['Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message'],
      status.conditions.map((c) => [c.type, c.status, rfc1123z(c.lastHeartbeatTime), rfc1123z(c.lastTransitionTime), c.reason ?? '', c.message ?? '']),
    );
  }
  w.line(0, 'Addresses:');
  for (const address of status.addresses ?? []) w.line(1, `${address.type}:\t${address.address}`);
  resourceLines(w, 'Capacity', status.capacity);
  resourceLines(w, 'Allocatable', status.allocatable);
  const info = status.nodeInfo ?? {};
  w.line(0, 'System Info:');
  w.line(1, `Kernel Version:\t${info.kernelVersion ?? ''}`);
  w.line(1, `OS Image:\t${info.osImage ?? ''}`);
  w.line(1, `Operating System:\t${info.operatingSystem ?? ''}`);
  w.line(1, `Architecture:\t${info.architecture ?? ''}`);
  w.line(1, `Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}`);
  w.line(1, `Kubelet Version:\t${info.kubeletVersion ?? ''}`);
  if (node.spec?.podCIDR) w.field(0, 'PodCIDR', node.spec.podCIDR);
  if (node.spec?.providerID) w.field(0, 'ProviderID', node.spec.providerID);
  if (pods === undefined) {
    w.field(0, 'Non-terminated Pods', 'not authorized');
  } else {
    const allocatable = amountsOf(Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : status.capacity);
    w.line(0, `Non-terminated Pods:\t(${pods.length} in total)`);
    w.line(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
    w.line(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
    const requested: Amounts = {};
    const limited: Amounts = {};
    for (const pod of pods) {
      const requests = podRequests(pod);
      const limits = podLimits(pod);
      for (const [name, value] of Object.entries(requests)) requested[name] = (requested[name] ?? 0) + value;
      for (const [name, value] of Object.entries(limits)) limited[name] = (limited[name] ?? 0) + value;
      w.line(
        1,
        [
          pod.metadata.namespace ?? '',
          pod.metadata.name,
          '',
          share('cpu', requests.cpu, allocatable),
          share('cpu', limits.cpu, allocatable),
          share('memory', requests.memory, allocatable),
          share('memory', limits.memory, allocatable),
          age(pod.metadata.creationTimestamp, now),
        ].join('\t'),
      );
    }
    w.line(0, 'Allocated resources:');
    w.line(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
    w.line(1, 'Resource\tRequests\tLimits');
    w.line(1, '--------\t--------\t------');
    for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
      w.line(1, `${resource}\t${share(resource, requested[resource], allocatable)}\t${share(resource, limited[resource], allocatable)}`);
    }
  }
  w.events(events, now);
}
