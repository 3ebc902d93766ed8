import type { KnownResource } from '../kube/resources.js';
import type { Container, ContainerStatus, KubeObject, ObjectMeta, PodSpec, Volume } from '../kube/types.js';

/**
 * Trimming keeps only what checks read, page by page as a LIST arrives, so a 20,000-pod
 * cluster fits in bounded memory and a dump carries no Secret values.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** ConfigMaps whose data checks read (the Corefile); every other ConfigMap keeps key names only. */
const CONFIGMAPS_WITH_DATA = new Set(['kube-system/coredns']);

/** Public halves of TLS Secrets: certificate checks read them; keys are never kept. */
const PUBLIC_TLS_KEYS = new Set(['tls.crt', 'ca.crt']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Mutable<Pick<T, K>>;
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function trimMeta(meta: ObjectMeta): ObjectMeta {
  const { managedFields, annotations, ...rest } = meta;
  const out: ObjectMeta = { ...rest };
  if (annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations;
    if (Object.keys(kept).length > 0) out.annotations = kept;
  }
  // who wrote with which apiVersion is evidence (removed APIs); the field sets are not
  if (managedFields) out.managedFields = managedFields.map((entry) => pick(entry, ['manager', 'operation', 'apiVersion', 'time']));
  return out;
}

const CONTAINER_FIELDS = [
  'name',
  'image',
  'imagePullPolicy',
  'command',
  'ports',
  'envFrom',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'restartPolicy',
  'securityContext',
] as const satisfies readonly (keyof Container | 'imagePullPolicy' | 'securityContext')[];

function trimContainer(container: Container): Container {
  const out = pick(container as Container & { imagePullPolicy?: string; securityContext?: unknown }, CONTAINER_FIELDS) as Container;
  // env values and args can hold credentials; checks need only which ConfigMap/Secret keys are referenced
  if (container.env) out.env = container.env.map((env) => (env.valueFrom ? { name: env.name, valueFrom: env.valueFrom } : { name: env.name }));
  if (container.volumeMounts) out.volumeMounts = container.volumeMounts.map((m) => pick(m, ['name', 'mountPath']));
  return out;
}

interface ProjectedSource {
  configMap?: unknown;
  secret?: unknown;
}

function trimVolume(volume: Volume): Volume {
  const projected = volume.projected as { sources?: ProjectedSource[] } | undefined;
  if (!projected) return volume;
  // the token and downward API parts of every pod's kube-api-access volume say nothing a check reads
  const sources = (projected.sources ?? []).filter((s) => s.configMap || s.secret).map((s) => pick(s, ['configMap', 'secret']));
  return { ...volume, projected: { sources } };
}

const POD_SPEC_FIELDS = [
  'nodeName',
  'nodeSelector',
  'schedulerName',
  'schedulingGates',
  'serviceAccountName',
  'imagePullSecrets',
  'tolerations',
  'affinity',
  'topologySpreadConstraints',
  'restartPolicy',
  'priority',
  'overhead',
  // pod-level requests (beta since 1.34) count in the scheduler's arithmetic
  'resources',
  'priorityClassName',
  'preemptionPolicy',
  'runtimeClassName',
  'hostNetwork',
  'dnsPolicy',
  'dnsConfig',
  'securityContext',
  'automountServiceAccountToken',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'readinessGates',
] as const;

export function trimPodSpec(spec: PodSpec): PodSpec {
  const out = pick(spec as PodSpec & Record<(typeof POD_SPEC_FIELDS)[number], unknown>, POD_SPEC_FIELDS) as unknown as PodSpec;
  out.containers = (spec.containers ?? []).map(trimContainer);
  if (spec.initContainers) out.initContainers = spec.initContainers.map(trimContainer);
  if (spec.volumes) out.volumes = spec.volumes.map(trimVolume);
  return out;
}

function trimContainerStatus(status: ContainerStatus): ContainerStatus {
  return pick(status, ['name', 'ready', 'started', 'restartCount', 'image', 'imageID', 'state', 'lastState']);
}

interface PodLike {
  spec?: PodSpec;
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: unknown };
}

function trimPod(object: KubeObject): KubeObject {
  const pod = object as KubeObject & PodLike;
  const out: KubeObject & PodLike = { ...pod, metadata: trimMeta(pod.metadata) };
  if (pod.spec) out.spec = trimPodSpec(pod.spec);
  if (pod.status) {
    const { ephemeralContainerStatuses: _ephemeral, ...status } = pod.status;
    out.status = {
      ...status,
      ...(status.containerStatuses ? { containerStatuses: status.containerStatuses.map(trimContainerStatus) } : {}),
      ...(status.initContainerStatuses ? { initContainerStatuses: status.initContainerStatuses.map(trimContainerStatus) } : {}),
    };
  }
  return out;
}

interface Template {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

function trimTemplate(template: Template | undefined): Template | undefined {
  if (!template) return template;
  return {
    ...template,
    ...(template.metadata ? { metadata: trimMeta(template.metadata) } : {}),
    ...(template.spec ? { spec: trimPodSpec(template.spec) } : {}),
  };
}

/** Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs carry a pod template. */
function trimWorkload(object: KubeObject): KubeObject {
  const spec = object.spec as { template?: Template } | undefined;
  return { ...object, metadata: trimMeta(object.metadata), ...(spec ? { spec: { ...spec, template: trimTemplate(spec.template) } } : {}) };
}

function trimCronJob(object: KubeObject): KubeObject {
  const spec = object.spec as { jobTemplate?: { metadata?: ObjectMeta; spec?: { template?: Template } } } | undefined;
  const job = spec?.jobTemplate;
  if (!spec || !job) return { ...object, metadata: trimMeta(object.metadata) };
  const jobSpec = job.spec ? { ...job.spec, template: trimTemplate(job.spec.template) } : undefined;
  return { ...object, metadata: trimMeta(object.metadata), spec: { ...spec, jobTemplate: { ...job, ...(jobSpec ? { spec: jobSpec } : {}) } } };
}

function blankValues(data: Record<string, string> | undefined, keep: (key: string) => boolean): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, keep(key) ? value : '']));
}

/** A docker config reduced to its registry host names: which registries a pull secret covers, never how. */
function registryHostsOnly(encoded: string, key: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
    const registries = key === '.dockerconfigjson' ? ((parsed.auths ?? {}) as Record<string, unknown>) : parsed;
    const hosts = Object.fromEntries(Object.keys(registries).map((host) => [host, {}]));
    const reduced = key === '.dockerconfigjson' ? { auths: hosts } : hosts;
    return Buffer.from(JSON.stringify(reduced)).toString('base64');
  } catch {
    return '';
  }
}

function trimSecret(secret: KubeObject): KubeObject {
  const { data, stringData: _stringData, ...rest } = secret as KubeObject & { data?: Record<string, string>; stringData?: unknown; type?: string };
  const type = (secret as { type?: string }).type;
  const out: KubeObject = { ...rest, metadata: trimMeta(secret.metadata) };
  if (data) {
    out.data = Object.fromEntries(
      Object.entries(data).map(([key, value]) => {
        if (type === 'kubernetes.io/tls' && PUBLIC_TLS_KEYS.has(key)) return [key, value];
        if ((type === 'kubernetes.io/dockerconfigjson' && key === '.dockerconfigjson') || (type === 'kubernetes.io/dockercfg' && key === '.dockercfg')) {
          return [key, registryHostsOnly(value, key)];
        }
        return [key, ''];
      }),
    );
  }
  return out;
}

function trimConfigMap(configMap: KubeObject): KubeObject {
  const { data, binaryData, ...rest } = configMap as KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> };
  const keepAll = CONFIGMAPS_WITH_DATA.has(`${configMap.metadata.namespace ?? ''}/${configMap.metadata.name}`);
  const out: KubeObject = { ...rest, metadata: trimMeta(configMap.metadata) };
  const trimmedData = blankValues(data, () => keepAll);
  const trimmedBinary = blankValues(binaryData, () => false);
  if (trimmedData) out.data = trimmedData;
  if (trimmedBinary) out.binaryData = trimmedBinary;
  return out;
}

const EVENT_FIELDS = ['involvedObject', 'reason', 'message', 'type', 'count', 'firstTimestamp', 'lastTimestamp', 'eventTime', 'series', 'source', 'reportingComponent'] as const;

function trimEvent(event: KubeObject): KubeObject {
  const meta = pick(event.metadata, ['name', 'namespace', 'uid', 'creationTimestamp']);
  return { ...pick(event, EVENT_FIELDS), metadata: meta };
}

function trimNode(node: KubeObject): KubeObject {
  // the image list is the bulk of a Node object and no check reads it
  const status = node.status as Record<string, unknown> | undefined;
  const { images: _images, ...keptStatus } = status ?? {};
  return { ...node, metadata: trimMeta(node.metadata), ...(status ? { status: keptStatus } : {}) };
}

const TRIMMERS: Partial<Record<KnownResource, (object: KubeObject) => KubeObject>> = {
  pods: trimPod,
  deployments: trimWorkload,
  replicasets: trimWorkload,
  statefulsets: trimWorkload,
  daemonsets: trimWorkload,
  jobs: trimWorkload,
  cronjobs: trimCronJob,
  secrets: trimSecret,
  configmaps: trimConfigMap,
  events: trimEvent,
  nodes: trimNode,
};

/** The object as the snapshot keeps it. */
export function trimObject(resource: KnownResource, object: KubeObject): KubeObject {
  const trim = TRIMMERS[resource];
  return trim ? trim(object) : { ...object, metadata: trimMeta(object.metadata) };
}
