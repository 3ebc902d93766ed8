import { usageError } from '../../errors.js';
import type { KubeClient } from '../../kube/client.js';
import { notFound } from '../../kube/client.js';
import type { ApiResource } from '../../kube/discovery.js';
import { ApiError } from '../../kube/http.js';
import { R } from '../../kube/resources.js';
import type { KubeEvent, KubeObject, Node, Pod } from '../../kube/types.js';
import type { Deployment, EndpointSlice, ReplicaSet, Service } from '../objects.js';
import { formatSelector } from '../objects.js';
import { describeDeployment } from './deployment.js';
import { describeGeneric, describeSecret } from './generic.js';
import { describeNode } from './node.js';
import type { Lease } from './node.js';
import { describePod } from './pod.js';
import { describeService } from './service.js';
import { DescribeWriter } from './writer.js';

export interface DescribeRequest {
  /** TYPE NAME... or TYPE/NAME */
  args: string[];
  namespace: string;
  /** leave out the Events section (kubectl --show-events=false) */
  showEvents?: boolean;
  now?: Date;
}

/** Reads something a description adds; when RBAC denies it the description goes on without it. */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return undefined;
    throw error;
  }
}

/** Events about one object: by uid for namespaced objects, by kind and name for cluster-scoped ones (node events carry either uid). */
async function eventsOf(client: KubeClient, resource: ApiResource, object: KubeObject): Promise<KubeEvent[] | undefined> {
  const { name, namespace, uid } = object.metadata;
  const fieldSelector = resource.namespaced
    ? `involvedObject.name=${name},involvedObject.namespace=${namespace ?? ''}${uid ? `,involvedObject.uid=${uid}` : ''}`
    : `involvedObject.name=${name},involvedObject.kind=${resource.kind}`;
  return optional(() => client.list<KubeEvent>(R.events, { namespace: resource.namespaced ? namespace : undefined, fieldSelector }));
}

/** One object's description; fetches what its kind's describer needs besides the object. */
async function describeOne(client: KubeClient, resource: ApiResource, name: string, namespace: string | undefined, showEvents: boolean, now: Date): Promise<string> {
  const object = await client.find<KubeObject>(resource, name, namespace);
  if (!object) throw notFound(resource.resource, name, namespace);
  const secret = resource.group === '' && resource.resource === 'secrets';
  const events = showEvents && !secret ? await eventsOf(client, resource, object) : undefined;
  const w = new DescribeWriter();
  switch (`${resource.group}/${resource.resource}`) {
    case '/pods':
      describePod(w, object as Pod, events, now);
      break;
    case '/nodes': {
      const pods = await optional(() => client.list<Pod>(R.pods, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` }));
      const lease = await optional(() => client.find<Lease>(R.leases, name, 'kube-node-lease'));
      describeNode(w, object as Node, pods, lease, events, now);
      break;
    }
    case 'apps/deployments': {
      const deployment = object as Deployment;
      const selector = formatSelector(deployment.spec?.selector);
      const replicaSets = (await optional(() => client.list<ReplicaSet>(R.replicasets, { namespace, labelSelector: selector || undefined }))) ?? [];
      describeDeployment(w, deployment, replicaSets, events, now);
      break;
    }
    case '/services': {
      const slices = (await optional(() => client.list<EndpointSlice>(R.endpointslices, { namespace, labelSelector: `kubernetes.io/service-name=${name}` }))) ?? [];
      describeService(w, object as Service, slices, events, now);
      break;
    }
    case '/secrets':
      describeSecret(w, object);
      break;
    default:
      describeGeneric(w, { apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind, ...object }, events, now);
  }
  return w.toString();
}

/** `k8sdoc describe TYPE NAME...` (or TYPE/NAME): each object's key fields, conditions and events. */
export async function runDescribe(client: KubeClient, request: DescribeRequest): Promise<string> {
  const [first, ...rest] = request.args;
  if (!first) throw usageError('describe needs a type and a name', 'for example `k8sdoc describe pod web-1` or `k8sdoc describe node/node-1`');
  const [type, inlineName, extra] = first.split('/');
  if (!type || extra !== undefined || inlineName === '') throw usageError(`"${first}" is neither TYPE nor TYPE/NAME`, 'for example `k8sdoc describe pod web-1`');
  const names = inlineName === undefined ? rest : [inlineName, ...rest];
  if (names.length === 0) throw usageError(`which ${type}? describe needs a name`, `for example \`k8sdoc describe ${type} NAME\`; \`k8sdoc get ${type}\` lists them`);
  const resource = await client.resolveResource(type);
  const namespace = resource.namespaced ? request.namespace : undefined;
  const now = request.now ?? new Date();
  const descriptions: string[] = [];
  for (const name of names) descriptions.push(await describeOne(client, resource, name, namespace, request.showEvents ?? true, now));
  return descriptions.join('\n\n');
}
