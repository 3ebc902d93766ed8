import yaml from 'js-yaml';
import type { KubeObject } from '../kube/types.js';

/**
 * kwok plays the kubelet of the fake nodes. A --config with any pod stage replaces kwok's own,
 * so this file carries the whole pod lifecycle (create → init → ready → complete → delete) and
 * the failure states a real kubelet would write, chosen per pod by annotations:
 *
 *   k8sdoc.dev/fault: crashloop | oomkilled | image-pull | config-error | unready | stuck-creating | evicted | fail | restarting | sidecar
 *   k8sdoc.dev/exit-code: "1"            (crashloop, restarting: the last crash's exit code)
 *   k8sdoc.dev/restarts: "7"             (restarting: the restart count the kubelet reports)
 *   k8sdoc.dev/message: "..."            (the kubelet's message written into the container state)
 *
 * Every stage that moves a pod forward is guarded so it does not fire again on its own update;
 * the crash-loop stages fire again on purpose, after a back-off, so restart counts rise.
 */
export const FAULT_ANNOTATION = 'k8sdoc.dev/fault';
export const MESSAGE_ANNOTATION = 'k8sdoc.dev/message';
export const EXIT_CODE_ANNOTATION = 'k8sdoc.dev/exit-code';
export const RESTARTS_ANNOTATION = 'k8sdoc.dev/restarts';
export const PRESSURE_ANNOTATION = 'k8sdoc.dev/pressure';
export const MANAGED_ANNOTATION = 'kwok.x-k8s.io/node';

type Expression = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };

interface StageSpec {
  name: string;
  kind: 'Pod' | 'Node';
  match: Expression[];
  delayMs: number;
  jitterMs?: number;
  statusTemplate?: string;
  event?: { type: 'Normal' | 'Warning'; reason: string; message: string };
  delete?: boolean;
}

const notDeleting: Expression = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const noFault: Expression = { key: `.metadata.annotations["${FAULT_ANNOTATION}"]`, operator: 'DoesNotExist' };
const fault = (...names: string[]): Expression => ({ key: `.metadata.annotations["${FAULT_ANNOTATION}"]`, operator: 'In', values: names });
const phase = (...values: string[]): Expression => ({ key: '.status.phase', operator: 'In', values });
const hasIP: Expression = { key: '.status.podIP', operator: 'Exists' };
/** the annotation's message, quoted for the status YAML (kwok does not template event messages) */
const message = `{{ index $.metadata.annotations "${MESSAGE_ANNOTATION}" | Quote }}`;

const conditionsTemplate = (ready: boolean, initialized = true): string => `
conditions:
- type: PodReadyToStartContainers
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: Initialized
  status: "${initialized ? 'True' : 'False'}"
  lastTransitionTime: {{ $now | Quote }}
- type: Ready
  status: "${ready ? 'True' : 'False'}"
  lastTransitionTime: {{ $now | Quote }}${ready ? '' : `
  reason: ContainersNotReady
  message: 'containers with unready status: [{{ range .spec.containers }}{{ .name }} {{ end }}]'`}
- type: ContainersReady
  status: "${ready ? 'True' : 'False'}"
  lastTransitionTime: {{ $now | Quote }}${ready ? '' : `
  reason: ContainersNotReady
  message: 'containers with unready status: [{{ range .spec.containers }}{{ .name }} {{ end }}]'`}
- type: PodScheduled
  status: "True"
  lastTransitionTime: {{ .metadata.creationTimestamp | Quote }}`;

/** containerStatuses where every container is in the state `stateYaml` renders (with $c the container). */
const containersTemplate = (fields: string): string => `
containerStatuses:
{{ range $i, $c := .spec.containers }}
- name: {{ $c.name | Quote }}
  image: {{ $c.image | Quote }}
  imageID: ""
${fields}
{{ end }}`;

/** The fields of one container's status before its state: the YAML under it follows at four spaces. */
const containerHead = (ready: boolean, restartCount: number | string, started: boolean): string => `  ready: ${ready}
  restartCount: ${restartCount}
  started: ${started}
  state:
`;

const restartCount = `{{ $prev := 0 }}{{ with .status.containerStatuses }}{{ $prev = (index . 0).restartCount }}{{ end }}`;

interface Termination {
  exitCode: string;
  reason: string;
  message?: string;
  phase: 'Succeeded' | 'Failed';
  /** status.reason and status.message of the pod itself (an eviction) */
  podReason?: string;
  podMessage?: string;
}

/** A pod whose containers have all terminated, as the kubelet reports it. */
function finished(name: string, match: Expression[], end: Termination, event?: StageSpec['event']): StageSpec {
  return {
    name,
    kind: 'Pod',
    match,
    delayMs: 500,
    jitterMs: 1000,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(false)}
${containersTemplate(`${containerHead(false, 0, false)}    terminated:
      exitCode: ${end.exitCode}
      reason: ${end.reason}${end.message ? `
      message: ${end.message}` : ''}
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}`)}
phase: ${end.phase}${end.podReason ? `
reason: ${end.podReason}` : ''}${end.podMessage ? `
message: ${end.podMessage}` : ''}`,
    ...(event ? { event } : {}),
  };
}

/** A pod stuck before its container starts: the kubelet's waiting reason and its Failed event. */
function waitingFault(name: string, faultName: string, reason: string, waitingMessage: string): StageSpec {
  return {
    name,
    kind: 'Pod',
    match: [notDeleting, fault(faultName), hasIP, { key: '.status.containerStatuses.[].state.waiting.reason', operator: 'NotIn', values: [reason] }],
    delayMs: 500,
    jitterMs: 500,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(false)}
${containersTemplate(`${containerHead(false, 0, false)}    waiting:
      reason: ${reason}
      message: ${waitingMessage}`)}
phase: Pending`,
    event: { type: 'Warning', reason: 'Failed', message: `Error: ${reason}` },
  };
}

const STAGES: StageSpec[] = [
  {
    name: 'pod-create',
    kind: 'Pod',
    match: [notDeleting, { key: '.status.podIP', operator: 'DoesNotExist' }],
    delayMs: 200,
    jitterMs: 500,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(false, false)}
${containersTemplate(`${containerHead(false, 0, false)}    waiting:
      reason: ContainerCreating`)}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
phase: Pending
startTime: {{ $now | Quote }}`,
    event: { type: 'Normal', reason: 'Pulled', message: 'Container image already present on machine' },
  },
  {
    name: 'pod-ready',
    kind: 'Pod',
    match: [notDeleting, noFault, hasIP, phase('Pending')],
    delayMs: 300,
    jitterMs: 700,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(true)}
${containersTemplate(`${containerHead(true, 0, true)}    running:
      startedAt: {{ $now | Quote }}`)}
phase: Running`,
    event: { type: 'Normal', reason: 'Started', message: 'Started container' },
  },
  finished('pod-complete', [notDeleting, noFault, phase('Running'), { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] }], {
    exitCode: '0',
    reason: 'Completed',
    phase: 'Succeeded',
  }),
  finished('pod-fail', [notDeleting, fault('fail'), hasIP, phase('Pending')], { exitCode: '1', reason: 'Error', message, phase: 'Failed' }),
  {
    // first crash, then again after each back-off: restartCount rises like a kubelet's
    name: 'pod-crashloop',
    kind: 'Pod',
    match: [notDeleting, fault('crashloop', 'oomkilled'), hasIP],
    delayMs: 8000,
    jitterMs: 2000,
    statusTemplate: `{{ $now := Now }}${restartCount}
{{ $oom := eq (index .metadata.annotations "${FAULT_ANNOTATION}") "oomkilled" }}
${conditionsTemplate(false)}
${containersTemplate(`${containerHead(false, '{{ add1 $prev }}', false)}    waiting:
      reason: CrashLoopBackOff
      message: back-off 10s restarting failed container={{ $c.name }} pod={{ $.metadata.name }}_{{ $.metadata.namespace }}({{ $.metadata.uid }})
  lastState:
    terminated:
      exitCode: {{ if $oom }}137{{ else }}{{ or (index $.metadata.annotations "${EXIT_CODE_ANNOTATION}") "1" }}{{ end }}
      reason: {{ if $oom }}OOMKilled{{ else }}Error{{ end }}
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}`)}
phase: Running`,
    event: { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container' },
  },
  {
    // a container that crashed now and then and was restarted each time; it runs again now
    name: 'pod-restarting',
    kind: 'Pod',
    match: [notDeleting, fault('restarting'), hasIP, phase('Pending')],
    delayMs: 300,
    jitterMs: 700,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(true)}
${containersTemplate(`${containerHead(true, `{{ or (index $.metadata.annotations "${RESTARTS_ANNOTATION}") "6" }}`, true)}    running:
      startedAt: {{ $now | Quote }}
  lastState:
    terminated:
      exitCode: {{ or (index $.metadata.annotations "${EXIT_CODE_ANNOTATION}") "2" }}
      reason: Error
      startedAt: {{ $.metadata.creationTimestamp | Quote }}
      finishedAt: {{ $now | Quote }}`)}
phase: Running`,
    event: { type: 'Normal', reason: 'Started', message: 'Started container' },
  },
  {
    // a Job pod whose first container finished while the others (a sidecar) run on and on
    name: 'pod-sidecar',
    kind: 'Pod',
    match: [notDeleting, fault('sidecar'), hasIP, phase('Pending')],
    delayMs: 300,
    jitterMs: 700,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(false)}
${containersTemplate(`{{ if eq $i 0 }}${containerHead(false, 0, false)}    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}{{ else }}${containerHead(true, 0, true)}    running:
      startedAt: {{ $now | Quote }}{{ end }}`)}
phase: Running`,
    event: { type: 'Normal', reason: 'Started', message: 'Started container' },
  },
  waitingFault('pod-image-pull', 'image-pull', 'ImagePullBackOff', 'Back-off pulling image {{ $c.image | Quote }}'),
  waitingFault('pod-config-error', 'config-error', 'CreateContainerConfigError', message),
  {
    // readiness keeps failing: the kubelet reports Unhealthy again and again
    name: 'pod-unready',
    kind: 'Pod',
    match: [notDeleting, fault('unready'), hasIP],
    delayMs: 10000,
    jitterMs: 2000,
    statusTemplate: `{{ $now := Now }}
${conditionsTemplate(false)}
${containersTemplate(`${containerHead(false, 0, true)}    running:
      startedAt: {{ $.metadata.creationTimestamp | Quote }}`)}
phase: Running`,
    event: { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' },
  },
  finished(
    'pod-evicted',
    [notDeleting, fault('evicted'), hasIP, phase('Pending', 'Running')],
    { exitCode: '137', reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', phase: 'Failed', podReason: 'Evicted', podMessage: message },
    { type: 'Warning', reason: 'Evicted', message: 'The node was low on resource: memory.' },
  ),
  {
    name: 'pod-delete',
    kind: 'Pod',
    match: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }, { key: '.metadata.finalizers', operator: 'DoesNotExist' }],
    delayMs: 200,
    delete: true,
  },
];

const nodeConditions = (memoryPressure: boolean, kubeletPort: number): string => `
conditions:
- type: Ready
  status: "True"
  reason: KubeletReady
  message: kubelet is posting ready status
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $now | Quote }}
- type: MemoryPressure
  status: "${memoryPressure ? 'True' : 'False'}"
  reason: ${memoryPressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory'}
  message: ${memoryPressure ? 'kubelet has insufficient memory available' : 'kubelet has sufficient memory available'}
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $now | Quote }}
- type: DiskPressure
  status: "False"
  reason: KubeletHasNoDiskPressure
  message: kubelet has no disk pressure
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $now | Quote }}
- type: PIDPressure
  status: "False"
  reason: KubeletHasSufficientPID
  message: kubelet has sufficient PID available
  lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $now | Quote }}
addresses:
- type: InternalIP
  address: {{ NodeIP | Quote }}
- type: Hostname
  address: {{ .metadata.name | Quote }}
daemonEndpoints:
  kubeletEndpoint:
    Port: ${kubeletPort}
phase: Running`;

const pressure: Expression = { key: `.metadata.annotations["${PRESSURE_ANNOTATION}"]`, operator: 'In', values: ['memory'] };
const noPressure: Expression = { key: `.metadata.annotations["${PRESSURE_ANNOTATION}"]`, operator: 'DoesNotExist' };
const conditionStatus = (type: string, op: 'In' | 'NotIn', value: string): Expression => ({
  key: `.status.conditions.[] | select( .type == "${type}" ) | .status`,
  operator: op,
  values: [value],
});

/** The nodes' lifecycle; their kubelet endpoint is the kubelet server's port (kwok knows no port without its own server). */
const nodeStages = (kubeletPort: number): StageSpec[] => [
  {
    name: 'node-initialize',
    kind: 'Node',
    match: [conditionStatus('Ready', 'NotIn', 'True'), noPressure],
    delayMs: 0,
    statusTemplate: `{{ $now := Now }}${nodeConditions(false, kubeletPort)}`,
  },
  {
    name: 'node-memory-pressure',
    kind: 'Node',
    match: [pressure, conditionStatus('MemoryPressure', 'NotIn', 'True')],
    delayMs: 0,
    statusTemplate: `{{ $now := Now }}${nodeConditions(true, kubeletPort)}`,
  },
  {
    name: 'node-pressure-relieved',
    kind: 'Node',
    match: [noPressure, conditionStatus('MemoryPressure', 'In', 'True')],
    delayMs: 0,
    statusTemplate: `{{ $now := Now }}${nodeConditions(false, kubeletPort)}`,
  },
];

function stageDocument(stage: StageSpec): Record<string, unknown> {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: stage.name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: stage.kind },
      selector: { matchExpressions: stage.match },
      delay: { durationMilliseconds: stage.delayMs, ...(stage.jitterMs ? { jitterDurationMilliseconds: stage.delayMs + stage.jitterMs } : {}) },
      next: {
        ...(stage.statusTemplate ? { statusTemplate: stage.statusTemplate } : {}),
        ...(stage.event ? { event: stage.event } : {}),
        ...(stage.delete ? { delete: true } : {}),
      },
    },
  };
}

export interface KwokConfigOptions {
  nodeLeaseDurationSeconds: number;
  /** file served as every container's log, and the one served as `--previous` */
  logFile: string;
  previousLogFile: string;
  /** the port the nodes name as their kubelet endpoint */
  kubeletPort: number;
  /** serve exec into kube-system `etcd` containers as local processes (`cluster up --allow-exec`) */
  allowExec: boolean;
}

/** The kwok --config file: options, the stages above, and logs for `k8sdoc logs`. */
export function kwokConfig(options: KwokConfigOptions): string {
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokConfiguration',
      options: {
        nodeLeaseDurationSeconds: options.nodeLeaseDurationSeconds,
        nodeLeaseParallelism: 4,
        enableDebuggingHandlers: true,
        podPlayStageParallelism: 8,
        nodePlayStageParallelism: 4,
        podsOnNodeSyncParallelism: 4,
      },
    },
    ...STAGES.map(stageDocument),
    ...nodeStages(options.kubeletPort).map(stageDocument),
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'all-pods' },
      spec: { logs: [{ logsFile: options.logFile, previousLogsFile: options.previousLogFile, follow: false }] },
    },
    ...(options.allowExec
      ? [
          {
            // `k8sdoc etcd ... --via-pod`: exec into the etcd container of a kube-system pod runs the
            // command as a local process, as it would run inside kubeadm's etcd static pod. kwok's
            // selector matches namespaces and names only (no labels); the container name narrows it.
            apiVersion: 'kwok.x-k8s.io/v1alpha1',
            kind: 'ClusterExec',
            metadata: { name: 'etcd-static-pods' },
            spec: { selector: { matchNamespaces: ['kube-system'] }, execs: [{ containers: ['etcd'], local: {} }] },
          },
        ]
      : []),
  ];
  return docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n');
}

export interface FakeNodeOptions {
  name: string;
  zone: string;
  kubeletVersion: string;
  cpu: string;
  memory: string;
  pods: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
}

/** A Node object as kwok's fake kubelet should own it: realistic capacity, labels and node info. */
export function fakeNode(options: FakeNodeOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: options.name,
      annotations: { [MANAGED_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': options.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'k8sdoc.standard-4',
        'topology.kubernetes.io/region': 'embedded',
        'topology.kubernetes.io/zone': options.zone,
        type: 'kwok',
        ...options.labels,
      },
    },
    spec: { taints: options.taints ?? [] },
    status: {
      allocatable: { cpu: options.cpu, memory: options.memory, pods: options.pods, 'ephemeral-storage': '100Gi' },
      capacity: { cpu: options.cpu, memory: options.memory, pods: options.pods, 'ephemeral-storage': '100Gi' },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-k8sdoc',
        kubeletVersion: options.kubeletVersion,
        kubeProxyVersion: options.kubeletVersion,
        containerRuntimeVersion: 'containerd://2.1.4',
        bootID: '',
        machineID: '',
        systemUUID: '',
      },
    },
  };
}
