import type { Container, ContainerState, ContainerStatus, KubeEvent, Pod, PodSpec, Probe, ResourceList, Toleration, Volume } from '../../kube/types.js';
import { age } from '../../util/time.js';
import type { WidePod } from '../objects.js';
import type { DescribeWriter, Level } from './writer.js';
import { controlledBy, rfc1123z } from './writer.js';



/** Resource lists sorted by name, as "cpu:\t100m" lines. */
export function describeResources(w: DescribeWriter, level: Level, resources: { limits?: ResourceList; requests?: ResourceList } | undefined): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.line(level, `${title}:`);
    for (const name of names) w.line((level + 1) as Level, `${name}:\t${list?.[name] ?? ''}`);
  }
}

function describeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.line(2, `${title}:\tRunning`);
    w.line(3, `Started:\t${rfc1123z(state.running.startedAt)}`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.line(2, `${title}:\tTerminated`);
    if (t.reason) w.line(3, `Reason:\t${t.reason}`);
    if (t.message) w.line(3, `Message:\t${t.message}`);
    w.line(3, `Exit Code:\t${t.exitCode}`);
    if (t.signal) w.line(3, `Signal:\t${t.signal}`);
    w.line(3, `Started:\t${rfc1123z(t.startedAt)}`);
    w.line(3, `Finished:\t${rfc1123z(t.finishedAt)}`);
  } else {
    w.line(2, `${title}:\tWaiting`);
    if (state?.waiting?.reason) w.line(3, `Reason:\t${state.waiting.reason}`);
    // kubectl leaves the waiting message out; it is often the one line that says what is wrong
    if (state?.waiting?.message) w.line(3, `Message:\t${state.waiting.message}`);
  }
}

function describeProbe(probe: Probe & { successThreshold?: number; httpGet?: { scheme?: string; host?: string } }): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) return `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${probe.httpGet.host ?? ''}:${probe.httpGet.port ?? ''}${probe.httpGet.path ?? ''} ${attrs}`;
  if (probe.tcpSocket) return `tcp-socket :${probe.tcpSocket.port ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** The value a downward-API field path (metadata.name, status.podIP...) has in this pod. */
function fieldValue(pod: Pod | undefined, path: string): string {
  let value: unknown = pod;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** An env var as kubectl shows it: literal values, and where a reference points (never a Secret's value). */
function envValue(pod: Pod | undefined, env: NonNullable<Container['env']>[number]): string {
  const from = env.valueFrom as
    | (NonNullable<typeof env.valueFrom> & { fieldRef?: { fieldPath?: string; apiVersion?: string }; resourceFieldRef?: { resource?: string } })
    | undefined;
  if (!from) return env.value ?? '';
  if (from.secretKeyRef) return `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${from.secretKeyRef.optional ?? false}`;
  if (from.configMapKeyRef) return `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${from.configMapKeyRef.optional ?? false}`;
  if (from.fieldRef) return `${fieldValue(pod, from.fieldRef.fieldPath ?? '')} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath ?? ''})`;
  if (from.resourceFieldRef) return `${from.resourceFieldRef.resource ?? ''}`;
  return '';
}

/**
 * Containers with image, ports, command, state, last state, readiness, restarts, resources,
 * probes and environment. In a pod template (describe deployment) kubectl indents the title
 * and the names by one more space than the fields, and so do we.
 */
export function describeContainers(w: DescribeWriter, pod: Pod | undefined, title: string, containers: Container[], statuses: ContainerStatus[] | undefined, template = false): void {
  w.line(0, `${template ? '  ' : ''}${title}:${containers.length === 0 ? ' <none>' : ''}`);
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  for (const container of containers) {
    const status = byName.get(container.name) as (ContainerStatus & { containerID?: string }) | undefined;
    w.line(1, `${template ? ' ' : ''}${container.name}:`);
    if (status) w.line(2, `Container ID:\t${status.containerID ?? ''}`);
    w.line(2, `Image:\t${container.image ?? ''}`);
    if (status) w.line(2, `Image ID:\t${status.imageID ?? ''}`);
    const ports = (container.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`);
    w.line(2, `${ports.length > 1 ? 'Ports' : 'Port'}:\t${ports.join(', ') || '<none>'}`);
    const hostPorts = (container.ports ?? []).flatMap((p) => {
      const hostPort = (p as { hostPort?: number }).hostPort;
      return hostPort ? [`${hostPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`] : [];
    });
    w.line(2, `${hostPorts.length > 1 ? 'Host Ports' : 'Host Port'}:\t${hostPorts.join(', ') || '<none>'}`);
    if (container.command?.length) {
      w.line(2, 'Command:');
      for (const part of container.command) for (const line of part.split('\n')) w.line(3, line);
    }
    if (container.args?.length) {
      w.line(2, 'Args:');
      for (const part of container.args) for (const line of part.split('\n')) w.line(3, line);
    }
    if (status) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
      w.line(2, `Ready:\t${status.ready ? 'True' : 'False'}`);
      w.line(2, `Restart Count:\t${status.restartCount}`);
    }
    describeResources(w, 2, container.resources);
    if (container.livenessProbe) w.line(2, `Liveness:\t${describeProbe(container.livenessProbe)}`);
    if (container.readinessProbe) w.line(2, `Readiness:\t${describeProbe(container.readinessProbe)}`);
    if (container.startupProbe) w.line(2, `Startup:\t${describeProbe(container.startupProbe)}`);
    if (container.envFrom?.length) {
      w.line(2, 'Environment Variables from:');
      for (const from of container.envFrom) {
        if (from.configMapRef) w.line(3, `${from.configMapRef.name}\tConfigMap\tOptional: ${from.configMapRef.optional ?? false}`);
        if (from.secretRef) w.line(3, `${from.secretRef.name}\tSecret\tOptional: ${from.secretRef.optional ?? false}`);
      }
    }
    w.line(2, `Environment:${container.env?.length ? '' : '\t<none>'}`);
    for (const env of container.env ?? []) w.line(3, `${env.name}:\t${envValue(pod, env)}`);
    const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => a.mountPath.localeCompare(b.mountPath));
    w.line(2, `Mounts:${mounts.length ? '' : '\t<none>'}`);
    for (const mount of mounts) w.line(3, `${mount.mountPath} from ${mount.name} (${(mount as { readOnly?: boolean }).readOnly ? 'ro' : 'rw'})`);
  }
}

function describeVolume(w: DescribeWriter, volume: Volume, template: boolean): void {
  w.line(1, `${template ? ' ' : ''}${volume.name}:`);
  if (volume.persistentVolumeClaim) {
    w.line(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
    w.line(2, `ClaimName:\t${volume.persistentVolumeClaim.claimName}`);
  } else if (volume.configMap) {
    w.line(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
    w.line(2, `Name:\t${volume.configMap.name}`);
    w.line(2, `Optional:\t${volume.configMap.optional ?? false}`);
  } else if (volume.secret) {
    w.line(2, 'Type:\tSecret (a volume populated by a Secret)');
    w.line(2, `SecretName:\t${volume.secret.secretName}`);
    w.line(2, `Optional:\t${volume.secret.optional ?? false}`);
  } else if (volume.emptyDir) {
    const emptyDir = volume.emptyDir as { medium?: string; sizeLimit?: string };
    w.line(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
    w.line(2, `Medium:\t${emptyDir.medium ?? ''}`);
    w.line(2, `SizeLimit:\t${emptyDir.sizeLimit ?? '<unset>'}`);
  } else if (volume.hostPath) {
    w.line(2, 'Type:\tHostPath (bare host directory volume)');
    w.line(2, `Path:\t${volume.hostPath.path}`);
  } else if (volume.projected) {
    w.line(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
    const sources = (volume.projected as { sources?: { serviceAccountToken?: { expirationSeconds?: number }; configMap?: { name?: string; optional?: boolean }; secret?: { name?: string }; downwardAPI?: unknown }[] }).sources ?? [];
    for (const source of sources) {
      if (source.serviceAccountToken) w.line(2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}`);
      if (source.configMap) {
        w.line(2, `ConfigMapName:\t${source.configMap.name ?? ''}`);
        w.line(2, `Optional:\t${source.configMap.optional ?? false}`);
      }
      if (source.secret) w.line(2, `SecretName:\t${source.secret.name ?? ''}`);
      if (source.downwardAPI) w.line(2, 'DownwardAPI:\ttrue');
    }
  } else {
    const type = Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';
    w.line(2, `Type:\t${type}`);
  }
}

/** Volumes with their type and source; `template` indents them as kubectl does inside a pod template. */
export function describeVolumes(w: DescribeWriter, volumes: Volume[] | undefined, template = false): void {
  const prefix = template ? '  ' : '';
  if (!volumes?.length) {
    w.line(0, `${prefix}Volumes:\t<none>`);
    return;
  }
  w.line(0, `${prefix}Volumes:`);
  for (const volume of volumes) describeVolume(w, volume, template);
}

/** Node-Selectors and Tolerations; at level 1 inside a pod template. */
export function describePlacement(w: DescribeWriter, spec: Pick<PodSpec, 'nodeSelector' | 'tolerations'>, level: Level = 0): void {
  w.map(level, 'Node-Selectors', spec.nodeSelector);
  w.list(level, 'Tolerations', [...(spec.tolerations ?? [])].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '')).map(formatToleration));
}

/** "key=value:Effect op=Exists for 300s", sorted by key, as kubectl prints tolerations. */
export function formatToleration(t: Toleration): string {
  let text = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
  if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
  return text;
}

/** kubectl describe pod: identity, status, containers with their states, conditions, volumes, events. */
export function describePod(w: DescribeWriter, object: Pod, events: KubeEvent[] | undefined, now: Date): void {
  const pod = object as WidePod;
  const status = pod.status ?? {};
  w.field(0, 'Name', pod.metadata.name);
  w.field(0, 'Namespace', pod.metadata.namespace);
  if (pod.spec.priority !== undefined) w.field(0, 'Priority', pod.spec.priority);
  if (pod.spec.priorityClassName) w.field(0, 'Priority Class Name', pod.spec.priorityClassName);
  if (pod.spec.serviceAccountName) w.field(0, 'Service Account', pod.spec.serviceAccountName);
  w.field(0, 'Node', pod.spec.nodeName ? `${pod.spec.nodeName}/${status.hostIP ?? ''}` : undefined);
  if (status.startTime) w.field(0, 'Start Time', rfc1123z(status.startTime));
  w.map(0, 'Labels', pod.metadata.labels);
  w.annotations(0, pod.metadata.annotations);
  const terminal = status.phase === 'Failed' || status.phase === 'Succeeded';
  if (pod.metadata.deletionTimestamp && !terminal) {
    w.field(0, 'Status', `Terminating (lasts ${age(pod.metadata.deletionTimestamp, now)})`);
    w.field(0, 'Termination Grace Period', `${pod.metadata.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    w.field(0, 'Status', status.phase ?? '');
  }
  if (status.reason) w.field(0, 'Reason', status.reason);
  if (status.message) w.field(0, 'Message', status.message);
  w.line(0, `IP:\t${status.podIP ?? ''}`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.field(0, 'IPs', undefined);
  else {
    w.line(0, 'IPs:');
    for (const ip of ips) w.line(1, `IP:\t${ip.ip}`);
  }
  const controller = controlledBy(pod);
  if (controller) w.field(0, 'Controlled By', controller);
  if (status.nominatedNodeName) w.field(0, 'NominatedNodeName', status.nominatedNodeName);
  if (pod.spec.initContainers?.length) describeContainers(w, pod, 'Init Containers', pod.spec.initContainers, status.initContainerStatuses);
  describeContainers(w, pod, 'Containers', pod.spec.containers, status.containerStatuses);
  if (status.conditions?.length) {
    w.table(0, 'Conditions', ['Type', 'Status'], status.conditions.map((c) => [c.type, c.status]), false);
  }
  describeVolumes(w, pod.spec.volumes);
  w.field(0, 'QoS Class', status.qosClass ?? '');
  describePlacement(w, pod.spec);
  w.events(events, now);
}
