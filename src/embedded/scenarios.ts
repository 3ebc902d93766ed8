import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { K8sdocError } from '../errors.js';
import { KubeClient } from '../kube/client.js';
import type { ResourceRef } from '../kube/client.js';
import { resolveKubeConfig } from '../kube/config.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { Condition, KubeEvent, KubeObject, Node, Pod } from '../kube/types.js';
import { applyAll } from './addons.js';
import { readState, restartComponent, restartDead } from './cluster.js';
import type { ClusterState } from './cluster.js';
import { hostCorefile } from './components.js';
import { MANAGED_ANNOTATION, MESSAGE_ANNOTATION, PRESSURE_ANNOTATION, fakeNode } from './kwok.js';
import { SCENARIO_LABEL, configMap, container, cronJob, daemonSet, deployment, job, namespace, pod, pvc, service, statefulSet } from './objects.js';
import type { Applied } from './objects.js';
import { clusterPaths } from './paths.js';
import type { ClusterPaths } from './paths.js';
import { issueApiserverCert } from './pki.js';
import { SERVICE_IP } from './components.js';
import { KUBERNETES_VERSION } from './versions.js';

export interface ScenarioContext {
  client: KubeClient;
  cluster: string;
  paths: ClusterPaths;
  state: ClusterState;
}

export interface Scenario {
  name: string;
  /** what the scenario breaks, in one line */
  description: string;
  /** what `k8sdoc diagnose` should say about it */
  expect: string;
  /** the namespace it owns (deleted on reset), when it has one */
  namespace?: string;
  objects: () => Applied[];
  /** side effects beyond objects: extra nodes, files, restarted processes */
  setup?: (ctx: ScenarioContext) => Promise<void>;
  /** true once the API shows the state the failure produces */
  settled: (ctx: ScenarioContext) => Promise<boolean>;
  /** undoes setup */
  teardown?: (ctx: ScenarioContext) => Promise<void>;
}

const ADMISSION_REF: ResourceRef = R.validatingwebhookconfigurations;

async function podsIn(ctx: ScenarioContext, ns: string): Promise<Pod[]> {
  return ctx.client.list<Pod>(R.pods, { namespace: ns });
}

async function eventsIn(ctx: ScenarioContext, ns: string): Promise<KubeEvent[]> {
  return ctx.client.list<KubeEvent>(R.events, { namespace: ns });
}

const condition = (object: { status?: unknown }, type: string): Condition | undefined =>
  ((object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);

/** Pods of the namespace all show `predicate` (and there is at least one). */
async function allPods(ctx: ScenarioContext, ns: string, predicate: (pod: Pod) => boolean): Promise<boolean> {
  const pods = await podsIn(ctx, ns);
  return pods.length > 0 && pods.every(predicate);
}

async function hasEvent(ctx: ScenarioContext, ns: string, reason: string): Promise<boolean> {
  return (await eventsIn(ctx, ns)).some((e) => e.reason === reason);
}

const waiting = (pod: Pod): string | undefined => pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;

function extraNode(name: string, scenario: string, patch: (node: KubeObject) => void = () => undefined): Applied {
  const node = fakeNode({ name, zone: 'zone-a', kubeletVersion: KUBERNETES_VERSION, cpu: '4', memory: '16Gi', pods: '110', labels: { [SCENARIO_LABEL]: scenario } });
  patch(node);
  return [R.nodes, node];
}

async function nodeReady(ctx: ScenarioContext, name: string): Promise<string | undefined> {
  const node = await ctx.client.find<Node>(R.nodes, name);
  return node ? condition(node, 'Ready')?.status : undefined;
}

/**
 * Posts the event a kubelet writes about each pod of a namespace (kwok's stage events carry
 * fixed text, and these messages must name the image or volume of each pod).
 */
async function kubeletEvents(ctx: ScenarioContext, ns: string, type: 'Warning' | 'Normal', reason: string, message: (pod: Pod) => string): Promise<void> {
  let list: Pod[] = [];
  for (let i = 0; i < 120; i++) {
    list = (await podsIn(ctx, ns)).filter((p) => p.spec.nodeName && p.status?.podIP);
    if (list.length) break;
    await sleep(250);
  }
  const now = new Date().toISOString();
  for (const p of list) {
    const container = p.spec.containers[0]?.name ?? '';
    await ctx.client.create(R.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${p.metadata.name}.${reason.toLowerCase()}`, namespace: ns },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid, fieldPath: `spec.containers{${container}}` },
      type,
      reason,
      message: message(p),
      count: 4,
      firstTimestamp: p.metadata.creationTimestamp ?? now,
      lastTimestamp: now,
      source: { component: 'kubelet', host: p.spec.nodeName },
      reportingComponent: 'kubelet',
      reportingInstance: p.spec.nodeName,
    }, ns);
  }
}

const annotatedMessage = (p: Pod): string => p.metadata.annotations?.[MESSAGE_ANNOTATION] ?? '';
const pullFailure = (p: Pod): string => `Failed to pull image "${p.spec.containers[0]?.image ?? ''}": ${annotatedMessage(p)}`;

async function createNode(ctx: ScenarioContext, [ref, node]: Applied): Promise<void> {
  await ctx.client.create(ref, node).catch((error: unknown) => {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
  });
}

const pending = (name: string, description: string, expect: string, podSpec: Record<string, unknown>, extra: Applied[] = []): Scenario => ({
  name,
  description,
  expect,
  namespace: name,
  objects: () => [namespace(name, name), ...extra, deployment('web', name, { podSpec })],
  settled: async (ctx) => hasEvent(ctx, name, 'FailedScheduling'),
});

export const SCENARIOS: readonly Scenario[] = [
  pending('pending-insufficient-cpu', 'a Deployment whose pod asks for more CPU than any node has free', 'pod-unschedulable: Insufficient cpu, with the request and the best node\'s free CPU', {
    containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2', resources: { requests: { cpu: '6', memory: '256Mi' } } }],
  }),
  pending('pending-insufficient-memory', 'a Deployment whose pod asks for more memory than any node has', 'pod-unschedulable: Insufficient memory', {
    containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2', resources: { requests: { cpu: '100m', memory: '64Gi' } } }],
  }),
  {
    name: 'pending-taint',
    description: 'a pod that must run on the GPU pool, whose only node is tainted and not tolerated',
    expect: 'pod-unschedulable: the untolerated taint dedicated=gpu:NoSchedule, read from the node (1.36 no longer names it in the message)',
    namespace: 'pending-taint',
    objects: () => [namespace('pending-taint', 'pending-taint'), deployment('trainer', 'pending-taint', { podSpec: { nodeSelector: { pool: 'gpu' } } })],
    setup: async (ctx) =>
      createNode(
        ctx,
        extraNode('kwok-gpu-0', 'pending-taint', (n) => {
          (n.metadata.labels ??= {}).pool = 'gpu';
          (n.spec as { taints: unknown[] }).taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
        }),
      ),
    settled: async (ctx) => (await eventsIn(ctx, 'pending-taint')).some((e) => e.reason === 'FailedScheduling' && /untolerated taint/.test(e.message ?? '')),
    teardown: async (ctx) => ctx.client.delete(R.nodes, 'kwok-gpu-0').catch(() => undefined),
  },
  pending('pending-node-selector', 'a pod whose nodeSelector matches no node', "pod-unschedulable: didn't match Pod's node affinity/selector (disktype=ssd)", {
    nodeSelector: { disktype: 'ssd' },
    containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }],
  }),
  pending('pending-affinity', 'a pod whose required node affinity names a zone that does not exist', "pod-unschedulable: didn't match Pod's node affinity/selector", {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-x'] }] }] } } },
    containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }],
  }),
  pending(
    'pending-topology-spread',
    'a pod that must spread over a topology key (a typo: example.com/rack) that no node carries',
    'pod-unschedulable: topology spread constraints, every node lacks the label example.com/rack',
    {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'example.com/rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
      containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }],
    },
  ),
  pending(
    'pending-pvc',
    'a pod whose PersistentVolumeClaim names a StorageClass that does not exist',
    'pod-unschedulable (unbound PVC) and pvc-pending: StorageClass "fast-ssd" not found',
    {
      containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    },
    [pvc('data', 'pending-pvc', 'fast-ssd')],
  ),
  {
    name: 'pending-gated',
    description: 'a pod held back by a scheduling gate nobody removes',
    expect: 'pod-scheduling-gated: gate example.com/quota-check',
    namespace: 'pending-gated',
    objects: () => [namespace('pending-gated', 'pending-gated'), pod('batch-runner', 'pending-gated', { podSpec: { schedulingGates: [{ name: 'example.com/quota-check' }] } })],
    settled: async (ctx) => allPods(ctx, 'pending-gated', (p) => condition(p, 'PodScheduled')?.reason === 'SchedulingGated'),
  },
  {
    name: 'pending-no-scheduler',
    description: 'a pod that names a scheduler nobody runs',
    expect: 'pod-no-scheduler: schedulerName "batch-scheduler" has no scheduler',
    namespace: 'pending-no-scheduler',
    objects: () => [namespace('pending-no-scheduler', 'pending-no-scheduler'), pod('report', 'pending-no-scheduler', { podSpec: { schedulerName: 'batch-scheduler' } })],
    settled: async (ctx) => allPods(ctx, 'pending-no-scheduler', (p) => p.status?.phase === 'Pending'),
  },
  {
    name: 'crashloop',
    description: 'a Deployment whose container exits with code 1 again and again',
    expect: 'pod-crashloop: exit code 1, restarts rising, last log lines',
    namespace: 'crashloop',
    objects: () => [namespace('crashloop', 'crashloop'), deployment('payments-api', 'crashloop', { replicas: 2, fault: { kind: 'crashloop', exitCode: 1 } })],
    settled: async (ctx) => allPods(ctx, 'crashloop', (p) => waiting(p) === 'CrashLoopBackOff' && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1),
  },
  {
    name: 'oomkilled',
    description: 'a Deployment whose container is killed for exceeding its memory limit',
    expect: 'pod-oomkilled: OOMKilled (exit 137), limit 256Mi vs request 128Mi',
    namespace: 'oomkilled',
    objects: () => [namespace('oomkilled', 'oomkilled'), deployment('image-resizer', 'oomkilled', { fault: { kind: 'oomkilled' } })],
    settled: async (ctx) => allPods(ctx, 'oomkilled', (p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === 'OOMKilled'),
  },
  {
    name: 'image-pull-not-found',
    description: 'a Deployment whose image tag does not exist in the registry',
    expect: 'pod-image-pull: not found',
    namespace: 'image-pull-not-found',
    objects: () => [
      namespace('image-pull-not-found', 'image-pull-not-found'),
      deployment('storefront', 'image-pull-not-found', {
        fault: {
          kind: 'image-pull',
          message: 'rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/shop/storefront:1.4.2": failed to resolve reference "registry.example.com/shop/storefront:1.4.2": registry.example.com/shop/storefront:1.4.2: not found',
        },
      }),
    ],
    setup: async (ctx) => kubeletEvents(ctx, 'image-pull-not-found', 'Warning', 'Failed', pullFailure),
    settled: async (ctx) => allPods(ctx, 'image-pull-not-found', (p) => waiting(p) === 'ImagePullBackOff'),
  },
  {
    name: 'image-pull-unauthorized',
    description: 'a private image pulled with a pull secret that does not exist',
    expect: 'pod-image-pull: unauthorized, pull secret "regcred" missing',
    namespace: 'image-pull-unauthorized',
    objects: () => [
      namespace('image-pull-unauthorized', 'image-pull-unauthorized'),
      deployment('billing', 'image-pull-unauthorized', {
        podSpec: { imagePullSecrets: [{ name: 'regcred' }] },
        fault: {
          kind: 'image-pull',
          message: 'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/billing:1.4.2": failed to resolve reference "registry.example.com/shop/billing:1.4.2": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials',
        },
      }),
    ],
    setup: async (ctx) => kubeletEvents(ctx, 'image-pull-unauthorized', 'Warning', 'Failed', pullFailure),
    settled: async (ctx) => allPods(ctx, 'image-pull-unauthorized', (p) => waiting(p) === 'ImagePullBackOff'),
  },
  {
    name: 'config-error',
    description: 'a container that reads a ConfigMap key that is not there',
    expect: 'pod-create-config-error: key database_url missing from ConfigMap app-config',
    namespace: 'config-error',
    objects: () => [
      namespace('config-error', 'config-error'),
      configMap('app-config', 'config-error', { log_level: 'info' }),
      deployment('orders', 'config-error', {
        podSpec: {
          containers: [
            {
              name: 'orders',
              image: 'registry.example.com/shop/orders:1.4.2',
              env: [{ name: 'DATABASE_URL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'database_url' } } }],
            },
          ],
        },
        fault: { kind: 'config-error', message: "couldn't find key database_url in ConfigMap config-error/app-config" },
      }),
    ],
    settled: async (ctx) => allPods(ctx, 'config-error', (p) => waiting(p) === 'CreateContainerConfigError'),
  },
  {
    name: 'readiness-failing',
    description: 'pods whose readiness probe fails, behind a Service that so has no ready endpoints',
    expect: 'pod-readiness-failing (Readiness probe failed) and service-no-endpoints (all pods unready)',
    namespace: 'readiness-failing',
    objects: () => [
      namespace('readiness-failing', 'readiness-failing'),
      deployment('search', 'readiness-failing', { replicas: 2, fault: { kind: 'unready', message: 'HTTP probe failed with statuscode: 503' } }),
      service('search', 'readiness-failing', { app: 'search' }),
    ],
    settled: async (ctx) => hasEvent(ctx, 'readiness-failing', 'Unhealthy'),
  },
  {
    name: 'stuck-creating',
    description: 'a pod that cannot mount a Secret volume that does not exist',
    expect: 'pod-stuck-creating: FailedMount, secret "db-credentials" not found',
    namespace: 'stuck-creating',
    objects: () => [
      namespace('stuck-creating', 'stuck-creating'),
      deployment('ledger', 'stuck-creating', {
        podSpec: {
          containers: [{ name: 'ledger', image: 'registry.example.com/shop/ledger:1.4.2', volumeMounts: [{ name: 'credentials', mountPath: '/secrets' }] }],
          volumes: [{ name: 'credentials', secret: { secretName: 'db-credentials' } }],
        },
        fault: { kind: 'stuck-creating', message: 'MountVolume.SetUp failed for volume "credentials" : secret "db-credentials" not found' },
      }),
    ],
    setup: async (ctx) => kubeletEvents(ctx, 'stuck-creating', 'Warning', 'FailedMount', annotatedMessage),
    settled: async (ctx) => hasEvent(ctx, 'stuck-creating', 'FailedMount'),
  },
  {
    name: 'evicted',
    description: 'pods the kubelet evicted because its node ran low on memory',
    expect: 'pod-evicted: evicted for memory pressure',
    namespace: 'evicted',
    objects: () => [
      namespace('evicted', 'evicted'),
      pod('cache-warmer', 'evicted', {
        fault: { kind: 'evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi. Container cache-warmer was using 1900Mi, request is 128Mi, has larger consumption of its request.' },
      }),
    ],
    settled: async (ctx) => allPods(ctx, 'evicted', (p) => p.status?.reason === 'Evicted'),
  },
  {
    name: 'node-not-ready',
    description: 'a node whose kubelet stopped renewing its Lease, marked Unknown by the real node controller',
    expect: 'node-not-ready: Ready=Unknown, Lease not renewed',
    objects: () => [],
    setup: async (ctx) => {
      await createNode(ctx, extraNode('kwok-lost-0', 'node-not-ready'));
      for (let i = 0; i < 100 && (await nodeReady(ctx, 'kwok-lost-0')) !== 'True'; i++) await sleep(200);
      // the kubelet dies: kwok stops playing it, and its last Lease renewal stays as it was
      await ctx.client.patch(R.nodes, 'kwok-lost-0', { metadata: { annotations: { [MANAGED_ANNOTATION]: null } } });
      await ctx.client.patch(R.leases, 'kwok-lost-0', { spec: { holderIdentity: 'kwok-lost-0', leaseDurationSeconds: 3600, renewTime: new Date().toISOString().replace('Z', '000Z') } }, 'kube-node-lease');
    },
    settled: async (ctx) => (await nodeReady(ctx, 'kwok-lost-0')) === 'Unknown',
    teardown: async (ctx) => ctx.client.delete(R.nodes, 'kwok-lost-0').catch(() => undefined),
  },
  {
    name: 'node-cordoned',
    description: 'a node cordoned for maintenance and never uncordoned',
    expect: 'node-cordoned',
    objects: () => [],
    setup: async (ctx) => createNode(ctx, extraNode('kwok-cordoned-0', 'node-cordoned', (n) => ((n.spec as { unschedulable?: boolean }).unschedulable = true))),
    settled: async (ctx) => (await nodeReady(ctx, 'kwok-cordoned-0')) === 'True',
    teardown: async (ctx) => ctx.client.delete(R.nodes, 'kwok-cordoned-0').catch(() => undefined),
  },
  {
    name: 'node-memory-pressure',
    description: 'a node reporting MemoryPressure',
    expect: 'node-pressure: MemoryPressure',
    objects: () => [],
    setup: async (ctx) => createNode(ctx, extraNode('kwok-pressure-0', 'node-memory-pressure', (n) => ((n.metadata.annotations ??= {})[PRESSURE_ANNOTATION] = 'memory'))),
    settled: async (ctx) => {
      const node = await ctx.client.find<Node>(R.nodes, 'kwok-pressure-0');
      return node !== undefined && condition(node, 'MemoryPressure')?.status === 'True';
    },
    teardown: async (ctx) => ctx.client.delete(R.nodes, 'kwok-pressure-0').catch(() => undefined),
  },
  {
    name: 'service-no-endpoints',
    description: 'a Service whose selector matches no pod (a typo after a relabel)',
    expect: 'service-no-endpoints: selector app=checkout-v2 matches no pods',
    namespace: 'service-no-endpoints',
    objects: () => [
      namespace('service-no-endpoints', 'service-no-endpoints'),
      deployment('checkout', 'service-no-endpoints', { replicas: 2 }),
      service('checkout', 'service-no-endpoints', { app: 'checkout-v2' }),
    ],
    settled: async (ctx) => allPods(ctx, 'service-no-endpoints', (p) => condition(p, 'Ready')?.status === 'True'),
  },
  {
    name: 'service-target-port',
    description: 'a Service whose named targetPort no selected container declares',
    expect: 'service-target-port: targetPort "metrics" not exposed',
    namespace: 'service-target-port',
    objects: () => [
      namespace('service-target-port', 'service-target-port'),
      deployment('catalog', 'service-target-port', { replicas: 1 }),
      service('catalog', 'service-target-port', { app: 'catalog' }, 'metrics'),
    ],
    settled: async (ctx) => allPods(ctx, 'service-target-port', (p) => condition(p, 'Ready')?.status === 'True'),
  },
  {
    name: 'job-failing',
    description: 'a Job whose pods fail until the real Job controller gives up (backoff limit)',
    expect: 'job-failed: BackoffLimitExceeded',
    namespace: 'job-failing',
    objects: () => [namespace('job-failing', 'job-failing'), job('nightly-export', 'job-failing', { backoffLimit: 1, fault: { kind: 'fail', message: 'export failed: bucket not found' } })],
    settled: async (ctx) => {
      const found = await ctx.client.find(R.jobs, 'nightly-export', 'job-failing');
      return found !== undefined && condition(found, 'Failed')?.status === 'True';
    },
  },
  {
    name: 'cronjob-bad-schedule',
    description: 'a CronJob whose schedule never fires (30 February) and a suspended one',
    expect: 'cronjob-bad-schedule and cronjob-suspended',
    namespace: 'cronjob-bad-schedule',
    objects: () => [namespace('cronjob-bad-schedule', 'cronjob-bad-schedule'), cronJob('month-end-report', 'cronjob-bad-schedule', '0 0 30 2 *'), cronJob('cleanup', 'cronjob-bad-schedule', '*/5 * * * *', true)],
    settled: async (ctx) => (await ctx.client.list(R.cronjobs, { namespace: 'cronjob-bad-schedule' })).length === 2,
  },
  {
    name: 'deployment-progress-deadline',
    description: 'a Deployment that cannot roll out (image not found) past its progress deadline',
    expect: 'deployment-progress-deadline: ProgressDeadlineExceeded',
    namespace: 'deployment-progress-deadline',
    objects: () => [
      namespace('deployment-progress-deadline', 'deployment-progress-deadline'),
      deployment('recommender', 'deployment-progress-deadline', {
        progressDeadlineSeconds: 5,
        fault: { kind: 'image-pull', message: 'rpc error: code = NotFound desc = registry.example.com/shop/recommender:1.4.2: not found' },
      }),
    ],
    settled: async (ctx) => {
      const found = await ctx.client.find(R.deployments, 'recommender', 'deployment-progress-deadline');
      return found !== undefined && condition(found, 'Progressing')?.reason === 'ProgressDeadlineExceeded';
    },
  },
  {
    name: 'quota-exhausted',
    description: 'a ResourceQuota that lets one pod in, so the ReplicaSet cannot create the others',
    expect: 'quota-at-limit and replicaset-failed-create: exceeded quota',
    namespace: 'quota-exhausted',
    objects: () => [
      namespace('quota-exhausted', 'quota-exhausted'),
      [R.resourcequotas, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods', namespace: 'quota-exhausted' }, spec: { hard: { pods: '1' } } }],
      deployment('worker', 'quota-exhausted', { replicas: 3 }),
    ],
    settled: async (ctx) => (await eventsIn(ctx, 'quota-exhausted')).some((e) => e.reason === 'FailedCreate' && /exceeded quota/.test(e.message ?? '')),
  },
  {
    name: 'namespace-stuck',
    description: 'a namespace being deleted that cannot finish: an object in it keeps a finalizer nobody removes',
    expect: 'namespace-terminating: finalizer k8sdoc.dev/hold remains',
    namespace: 'namespace-stuck',
    objects: () => [namespace('namespace-stuck', 'namespace-stuck'), [R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'namespace-stuck', finalizers: ['k8sdoc.dev/hold'] } }]],
    setup: async (ctx) => ctx.client.delete(R.namespaces, 'namespace-stuck'),
    settled: async (ctx) => {
      const ns = await ctx.client.find(R.namespaces, 'namespace-stuck');
      return ns !== undefined && condition(ns, 'NamespaceFinalizersRemaining')?.status === 'True';
    },
    teardown: async (ctx) => {
      await ctx.client.patch(R.configmaps, 'held', { metadata: { finalizers: null } }, 'namespace-stuck').catch(() => undefined);
    },
  },
  {
    name: 'webhook-failing',
    description: 'a validating webhook with failurePolicy Fail whose Service has no endpoints',
    expect: 'webhook-no-endpoints (error) and webhook-timeout (15s, warning)',
    namespace: 'webhook-failing',
    objects: () => [
      namespace('webhook-failing', 'webhook-failing'),
      service('policy-webhook', 'webhook-failing', { app: 'policy-webhook' }, 8443),
      [
        ADMISSION_REF,
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'policy.example.com', labels: { [SCENARIO_LABEL]: 'webhook-failing' } },
          webhooks: [
            {
              name: 'configmaps.policy.example.com',
              admissionReviewVersions: ['v1'],
              sideEffects: 'None',
              failurePolicy: 'Fail',
              timeoutSeconds: 15,
              clientConfig: { service: { name: 'policy-webhook', namespace: 'webhook-failing', port: 80, path: '/validate' } },
              // scoped to labelled namespaces, so the rest of the cluster keeps working
              namespaceSelector: { matchLabels: { 'k8sdoc.dev/policy': 'enforced' } },
              rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }],
            },
          ],
        },
      ],
    ],
    settled: async (ctx) => (await ctx.client.find(ADMISSION_REF, 'policy.example.com')) !== undefined,
    teardown: async (ctx) => ctx.client.delete(ADMISSION_REF, 'policy.example.com').catch(() => undefined),
  },
  {
    name: 'apiservice-unavailable',
    description: 'an aggregated APIService (metrics.k8s.io) whose Service does not exist',
    expect: 'apiservice-unavailable: v1beta1.metrics.k8s.io Available=False',
    objects: () => [
      [
        R.apiservices,
        {
          apiVersion: 'apiregistration.k8s.io/v1',
          kind: 'APIService',
          metadata: { name: 'v1beta1.metrics.k8s.io', labels: { [SCENARIO_LABEL]: 'apiservice-unavailable' } },
          spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system', port: 443 } },
        },
      ],
    ],
    settled: async (ctx) => {
      const api = await ctx.client.find(R.apiservices, 'v1beta1.metrics.k8s.io');
      return api !== undefined && condition(api, 'Available')?.status === 'False';
    },
    teardown: async (ctx) => ctx.client.delete(R.apiservices, 'v1beta1.metrics.k8s.io').catch(() => undefined),
  },
  {
    name: 'cert-expiring',
    description: 'the apiserver serving certificate re-issued to expire in 3 days',
    expect: 'cert-expiring: apiserver.crt expires in 2d/3d (error under 7 days)',
    objects: () => [],
    setup: async (ctx) => {
      await issueApiserverCert(ctx.paths, { advertiseAddress: ctx.state.advertiseAddress, serviceIP: SERVICE_IP, nodeName: `${ctx.cluster}-control-plane` }, 3);
      await restartComponent(ctx.cluster, 'kube-apiserver');
    },
    settled: async () => true,
    teardown: async (ctx) => {
      await issueApiserverCert(ctx.paths, { advertiseAddress: ctx.state.advertiseAddress, serviceIP: SERVICE_IP, nodeName: `${ctx.cluster}-control-plane` });
      await restartComponent(ctx.cluster, 'kube-apiserver');
    },
  },
  {
    name: 'dns-broken',
    description: 'CoreDNS serving without its kubernetes plugin, and the in-cluster CoreDNS scaled to zero',
    expect: 'dns-no-endpoints (kube-dns has no ready endpoints) and a failing `k8sdoc dns check`',
    objects: () => [],
    setup: async (ctx) => {
      await writeFile(ctx.paths.corefile, hostCorefile(ctx.paths, ctx.state.ports, true));
      await restartComponent(ctx.cluster, 'coredns');
      await ctx.client.patch(R.deployments, 'coredns', { spec: { replicas: 0 } }, 'kube-system');
    },
    settled: async (ctx) => {
      const pods = await ctx.client.list(R.pods, { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' });
      // the EndpointSlice controller follows the pods a moment later: wait for it too
      const slices = await ctx.client.list<KubeObject & { endpoints?: { conditions?: { ready?: boolean } }[] }>(R.endpointslices, {
        namespace: 'kube-system',
        labelSelector: 'kubernetes.io/service-name=kube-dns',
      });
      return pods.length === 0 && slices.every((slice) => (slice.endpoints ?? []).every((e) => e.conditions?.ready === false));
    },
    teardown: async (ctx) => {
      await writeFile(ctx.paths.corefile, hostCorefile(ctx.paths, ctx.state.ports));
      await restartComponent(ctx.cluster, 'coredns');
      await ctx.client.patch(R.deployments, 'coredns', { spec: { replicas: 2 } }, 'kube-system');
    },
  },
  {
    name: 'etcd-nospace',
    description: 'etcd restarted with a quota below its database size, so the next write raises the NOSPACE alarm',
    expect: 'etcd-alarm: NOSPACE',
    objects: () => [],
    setup: async (ctx) => {
      await restartComponent(ctx.cluster, 'etcd', (state) => (state.etcdQuotaBytes = 1024 * 1024));
      // writes trip the quota once the database outgrows it: write until etcd says so
      for (let i = 0; i < 40; i++) {
        const refused = await ctx.client
          .apply(R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `nospace-trigger-${i}`, namespace: 'default' }, data: { fill: 'x'.repeat(256 * 1024) } })
          .then(() => false, () => true);
        if (refused) break;
      }
    },
    settled: async (ctx) => (await etcdctl(ctx, ['alarm', 'list'])).includes('NOSPACE'),
    teardown: async (ctx) => {
      // the alarm outlives a restart: raise the quota, disarm, then let the writers back
      await restartComponent(ctx.cluster, 'etcd', (state) => (state.etcdQuotaBytes = 2 * 1024 ** 3), false);
      await until(async () => !(await etcdctl(ctx, ['alarm', 'disarm'])).includes('Error') && !(await etcdctl(ctx, ['alarm', 'list'])).includes('NOSPACE'), 60_000, 'disarming the NOSPACE alarm');
      // the controller-manager and scheduler lose their Leases to the outage and exit, perhaps
      // only after this point: restart them now, as a kubelet would, and anything else that died
      for (const component of ['kube-controller-manager', 'kube-scheduler'] as const) await restartComponent(ctx.cluster, component);
      await restartDead(ctx.cluster);
      const triggers = await ctx.client.list(R.configmaps, { namespace: 'default' });
      for (const cm of triggers.filter((c) => c.metadata.name.startsWith('nospace-trigger-'))) await ctx.client.delete(R.configmaps, cm.metadata.name, 'default');
    },
  },
  {
    name: 'restarts-climbing',
    description: 'a Deployment whose container crashed and was restarted 7 times, and runs again for now',
    expect: 'pod-restarts-climbing: 7 restarts, last exit code 2',
    namespace: 'restarts-climbing',
    objects: () => [namespace('restarts-climbing', 'restarts-climbing'), deployment('notifier', 'restarts-climbing', { fault: { kind: 'restarting', restarts: 7, exitCode: 2 } })],
    settled: async (ctx) => allPods(ctx, 'restarts-climbing', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 7 && condition(p, 'Ready')?.status === 'True'),
  },
  {
    name: 'stuck-terminating',
    description: 'a pod deleted while a finalizer nobody removes holds it',
    expect: 'pod-stuck-terminating: finalizer example.com/upload-complete (after thresholds.stuckTerminatingSeconds, 5 minutes by default)',
    namespace: 'stuck-terminating',
    objects: () => {
      const [ref, object] = pod('uploader', 'stuck-terminating');
      object.metadata.finalizers = ['example.com/upload-complete'];
      return [namespace('stuck-terminating', 'stuck-terminating'), [ref, object]];
    },
    setup: async (ctx) => {
      await until(async () => allPods(ctx, 'stuck-terminating', (p) => condition(p, 'Ready')?.status === 'True'), 60_000, 'pod uploader running');
      await ctx.client.delete(R.pods, 'uploader', 'stuck-terminating');
    },
    settled: async (ctx) => allPods(ctx, 'stuck-terminating', (p) => p.metadata.deletionTimestamp !== undefined),
    teardown: async (ctx) => {
      await ctx.client.patch(R.pods, 'uploader', { metadata: { finalizers: null } }, 'stuck-terminating').catch(() => undefined);
    },
  },
  {
    name: 'statefulset-not-ready',
    description: 'a StatefulSet whose first replica never passes its readiness probe, so OrderedReady never starts the others',
    expect: 'statefulset-not-ready: 0 of 3 replicas ready (error)',
    namespace: 'statefulset-not-ready',
    objects: () => [
      namespace('statefulset-not-ready', 'statefulset-not-ready'),
      statefulSet('ledger-db', 'statefulset-not-ready', { replicas: 3, fault: { kind: 'unready', message: 'HTTP probe failed with statuscode: 500' } }),
    ],
    settled: async (ctx) => hasEvent(ctx, 'statefulset-not-ready', 'Unhealthy'),
  },
  {
    name: 'daemonset-not-ready',
    description: 'a DaemonSet whose image does not exist, so no node gets a ready pod',
    expect: 'daemonset-not-ready: 0 of N pods ready, image pull failing',
    namespace: 'daemonset-not-ready',
    objects: () => [
      namespace('daemonset-not-ready', 'daemonset-not-ready'),
      daemonSet('log-collector', 'daemonset-not-ready', { fault: { kind: 'image-pull', message: 'rpc error: code = NotFound desc = registry.example.com/shop/log-collector:1.4.2: not found' } }),
    ],
    settled: async (ctx) => {
      // the controller creates pods in growing batches: wait for one on every node
      const ds = await ctx.client.get<KubeObject & { status?: { desiredNumberScheduled?: number; currentNumberScheduled?: number } }>(R.daemonsets, 'log-collector', 'daemonset-not-ready');
      const desired = ds.status?.desiredNumberScheduled ?? 0;
      const pods = await podsIn(ctx, 'daemonset-not-ready');
      return desired > 0 && ds.status?.currentNumberScheduled === desired && pods.length === desired && pods.every((p) => waiting(p) === 'ImagePullBackOff');
    },
  },
  {
    name: 'cronjob-blocked',
    description: 'a CronJob (concurrencyPolicy Forbid) whose last Job never ends because its log-shipper sidecar keeps running, so the real controller skips every run',
    expect: 'cronjob-missed-schedule (10 runs missed, Forbid) and job-sidecar-running (after thresholds.sidecarGraceSeconds, 5 minutes by default)',
    namespace: 'cronjob-blocked',
    objects: () => [namespace('cronjob-blocked', 'cronjob-blocked'), cronJob('report-sync', 'cronjob-blocked', '* * * * *', false, { concurrencyPolicy: 'Forbid' })],
    setup: async (ctx) => {
      const cron = await ctx.client.get(R.cronjobs, 'report-sync', 'cronjob-blocked');
      // the run the controller started ten minutes ago, as it names and owns it
      const scheduled = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
      const name = `report-sync-${scheduled / 60_000}`;
      const [ref, object] = job(name, 'cronjob-blocked', {
        fault: { kind: 'sidecar' },
        labels: { app: 'report-sync' },
        podSpec: { containers: [container('report-sync'), container('log-shipper')] },
      });
      object.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report-sync', uid: cron.metadata.uid ?? '', controller: true }];
      const created = await ctx.client.create(ref, object, 'cronjob-blocked');
      await ctx.client.patch(
        R.cronjobs,
        'report-sync',
        {
          status: {
            active: [{ apiVersion: 'batch/v1', kind: 'Job', name, namespace: 'cronjob-blocked', uid: created.metadata.uid }],
            lastScheduleTime: new Date(scheduled).toISOString().replace('.000Z', 'Z'),
          },
        },
        'cronjob-blocked',
        'status',
      );
    },
    // the real cronjob controller has seen the active Job and refused to start another
    settled: async (ctx) => (await hasEvent(ctx, 'cronjob-blocked', 'JobAlreadyActive')) && allPods(ctx, 'cronjob-blocked', (p) => p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode === 0),
  },
  {
    name: 'hpa-no-metrics',
    description: 'two HorizontalPodAutoscalers on CPU without a metrics API, one of them on pods that request no CPU',
    expect: 'hpa-unable-to-compute: metrics API not available (api), no cpu request (worker)',
    namespace: 'hpa-no-metrics',
    objects: () => {
      const hpa = (target: string): Applied => [
        R.horizontalpodautoscalers,
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: target, namespace: 'hpa-no-metrics' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
            minReplicas: 1,
            maxReplicas: 5,
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
          },
        },
      ];
      return [
        namespace('hpa-no-metrics', 'hpa-no-metrics'),
        deployment('api', 'hpa-no-metrics'),
        deployment('worker', 'hpa-no-metrics', { podSpec: { containers: [container('worker', { resources: { requests: { memory: '128Mi' } } })] } }),
        hpa('api'),
        hpa('worker'),
      ];
    },
    settled: async (ctx) => {
      const hpas = await ctx.client.list(R.horizontalpodautoscalers, { namespace: 'hpa-no-metrics' });
      return hpas.length === 2 && hpas.every((h) => condition(h, 'ScalingActive')?.status === 'False');
    },
  },
  {
    name: 'node-kubelet-skew',
    description: 'a node whose kubelet is four minor versions behind the API server',
    expect: 'node-kubelet-skew: kubelet v1.32.4 is 4 minor versions behind (at most 3 are supported)',
    objects: () => [],
    setup: async (ctx) =>
      createNode(
        ctx,
        extraNode('kwok-old-0', 'node-kubelet-skew', (n) => {
          const info = (n.status as { nodeInfo: Record<string, string> }).nodeInfo;
          info.kubeletVersion = 'v1.32.4';
          info.kubeProxyVersion = 'v1.32.4';
        }),
      ),
    settled: async (ctx) => (await nodeReady(ctx, 'kwok-old-0')) === 'True',
    teardown: async (ctx) => ctx.client.delete(R.nodes, 'kwok-old-0').catch(() => undefined),
  },
  {
    name: 'node-allocatable-full',
    description: 'a 2-CPU batch node whose two pods (and kube-proxy) request 96% of its CPU',
    expect: 'node-allocatable-exhausted: 96% of its cpu requested on kwok-batch-0',
    namespace: 'node-allocatable-full',
    objects: () => [
      namespace('node-allocatable-full', 'node-allocatable-full'),
      deployment('etl', 'node-allocatable-full', {
        replicas: 2,
        podSpec: {
          nodeSelector: { pool: 'batch' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
          containers: [container('etl', { resources: { requests: { cpu: '950m', memory: '1Gi' } } })],
        },
      }),
    ],
    setup: async (ctx) =>
      createNode(
        ctx,
        extraNode('kwok-batch-0', 'node-allocatable-full', (n) => {
          (n.metadata.labels ??= {}).pool = 'batch';
          (n.spec as { taints: unknown[] }).taints = [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }];
          const status = n.status as { allocatable: Record<string, string>; capacity: Record<string, string> };
          status.allocatable.cpu = status.capacity.cpu = '2';
        }),
      ),
    settled: async (ctx) => {
      const pods = await podsIn(ctx, 'node-allocatable-full');
      // kube-proxy's DaemonSet tolerates every taint: its 10m count too
      const proxy = await ctx.client.list<Pod>(R.pods, { namespace: 'kube-system', fieldSelector: 'spec.nodeName=kwok-batch-0' });
      return proxy.length === 1 && pods.length === 2 && pods.every((p) => p.spec.nodeName === 'kwok-batch-0' && condition(p, 'Ready')?.status === 'True');
    },
    teardown: async (ctx) => {
      await ctx.client.delete(R.deployments, 'etl', 'node-allocatable-full').catch(() => undefined);
      await ctx.client.delete(R.nodes, 'kwok-batch-0').catch(() => undefined);
    },
  },
  {
    name: 'pv-released',
    description: 'two PersistentVolumes whose claims were deleted: one kept (Retain), one the real PV controller fails to delete',
    expect: 'pv-released-or-failed: archive-2025 Released (info), scratch-0 Failed (error)',
    namespace: 'pv-released',
    objects: () => {
      const volume = (name: string, policy: string): Applied => [
        R.persistentvolumes,
        {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name, labels: { [SCENARIO_LABEL]: 'pv-released' } },
          spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: `/var/lib/k8sdoc/${name}` }, persistentVolumeReclaimPolicy: policy },
        },
      ];
      return [namespace('pv-released', 'pv-released'), volume('archive-2025', 'Retain'), volume('scratch-0', 'Delete'), pvc('archive', 'pv-released', '', 'archive-2025'), pvc('scratch', 'pv-released', '', 'scratch-0')];
    },
    setup: async (ctx) => {
      const bound = async (claim: string): Promise<boolean> => ((await ctx.client.find(R.persistentvolumeclaims, claim, 'pv-released'))?.status as { phase?: string } | undefined)?.phase === 'Bound';
      await until(async () => (await bound('archive')) && bound('scratch'), 60_000, 'claims archive and scratch bound');
      for (const claim of ['archive', 'scratch']) await ctx.client.delete(R.persistentvolumeclaims, claim, 'pv-released');
    },
    settled: async (ctx) => {
      const phase = async (name: string): Promise<string | undefined> => ((await ctx.client.find(R.persistentvolumes, name))?.status as { phase?: string } | undefined)?.phase;
      return (await phase('archive-2025')) === 'Released' && (await phase('scratch-0')) === 'Failed';
    },
    teardown: async (ctx) => {
      for (const name of ['archive-2025', 'scratch-0']) await ctx.client.delete(R.persistentvolumes, name).catch(() => undefined);
    },
  },
  {
    name: 'pvc-no-default-class',
    description: 'a PersistentVolumeClaim that names no StorageClass in a cluster without a default one',
    expect: 'pvc-pending: no StorageClass named and no default StorageClass',
    namespace: 'pvc-no-default-class',
    objects: () => [namespace('pvc-no-default-class', 'pvc-no-default-class'), pvc('uploads', 'pvc-no-default-class', undefined)],
    settled: async (ctx) => hasEvent(ctx, 'pvc-no-default-class', 'FailedBinding'),
  },
  {
    name: 'healthy',
    description: 'a realistic shop of healthy workloads, for false-positive tests',
    expect: 'no finding at warning level or above in namespace healthy',
    namespace: 'healthy',
    objects: () => [
      namespace('healthy', 'healthy', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      configMap('frontend-config', 'healthy', { api_url: 'http://api.healthy.svc:80' }),
      deployment('frontend', 'healthy', { replicas: 3 }),
      service('frontend', 'healthy', { app: 'frontend' }, 'http'),
      deployment('api', 'healthy', { replicas: 2 }),
      service('api', 'healthy', { app: 'api' }),
      statefulSet('redis', 'healthy', { replicas: 1 }),
      [R.persistentvolumes, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'healthy-data', labels: { [SCENARIO_LABEL]: 'healthy' } }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/var/lib/k8sdoc/healthy-data' }, persistentVolumeReclaimPolicy: 'Retain' } }],
      pvc('data', 'healthy', '', 'healthy-data'),
      job('db-migrate', 'healthy'),
      cronJob('nightly-backup', 'healthy', '0 3 * * *'),
      [R.poddisruptionbudgets, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'frontend', namespace: 'healthy' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'frontend' } } } }],
    ],
    settled: async (ctx) => {
      const pods = await podsIn(ctx, 'healthy');
      const claim = await ctx.client.find(R.persistentvolumeclaims, 'data', 'healthy');
      return pods.length >= 7 && pods.every((p) => p.status?.phase === 'Succeeded' || condition(p, 'Ready')?.status === 'True') && (claim?.status as { phase?: string } | undefined)?.phase === 'Bound';
    },
    teardown: async (ctx) => ctx.client.delete(R.persistentvolumes, 'healthy-data').catch(() => undefined),
  },
];

async function etcdctl(ctx: ScenarioContext, args: string[]): Promise<string> {
  const pki = ctx.paths.pki;
  const result = await execa(ctx.state.binaries.etcdctl ?? 'etcdctl', [
    `--endpoints=https://127.0.0.1:${ctx.state.ports.etcdClient}`,
    `--cacert=${path.join(pki, 'etcd/ca.crt')}`,
    `--cert=${path.join(pki, 'etcd/healthcheck-client.crt')}`,
    `--key=${path.join(pki, 'etcd/healthcheck-client.key')}`,
    ...args,
  ], { reject: false, timeout: 20_000 });
  return `${result.stdout}\n${result.stderr}`;
}

export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) {
    throw new K8sdocError('usage', `unknown scenario "${name}"`, { exit: 'usage', hint: `see \`k8sdoc cluster scenario list\` (${SCENARIOS.length} scenarios)` });
  }
  return scenario;
}

function contextFor(cluster: string): ScenarioContext {
  const paths = clusterPaths(cluster);
  const state = readState(paths);
  if (!state) throw new K8sdocError('not-found', `cluster "${cluster}" is not running`, { exit: 'notFound', hint: 'start it with `k8sdoc cluster up`' });
  const client = new KubeClient(resolveKubeConfig({ kubeconfig: paths.kubeconfig, env: {} }), { timeoutMs: 15_000 });
  return { client, cluster, paths, state };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new K8sdocError('scenario-timeout', `${what} did not happen within ${timeoutMs / 1000}s`, { exit: 'precondition', hint: 'see `k8sdoc cluster status` and the component logs' });
}

/** Applies a scenario and waits until the API shows the state its failure produces. */
export async function applyScenario(cluster: string, name: string, timeoutMs = 120_000): Promise<void> {
  const scenario = findScenario(name);
  const ctx = contextFor(cluster);
  try {
    await applyAll(ctx.client, scenario.objects());
    await scenario.setup?.(ctx);
    await until(() => scenario.settled(ctx), timeoutMs, `scenario ${name}`);
  } finally {
    ctx.client.close();
  }
}

/** Removes what a scenario made: its side effects, its namespace (waiting until it is gone). */
export async function resetScenario(cluster: string, name: string, timeoutMs = 120_000): Promise<void> {
  const scenario = findScenario(name);
  const ctx = contextFor(cluster);
  try {
    await scenario.teardown?.(ctx);
    const ns = scenario.namespace;
    if (ns) {
      await ctx.client.delete(R.namespaces, ns).catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      });
      await until(async () => (await ctx.client.find(R.namespaces, ns)) === undefined, timeoutMs, `deletion of namespace ${ns}`);
    }
  } finally {
    ctx.client.close();
  }
}
