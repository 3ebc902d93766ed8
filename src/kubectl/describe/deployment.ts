import type { KubeEvent } from '../../kube/types.js';
import type { Deployment, ReplicaSet } from '../objects.js';
import { formatSelector } from '../objects.js';
import { describeContainers, describePlacement, describeVolumes } from './pod.js';
import type { DescribeWriter } from './writer.js';
import { rfc1123z } from './writer.js';

const REVISION = 'deployment.kubernetes.io/revision';

function revision(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

/** "web-6d4cf56db6 (3/3 replicas created)" */
function replicaSetLine(rs: ReplicaSet): string {
  return `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
}

/**
 * kubectl describe deployment: the replicas line, strategy, pod template, conditions and its
 * ReplicaSets (the newest revision is the new one; older ones still holding pods are old).
 */
export function describeDeployment(w: DescribeWriter, deployment: Deployment, replicaSets: ReplicaSet[], events: KubeEvent[] | undefined, now: Date): void {
  const spec = deployment.spec ?? {};
  const status = deployment.status ?? {};
  w.field(0, 'Name', deployment.metadata.name);
  w.field(0, 'Namespace', deployment.metadata.namespace);
  w.field(0, 'CreationTimestamp', rfc1123z(deployment.metadata.creationTimestamp));
  w.map(0, 'Labels', deployment.metadata.labels);
  w.annotations(0, deployment.metadata.annotations);
  w.field(0, 'Selector', formatSelector(spec.selector));
  w.field(
    0,
    'Replicas',
    `${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable`,
  );
  w.field(0, 'StrategyType', spec.strategy?.type ?? '');
  w.field(0, 'MinReadySeconds', spec.minReadySeconds ?? 0);
  const rolling = spec.strategy?.rollingUpdate;
  if (rolling) w.field(0, 'RollingUpdateStrategy', `${rolling.maxUnavailable ?? '25%'} max unavailable, ${rolling.maxSurge ?? '25%'} max surge`);
  const template = spec.template;
  w.line(0, 'Pod Template:');
  w.map(1, 'Labels', template?.metadata?.labels);
  if (template?.spec?.serviceAccountName) w.field(1, 'Service Account', template.spec.serviceAccountName);
  describeContainers(w, undefined, 'Containers', template?.spec?.containers ?? [], undefined, true);
  describeVolumes(w, template?.spec?.volumes, true);
  describePlacement(w, template?.spec ?? {}, 1);
  if (status.conditions?.length) {
    w.table(0, 'Conditions', ['Type', 'Status', 'Reason'], status.conditions.map((c) => [c.type, c.status, c.reason ?? '']));
  }
  const owned = replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === deployment.metadata.uid));
  const newest = owned.reduce<ReplicaSet | undefined>((best, rs) => (!best || revision(rs) > revision(best) ? rs : best), undefined);
  const old = owned.filter((rs) => rs !== newest && (rs.spec?.replicas ?? 0) > 0);
  w.field(0, 'OldReplicaSets', old.map(replicaSetLine).join(', '));
  w.field(0, 'NewReplicaSet', newest ? replicaSetLine(newest) : undefined);
  w.events(events, now);
}
