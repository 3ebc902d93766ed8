import type { SnapshotView } from '../engine/view.js';
import { eventLine } from '../engine/view.js';
import type { Condition, KubeObject } from '../kube/types.js';
import { conditionOf } from './pods.js';
import type { PodSummary } from './pods.js';

/** Why a controller could not create a pod, from its FailedCreate event or ReplicaFailure condition. */
export type FailedCreateCause =
  | { kind: 'quota'; quota: string | undefined }
  | { kind: 'quota-needs-limits'; quota: string | undefined }
  | { kind: 'webhook-denied'; webhook: string | undefined }
  | { kind: 'webhook-unreachable'; webhook: string | undefined }
  | { kind: 'pod-security' }
  | { kind: 'limit-range' }
  | { kind: 'service-account'; serviceAccount: string | undefined }
  | { kind: 'other' };

function classifyFailedCreate(message: string): FailedCreateCause {
  const quota = /exceeded quota: ([^,\s]+)/.exec(message);
  if (quota) return { kind: 'quota', quota: quota[1] };
  const needsLimits = /failed quota: ([^:\s]+): must specify/.exec(message);
  if (needsLimits) return { kind: 'quota-needs-limits', quota: needsLimits[1] };
  const denied = /admission webhook "([^"]+)" denied the request/.exec(message);
  if (denied) return { kind: 'webhook-denied', webhook: denied[1] };
  const unreachable = /failed calling webhook "([^"]+)"/.exec(message);
  if (unreachable) return { kind: 'webhook-unreachable', webhook: unreachable[1] };
  if (/violates PodSecurity/.test(message)) return { kind: 'pod-security' };
  if (/maximum .* usage per|minimum .* usage per|must be less than or equal to .* limit/.test(message)) return { kind: 'limit-range' };
  const serviceAccount = /serviceaccount "([^"]+)" not found/.exec(message);
  if (serviceAccount) return { kind: 'service-account', serviceAccount: serviceAccount[1] };
  return { kind: 'other' };
}

/** The cause in plain words, and what to do about it. */
export function explainFailedCreate(cause: FailedCreateCause): { problem: string; remediation: string } {
  switch (cause.kind) {
    case 'quota':
      return { problem: `ResourceQuota ${cause.quota ?? ''} is exhausted`, remediation: `Raise the quota's hard limits, or lower the requests or the replicas of the workloads in the namespace (kubectl describe resourcequota ${cause.quota ?? ''} shows what is used).` };
    case 'quota-needs-limits':
      return { problem: `ResourceQuota ${cause.quota ?? ''} requires requests/limits the pods do not set`, remediation: 'Set the resources the quota names on every container, or add a LimitRange with defaults for the namespace.' };
    case 'webhook-denied':
      return { problem: `admission webhook ${cause.webhook ?? ''} denied the pods`, remediation: 'Change the pod template to satisfy the policy the webhook enforces (its message says which), or fix the webhook.' };
    case 'webhook-unreachable':
      return { problem: `admission webhook ${cause.webhook ?? ''} cannot be reached`, remediation: 'Bring the webhook service back (its pods and endpoints), or set its failurePolicy to Ignore while it is down.' };
    case 'pod-security':
      return { problem: "the pods violate the namespace's Pod Security level", remediation: 'Make the pod template meet the enforced Pod Security Standard (pod-security.kubernetes.io/enforce label), or relax the label.' };
    case 'limit-range':
      return { problem: "the pods' resources are outside the namespace's LimitRange", remediation: 'Set requests/limits within the LimitRange (kubectl describe limitrange), or change the LimitRange.' };
    case 'service-account':
      return { problem: `ServiceAccount ${cause.serviceAccount ?? ''} does not exist`, remediation: `Create ServiceAccount ${cause.serviceAccount ?? ''} or fix spec.serviceAccountName in the pod template.` };
    case 'other':
      return { problem: 'the API server rejected the pods', remediation: 'Read the FailedCreate event and fix the pod template or the policy it names.' };
  }
}

export interface FailedCreate {
  /** the FailedCreate message (newest event, else the ReplicaFailure condition) */
  message: string;
  cause: FailedCreateCause;
  /** the events, or the condition, as evidence lines */
  evidence: string[];
}

/**
 * Why a workload controller cannot create its pods, from its FailedCreate events or its
 * ReplicaFailure condition; undefined when it reports no such failure.
 */
export function failedCreate(view: SnapshotView, kind: string, object: KubeObject, now: Date): FailedCreate | undefined {
  const events = view.eventsFor(kind, object.metadata.name, object.metadata.namespace).filter((e) => e.reason === 'FailedCreate');
  const condition = conditionOf((object.status as { conditions?: Condition[] } | undefined)?.conditions, 'ReplicaFailure');
  const message = events[0]?.message ?? (condition?.status === 'True' ? condition.message : undefined);
  if (!message) return undefined;
  const evidence = events.length ? events.slice(0, 2).map((e) => eventLine(e, now)) : [`condition ReplicaFailure=True (${condition?.reason ?? 'FailedCreate'}): ${message}`];
  return { message, cause: classifyFailedCreate(message), evidence };
}

/**
 * What keeps a workload short of ready pods: its pods' most common problem, else why its
 * controller cannot create them; and what to do about it.
 */
export function workloadTrouble(summary: PodSummary, failure: FailedCreate | undefined, podRemediation: string): { why: string | undefined; remediation: string } {
  if (summary.headline || !failure) return { why: summary.headline, remediation: podRemediation };
  const { problem, remediation } = explainFailedCreate(failure.cause);
  return { why: `pods cannot be created: ${problem}`, remediation };
}
