import { describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { classifyPod, drainNode } from '../../../src/kubectl/drain.js';
import type { DrainEvent, DrainOptions } from '../../../src/kubectl/drain.js';
import type { Pod } from '../../../src/kube/types.js';
import { FakeClient, apiError, loadObjects } from './fake-client.js';

const OBJECTS = loadObjects('pods/drain.yaml');
const pod = (name: string): Pod => OBJECTS.find((o) => o.metadata.name === name) as Pod;
const ALL: DrainOptions = { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true, retryIntervalMs: 20, pollIntervalMs: 5 };
const PDB_REFUSAL = apiError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
  details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
});

async function drain(client: FakeClient, options: DrainOptions): Promise<{ events: DrainEvent[]; error: K8sdocError | undefined; evicted: string[] }> {
  const events: DrainEvent[] = [];
  try {
    const result = await drainNode(client, 'worker-1', options, (e) => events.push(e));
    return { events, error: undefined, evicted: result.evicted };
  } catch (error) {
    if (!(error instanceof K8sdocError)) throw error;
    return { events, error, evicted: [] };
  }
}

const writes = (client: FakeClient): string[] => client.calls.filter((c) => c.startsWith('patch') || (c.startsWith('evict') && !c.endsWith('dry-run')));

describe("classifyPod (kubectl drain's filters)", () => {
  it('evicts pods a controller recreates', () => {
    expect(classifyPod(pod('web-6d4cf56db6-x2x9q'), {})).toEqual({ action: 'evict', warnings: [] });
  });

  it('blocks on DaemonSet pods unless --ignore-daemonsets, which leaves them on the node', () => {
    expect(classifyPod(pod('kube-proxy-7hx2c'), {})).toEqual({ action: 'block', reasons: [{ reason: 'managed by a DaemonSet', flag: '--ignore-daemonsets' }] });
    expect(classifyPod(pod('kube-proxy-7hx2c'), { ignoreDaemonSets: true })).toMatchObject({ action: 'skip', reason: 'DaemonSet-managed' });
  });

  it('always skips mirror (static) pods', () => {
    expect(classifyPod(pod('etcd-worker-1'), {})).toMatchObject({ action: 'skip', reason: 'mirror (static) pod' });
  });

  it('names every reason a pod blocks for, with the flag for each', () => {
    expect(classifyPod(pod('debug-shell'), {})).toEqual({
      action: 'block',
      reasons: [
        { reason: 'emptyDir data would be lost', flag: '--delete-emptydir-data' },
        { reason: 'no controller would recreate it', flag: '--force' },
      ],
    });
    expect(classifyPod(pod('debug-shell'), { deleteEmptyDirData: true, force: true })).toEqual({ action: 'evict', warnings: ['deleting Pods with local storage', 'deleting Pods that declare no controller'] });
  });

  it('lets finished pods go whatever they hold', () => {
    expect(classifyPod(pod('one-off-done'), {})).toEqual({ action: 'evict', warnings: [] });
  });
});

describe('drainNode', () => {
  it('refuses before evicting anything when pods block, naming each pod, why, and the flags (exit 4)', async () => {
    const client = new FakeClient(structuredClone(OBJECTS));
    const { error } = await drain(client, {});
    expect(error?.exitCode).toBe(4);
    expect(error?.oneLine()).toBe(
      'cannot drain node worker-1: 3 pod(s) cannot be evicted: kube-system/kube-proxy-7hx2c (managed by a DaemonSet), shop/cache (emptyDir data would be lost), shop/debug-shell (emptyDir data would be lost; no controller would recreate it). pass --ignore-daemonsets and --delete-emptydir-data and --force to evict them anyway (--force: pods without a controller are gone for good)',
    );
    // cordoned as kubectl does, but nothing evicted
    expect(writes(client)).toEqual(['patch nodes /worker-1 {"spec":{"unschedulable":true}}']);
  });

  it('cordons, warns, evicts the evictable pods and waits until they are gone', async () => {
    const client = new FakeClient(structuredClone(OBJECTS));
    const { events, error, evicted } = await drain(client, { ...ALL, gracePeriodSeconds: 10 });
    expect(error).toBeUndefined();
    expect(evicted.sort()).toEqual(['shop/cache', 'shop/debug-shell', 'shop/one-off-done', 'shop/web-6d4cf56db6-x2x9q']);
    expect(events.filter((e) => e.type === 'cordon' || e.type === 'warning')).toEqual([
      { type: 'cordon', message: 'node/worker-1 cordoned' },
      { type: 'warning', message: 'ignoring DaemonSet-managed Pods: kube-system/kube-proxy-7hx2c' },
      { type: 'warning', message: 'deleting Pods with local storage: shop/cache, shop/debug-shell' },
      { type: 'warning', message: 'deleting Pods that declare no controller: shop/debug-shell' },
    ]);
    expect(client.calls).toContain('evict shop/web-6d4cf56db6-x2x9q grace=10');
    expect(client.calls.some((c) => c.includes('kube-proxy') && c.startsWith('evict'))).toBe(false);
    expect(client.calls.some((c) => c.includes('etcd-worker-1') && c.startsWith('evict'))).toBe(false);
  });

  it('retries an eviction a PodDisruptionBudget refuses, naming the budget, until it is allowed', async () => {
    const client = new FakeClient(structuredClone(OBJECTS)).fail((c) => c.startsWith('evict shop/web-'), PDB_REFUSAL, 2);
    const { events, error } = await drain(client, ALL);
    expect(error).toBeUndefined();
    const blocked = events.filter((e) => e.type === 'blocked');
    expect(blocked).toHaveLength(2);
    expect(blocked[0]).toEqual({
      type: 'blocked',
      pod: 'shop/web-6d4cf56db6-x2x9q',
      reason: 'PodDisruptionBudget web-pdb: The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
      retryInMs: 20,
    });
    expect(events.at(-1)?.type).toBe('evicted');
  });

  it('gives up at --timeout with exit 8, naming the pod and the budget that holds it', async () => {
    const client = new FakeClient(structuredClone(OBJECTS)).fail((c) => c.startsWith('evict shop/web-'), PDB_REFUSAL);
    const { error } = await drain(client, { ...ALL, timeoutMs: 150 });
    expect(error?.exitCode).toBe(8);
    expect(error?.message).toBe(
      'node worker-1 was not drained within the timeout: shop/web-6d4cf56db6-x2x9q (PodDisruptionBudget web-pdb: The disruption budget web-pdb needs 2 healthy pods and has 2 currently)',
    );
    expect(error?.hint).toContain('a PodDisruptionBudget allows no disruption now');
  });

  it('a dry run changes nothing, not even the cordon, and says what a budget would refuse', async () => {
    const client = new FakeClient(structuredClone(OBJECTS)).fail((c) => c.startsWith('evict shop/web-'), PDB_REFUSAL);
    const { events, error } = await drain(client, { ...ALL, dryRun: true });
    expect(error).toBeUndefined();
    expect(writes(client)).toEqual([]);
    expect(events[0]).toEqual({ type: 'cordon', message: 'node/worker-1 cordoned (dry run)' });
    expect(events).toContainEqual({ type: 'would-block', pod: 'shop/web-6d4cf56db6-x2x9q', reason: expect.stringContaining('PodDisruptionBudget web-pdb') });
    expect(events).toContainEqual({ type: 'evicted', pod: 'shop/cache' });
    expect(client.objects.filter((o) => o.kind === 'Pod')).toHaveLength(6);
  });

  it('refuses a bad --pod-selector before the cordon, changing nothing (exit 2)', async () => {
    for (const dryRun of [false, true]) {
      const client = new FakeClient(structuredClone(OBJECTS));
      const { events, error } = await drain(client, { ...ALL, dryRun, podSelector: 'a in (' });
      expect(error?.exitCode).toBe(2);
      expect(events).toEqual([]);
      expect(writes(client)).toEqual([]);
    }
  });

  it('a node that does not exist is exit 5', async () => {
    const { error } = await drain(new FakeClient([]), ALL);
    expect(error?.exitCode).toBe(5);
  });
});
