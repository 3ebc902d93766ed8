import { setTimeout as sleep } from 'node:timers/promises';
import { K8sdocError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { Pod } from '../kube/types.js';
import { parseLabelSelector } from '../engine/selector.js';
import { setSchedulable } from './cordon.js';

/** The client calls a drain makes; a narrow type so the SOP runner and tests can pass their own. */
export type DrainClient = Pick<KubeClient, 'find' | 'patch' | 'listPages' | 'evict'>;

export interface DrainOptions {
  /** skip pods of DaemonSets (their controller would recreate them on the node anyway) */
  ignoreDaemonSets?: boolean;
  /** evict pods with emptyDir volumes, whose data is lost */
  deleteEmptyDirData?: boolean;
  /** evict pods no controller will recreate */
  force?: boolean;
  /** seconds each pod gets to stop; undefined uses the pod's own terminationGracePeriodSeconds */
  gracePeriodSeconds?: number | undefined;
  /** give up after this long (evictions refused by a PodDisruptionBudget are retried until then); 0 waits forever */
  timeoutMs?: number;
  /** only pods matching this label selector */
  podSelector?: string | undefined;
  /** report what would happen and change nothing: no cordon, evictions only as server dry runs */
  dryRun?: boolean;
  /** wait between eviction attempts a PodDisruptionBudget refused (kubectl: 5s) */
  retryIntervalMs?: number;
  /** wait between checks that an evicted pod is gone */
  pollIntervalMs?: number;
}

/** What a drain does with one pod of the node, and why. */
export type PodVerdict =
  | { action: 'evict'; warnings: string[] }
  | { action: 'skip'; reason: string; warnings: string[] }
  /** every reason is given at once (kubectl stops at the first), so one retry with the right flags suffices */
  | { action: 'block'; reasons: { reason: string; flag: string }[] };

export type DrainEvent =
  | { type: 'cordon'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'evicting'; pod: string }
  | { type: 'blocked'; pod: string; reason: string; retryInMs: number }
  /** the pod is gone (in a dry run: the Eviction API would accept it) */
  | { type: 'evicted'; pod: string }
  | { type: 'would-block'; pod: string; reason: string };

export interface DrainResult {
  node: string;
  /** namespace/name of the pods evicted (or that would be, in a dry run) */
  evicted: string[];
  /** namespace/name and why, for pods left on the node on purpose */
  skipped: { pod: string; reason: string }[];
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

const id = (pod: Pod): string => `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;

function finished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * kubectl drain's filters: DaemonSet pods, mirror (static) pods, pods with emptyDir data,
 * pods without a controller. A pod is evicted only when no filter holds it back.
 */
export function classifyPod(pod: Pod, options: DrainOptions): PodVerdict {
  const controller = pod.metadata.ownerReferences?.find((ref) => ref.controller);
  if (controller?.kind === 'DaemonSet') {
    if (options.ignoreDaemonSets) return { action: 'skip', reason: 'DaemonSet-managed', warnings: ['ignoring DaemonSet-managed Pods'] };
    return { action: 'block', reasons: [{ reason: 'managed by a DaemonSet', flag: '--ignore-daemonsets' }] };
  }
  if (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return { action: 'skip', reason: 'mirror (static) pod', warnings: [] };
  const reasons: { reason: string; flag: string }[] = [];
  const warnings: string[] = [];
  if (!finished(pod) && (pod.spec.volumes ?? []).some((volume) => volume.emptyDir !== undefined)) {
    if (options.deleteEmptyDirData) warnings.push('deleting Pods with local storage');
    else reasons.push({ reason: 'emptyDir data would be lost', flag: '--delete-emptydir-data' });
  }
  if (!controller && !finished(pod)) {
    if (options.force) warnings.push('deleting Pods that declare no controller');
    else reasons.push({ reason: 'no controller would recreate it', flag: '--force' });
  }
  return reasons.length > 0 ? { action: 'block', reasons } : { action: 'evict', warnings };
}

interface Blocked {
  pod: string;
  reasons: { reason: string; flag: string }[];
}

function blockedError(node: string, blocked: Blocked[]): K8sdocError {
  const flags = [...new Set(blocked.flatMap((b) => b.reasons.map((r) => r.flag)))];
  const list = blocked.map((b) => `${b.pod} (${b.reasons.map((r) => r.reason).join('; ')})`).join(', ');
  return new K8sdocError('drain-blocked', `cannot drain node ${node}: ${blocked.length} pod(s) cannot be evicted: ${list}`, {
    exit: 'precondition',
    hint: `pass ${flags.join(' and ')} to evict them anyway${flags.includes('--force') ? ' (--force: pods without a controller are gone for good)' : ''}`,
    details: { node, blocked },
  });
}

/** The PodDisruptionBudget an eviction refusal names, as the API words it ("The disruption budget web needs 2 healthy pods..."). */
function refusal(error: ApiError): string {
  const cause = error.causes.find((message) => /disruption budget/i.test(message));
  const budget = /disruption budget (\S+)/i.exec(cause ?? '')?.[1];
  return budget ? `PodDisruptionBudget ${budget}: ${cause}` : (cause ?? error.message);
}

interface Deadline {
  /** ms left, Infinity without a timeout */
  left(): number;
}

function deadline(timeoutMs: number | undefined): Deadline {
  const end = timeoutMs && timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  return { left: () => end - Date.now() };
}

/** Evicts one pod, retrying while a PodDisruptionBudget refuses; resolves once the API accepted it (or it is gone). */
async function evictWithRetry(client: DrainClient, pod: Pod, options: DrainOptions, until: Deadline, emit: (event: DrainEvent) => void): Promise<'accepted' | { timedOut: string }> {
  const retryMs = options.retryIntervalMs ?? 5000;
  for (;;) {
    try {
      await client.evict(pod.metadata.name, pod.metadata.namespace ?? '', options.gracePeriodSeconds);
      return 'accepted';
    } catch (error) {
      // already deleted: nothing left to evict
      if (error instanceof ApiError && error.status === 404) return 'accepted';
      if (!(error instanceof ApiError) || error.status !== 429) throw error;
      const reason = refusal(error);
      if (until.left() <= retryMs) return { timedOut: reason };
      emit({ type: 'blocked', pod: id(pod), reason, retryInMs: retryMs });
      await sleep(retryMs);
    }
  }
}

/** Waits until the evicted pod is deleted (or replaced by a new pod of the same name). */
async function waitGone(client: DrainClient, pod: Pod, options: DrainOptions, until: Deadline): Promise<boolean> {
  const pollMs = options.pollIntervalMs ?? 1000;
  for (;;) {
    const current = await client.find<Pod>(R.pods, pod.metadata.name, pod.metadata.namespace);
    if (!current || current.metadata.uid !== pod.metadata.uid) return true;
    if (until.left() <= 0) return false;
    await sleep(Math.min(pollMs, Math.max(until.left(), 0)));
  }
}

/**
 * Drains a node as `kubectl drain` does: cordon, classify the node's pods, evict the evictable
 * ones through the Eviction API (honouring PodDisruptionBudgets, retried until the timeout) and
 * wait until they are gone. Nothing is evicted when a pod blocks the drain; the node stays
 * cordoned, as with kubectl. Progress is reported through `emit`; the upgrade SOP runner uses
 * this same function.
 */
export async function drainNode(client: DrainClient, node: string, options: DrainOptions = {}, emit: (event: DrainEvent) => void = () => {}): Promise<DrainResult> {
  const until = deadline(options.timeoutMs);
  // a bad selector is found before the cordon, not after it (kubectl validates first too)
  if (options.podSelector) parseLabelSelector(options.podSelector);
  const cordon = await setSchedulable(client, node, true, options.dryRun);
  emit({ type: 'cordon', message: cordon.message });

  const toEvict: Pod[] = [];
  const skipped: DrainResult['skipped'] = [];
  const blocked: Blocked[] = [];
  const warnings = new Map<string, string[]>();
  for await (const page of client.listPages<Pod>(R.pods, { fieldSelector: `spec.nodeName=${node}`, labelSelector: options.podSelector })) {
    for (const pod of page.items) {
      const verdict = classifyPod(pod, options);
      if (verdict.action === 'block') {
        blocked.push({ pod: id(pod), reasons: verdict.reasons });
        continue;
      }
      if (verdict.action === 'skip') skipped.push({ pod: id(pod), reason: verdict.reason });
      else toEvict.push(pod);
      for (const warning of verdict.warnings) warnings.set(warning, [...(warnings.get(warning) ?? []), id(pod)]);
    }
  }
  if (blocked.length > 0) throw blockedError(node, blocked);
  for (const [warning, pods] of warnings) emit({ type: 'warning', message: `${warning}: ${pods.join(', ')}` });

  if (options.dryRun) {
    // a server-side dry run asks the Eviction API, PodDisruptionBudgets included, without evicting
    for (const pod of toEvict) {
      try {
        await client.evict(pod.metadata.name, pod.metadata.namespace ?? '', options.gracePeriodSeconds, true);
        emit({ type: 'evicted', pod: id(pod) });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 429) throw error;
        emit({ type: 'would-block', pod: id(pod), reason: refusal(error) });
      }
    }
    return { node, evicted: toEvict.map(id), skipped };
  }

  const outcomes = await Promise.all(
    toEvict.map(async (pod) => {
      emit({ type: 'evicting', pod: id(pod) });
      const outcome = await evictWithRetry(client, pod, options, until, emit);
      if (typeof outcome === 'object') return { pod: id(pod), reason: outcome.timedOut, refused: true };
      if (!(await waitGone(client, pod, options, until))) return { pod: id(pod), reason: 'evicted but still terminating', refused: false };
      emit({ type: 'evicted', pod: id(pod) });
      return undefined;
    }),
  );
  const stuck = outcomes.filter((o): o is { pod: string; reason: string; refused: boolean } => o !== undefined);
  if (stuck.length > 0) {
    const list = stuck.map((s) => `${s.pod} (${s.reason})`).join(', ');
    const hint = stuck.some((s) => s.refused)
      ? 'the node stays cordoned; a PodDisruptionBudget allows no disruption now: wait for more healthy replicas elsewhere, raise --timeout, or fix the budget'
      : 'the node stays cordoned; the evicted pods are still shutting down (finalizers, a long grace period, or an unreachable kubelet): raise --timeout or check them with `k8sdoc describe pod`';
    throw new K8sdocError('drain-timeout', `node ${node} was not drained within the timeout: ${list}`, { exit: 'conflict', hint, details: { node, stuck } });
  }
  return { node, evicted: toEvict.map(id), skipped };
}
