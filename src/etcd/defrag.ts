import type { EtcdConnection } from './connection.js';
import { etcdctlOk } from './etcdctl.js';
import { parseAlarms } from './parse.js';
import type { Alarm } from './parse.js';
import { etcdStatus } from './status.js';
import type { EndpointReport } from './status.js';

export interface DefragPlan {
  /** one member at a time, the leader last: defragmenting the leader blocks it and may force an election */
  order: EndpointReport[];
  /** members that did not answer: defragmenting around them is refused */
  unreachable: EndpointReport[];
}

export function defragOrder(endpoints: readonly EndpointReport[]): DefragPlan {
  const answering = endpoints.filter((e) => e.version !== undefined);
  return {
    order: [...answering.filter((e) => !e.isLeader), ...answering.filter((e) => e.isLeader)],
    unreachable: endpoints.filter((e) => e.version === undefined),
  };
}

export interface EtcdTarget {
  etcdctl: string;
  connection: EtcdConnection;
  timeoutMs: number;
}

export async function planDefrag(target: EtcdTarget): Promise<DefragPlan> {
  return defragOrder((await etcdStatus(target)).endpoints);
}

export interface DefragStep {
  endpoint: string;
  before: number | undefined;
  after: number | undefined;
}

/** Defragments the planned members in order; stops at the first failure (the rest stay untouched). */
export async function runDefrag(target: EtcdTarget, plan: DefragPlan, onMember: (endpoint: EndpointReport) => void): Promise<DefragStep[]> {
  const steps: DefragStep[] = [];
  for (const member of plan.order) {
    onMember(member);
    await etcdctlOk(target.etcdctl, target.connection, `defragment ${member.endpoint}`, ['defrag'], { timeoutMs: target.timeoutMs, endpoints: [member.endpoint] });
    const after = (await etcdStatus({ ...target, connection: { ...target.connection, endpoints: [member.endpoint] } })).endpoints.find((e) => e.endpoint === member.endpoint);
    steps.push({ endpoint: member.endpoint, before: member.dbSize, after: after?.dbSize });
  }
  return steps;
}

export async function listAlarms(target: EtcdTarget): Promise<Alarm[]> {
  return parseAlarms(await etcdctlOk(target.etcdctl, target.connection, 'list the etcd alarms', ['alarm', 'list', '-w', 'json'], { timeoutMs: target.timeoutMs }));
}

/** Disarms every alarm; returns the ones that were raised, and the ones still raised after (the cause persists). */
export async function disarmAlarms(target: EtcdTarget): Promise<{ disarmed: Alarm[]; remaining: Alarm[] }> {
  const raised = await listAlarms(target);
  if (raised.length === 0) return { disarmed: [], remaining: [] };
  await etcdctlOk(target.etcdctl, target.connection, 'disarm the etcd alarms', ['alarm', 'disarm'], { timeoutMs: target.timeoutMs });
  const remaining = await listAlarms(target);
  return { disarmed: raised, remaining };
}
