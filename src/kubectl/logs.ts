import { K8sdocError, usageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { notFound } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { Pod } from '../kube/types.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface LogsRequest {
  /** POD or pod/POD */
  pod: string;
  namespace: string;
  container?: string | undefined;
  previous?: boolean | undefined;
  /** last N lines only */
  tail?: number | undefined;
  follow?: boolean | undefined;
  timestamps?: boolean | undefined;
  sinceSeconds?: number | undefined;
}

function containerList(pod: Pod): string {
  const init = (pod.spec.initContainers ?? []).map((c) => c.name);
  const ephemeral = ((pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? []).map((c) => c.name);
  return [pod.spec.containers.map((c) => c.name).join(', '), init.length ? `init containers: ${init.join(', ')}` : '', ephemeral.length ? `ephemeral containers: ${ephemeral.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/**
 * The container whose log to read, as kubectl picks it: -c, else the
 * kubectl.kubernetes.io/default-container annotation, else the only container. A pod with
 * several containers and no default is an error that names them, rather than a guess.
 */
export function pickContainer(pod: Pod, requested: string | undefined): string {
  const names = [
    ...pod.spec.containers,
    ...(pod.spec.initContainers ?? []),
    ...((pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? []),
  ].map((c) => c.name);
  if (requested !== undefined) {
    if (!names.includes(requested)) throw usageError(`pod ${pod.metadata.name} has no container "${requested}"`, `its containers: ${containerList(pod)}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && names.includes(annotated)) return annotated;
  const [only, ...others] = pod.spec.containers;
  if (only && others.length === 0) return only.name;
  throw usageError(`pod ${pod.metadata.name} has several containers; choose one with -c`, `its containers: ${containerList(pod)}`);
}

function podName(input: string): string {
  const [type, name, extra] = input.split('/');
  if (name === undefined) return input;
  if (extra !== undefined || !name || !['pod', 'pods', 'po'].includes((type ?? '').toLowerCase())) {
    throw usageError(`cannot read logs of "${input}"`, 'name a pod: POD or pod/POD');
  }
  return name;
}

/** Streams a container's log to `write`; with follow it runs until the stream ends (or Ctrl-C). */
export async function streamLogs(client: KubeClient, request: LogsRequest, write: (chunk: Buffer) => Promise<void> | void): Promise<void> {
  const name = podName(request.pod);
  const pod = await client.find<Pod>(R.pods, name, request.namespace);
  if (!pod) throw notFound('pod', name, request.namespace);
  const container = pickContainer(pod, request.container);
  let stream;
  try {
    stream = await client.stream({
      path: client.path(R.pods, { namespace: request.namespace, name, subresource: 'log' }),
      query: {
        container,
        previous: request.previous || undefined,
        tailLines: request.tail !== undefined && request.tail >= 0 ? request.tail : undefined,
        follow: request.follow || undefined,
        timestamps: request.timestamps || undefined,
        sinceSeconds: request.sinceSeconds,
      },
      accept: '*/*',
      ...(request.follow ? { timeoutMs: 0 } : {}),
      what: `read the log of ${name}/${container}`,
    });
  } catch (error) {
    // the kubelet answers 400 for a container that has not started or has no previous instance
    if (error instanceof ApiError && error.status === 400) {
      throw new K8sdocError('logs-unavailable', `no log for container ${container} of pod ${name}: ${error.message.replace(/^.*?: /, '')}`, {
        exit: 'precondition',
        hint: request.previous ? 'the container has not restarted yet; drop --previous' : 'wait until the container has started (`k8sdoc describe pod` shows its state)',
        cause: error,
      });
    }
    // the pod exists, so a 404 comes from its node: no kubelet log endpoint (a fake node) or it is gone
    if (error instanceof ApiError && error.status === 404) {
      throw new K8sdocError('logs-unavailable', `node ${pod.spec.nodeName ?? '<none>'} of pod ${name} does not serve container logs`, {
        exit: 'precondition',
        hint: 'the kubelet is not reachable through the API server (or the node is simulated, e.g. by kwok); read the log on the node',
        cause: error,
      });
    }
    throw error;
  }
  for await (const chunk of stream) await write(chunk as Buffer);
}
