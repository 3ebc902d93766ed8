import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageOf } from '../errors.js';
import { interruptible } from '../etcd/interrupt.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { Node, Pod } from '../kube/types.js';
import { parseProbeLog, probeScript } from './nslookup.js';
import type { DnsProbe, LookupExpectation } from './probe.js';

/** A small image with busybox's nslookup, from the registry the Kubernetes e2e tests use. */
export const DEFAULT_PROBE_IMAGE = 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1';

export const PROBE_LABELS = { 'app.kubernetes.io/name': 'k8sdoc-dns-probe', 'app.kubernetes.io/managed-by': 'k8sdoc' };

/** kwok marks the nodes it fakes; containers never run there. */
const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

const DEFAULT_POLL_MS = 1000;

export type ProbeClient = Pick<KubeClient, 'create' | 'get' | 'find' | 'delete' | 'text' | 'path'>;

export interface PodProbeOptions {
  namespace: string;
  image: string;
  /** how long the pod may take to finish, scheduling and image pull included */
  timeoutMs: number;
  /** how often the pod's phase is read */
  pollMs?: number;
  onProgress?: (message: string) => void;
}

/** Named by k8sdoc rather than generateName, so the pod can be deleted even when the create answer is lost. */
export function probePodName(): string {
  return `k8sdoc-dns-probe-${randomBytes(4).toString('hex')}`;
}

export function probePodManifest(name: string, namespace: string, image: string, expectations: readonly LookupExpectation[], timeoutMs: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { ...PROBE_LABELS } },
    spec: {
      restartPolicy: 'Never',
      // if k8sdoc is killed before it can delete the pod, the kubelet still stops it
      activeDeadlineSeconds: Math.ceil(timeoutMs / 1000) + 60,
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'probe',
          image,
          command: ['sh', '-c', probeScript(expectations)],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
        },
      ],
    } as Pod['spec'],
  };
}

function waitingReason(pod: Pod): string | undefined {
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting;
  if (waiting?.reason) return `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return unscheduled ? `${unscheduled.reason ?? 'Unschedulable'}: ${unscheduled.message ?? ''}` : undefined;
}

async function isFakeNode(client: ProbeClient, name: string): Promise<boolean> {
  try {
    const node = await client.get<Node>(R.nodes, name);
    return node.metadata.annotations?.[KWOK_NODE_ANNOTATION] !== undefined;
  } catch {
    return false;
  }
}

/**
 * The live-cluster probe: a short-lived pod runs nslookup for each name, k8sdoc reads its log
 * and always deletes it (on success, failure, timeout and Ctrl-C).
 */
export async function podProbe(client: ProbeClient, expectations: readonly LookupExpectation[], options: PodProbeOptions): Promise<DnsProbe> {
  const name = probePodName();
  const manifest = probePodManifest(name, options.namespace, options.image, expectations, options.timeoutMs);
  const result: DnsProbe = { method: 'pod', server: 'the cluster DNS (from the pod)', lookups: [], pod: { namespace: options.namespace, name, image: options.image, deleted: false } };
  // an API error answering the create means there is no pod of ours; a lost answer may hide one
  let mayExist = true;
  const deletePod = async (): Promise<void> => {
    if (!mayExist) return;
    try {
      await client.delete(R.pods, name, options.namespace, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
      options.onProgress?.(`deleted probe pod ${options.namespace}/${name}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        options.onProgress?.(`could not delete probe pod ${options.namespace}/${name}: ${messageOf(error)}; delete it with \`kubectl delete pod -n ${options.namespace} ${name}\``);
        return;
      }
    }
    if (result.pod) result.pod.deleted = true;
  };
  // Ctrl-C aborts the wait; the pod is deleted on every way out, then the run ends with 130
  return interruptible(async (signal) => {
    let pod = await client.create<Pod>(R.pods, manifest, options.namespace).catch((error: unknown) => {
      if (error instanceof ApiError) mayExist = false;
      throw error;
    });
    options.onProgress?.(`created probe pod ${options.namespace}/${name}`);
    const deadline = Date.now() + options.timeoutMs;
    const finished = (): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    // once the pod is bound, a kwok node tells at once that the container will never run
    let fake: boolean | undefined;
    const onFakeNode = async (): Promise<boolean> => {
      if (fake === undefined && pod.spec.nodeName) fake = await isFakeNode(client, pod.spec.nodeName);
      return fake === true;
    };
    while (!finished() && Date.now() < deadline && !(await onFakeNode())) {
      await sleep(options.pollMs ?? DEFAULT_POLL_MS, undefined, { signal });
      pod = await client.get<Pod>(R.pods, name, options.namespace);
    }
    if (result.pod) {
      result.pod.phase = pod.status?.phase ?? 'Pending';
      if (pod.spec.nodeName) result.pod.node = pod.spec.nodeName;
    }
    if (await onFakeNode()) {
      result.inconclusive = `the probe pod was placed on ${pod.spec.nodeName}, a kwok fake node where containers do not run: query CoreDNS directly with --server instead`;
      return result;
    }
    if (!finished()) {
      const why = waitingReason(pod);
      result.inconclusive = `the probe pod did not finish within ${Math.round(options.timeoutMs / 1000)}s (phase ${pod.status?.phase ?? 'Pending'}${why ? `, ${why}` : ''})${why?.includes('Image') ? '; pass --probe-image with an image your nodes can pull' : ''}`;
      return result;
    }
    let log: string;
    try {
      log = await client.text({ path: client.path(R.pods, { namespace: options.namespace, name, subresource: 'log' }), what: `read the log of probe pod ${name}` });
    } catch (error) {
      result.inconclusive = `cannot read the probe pod's log: ${messageOf(error)}`;
      return result;
    }
    result.lookups = parseProbeLog(log, expectations);
    if (result.lookups.every((l) => l.failure === 'error' && /not found/i.test(l.detail ?? ''))) {
      result.inconclusive = `the probe image ${options.image} has no nslookup: pass --probe-image with one that does (busybox)`;
      result.lookups = [];
    }
    return result;
  }, deletePod);
}
