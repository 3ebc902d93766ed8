import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenario, eventually, k8sdoc, kubectl, resetScenario } from './harness.js';

/**
 * k8sdoc get must show what kubectl built from the same release shows, for the same cluster:
 * the same objects in -o json, and the same READY/STATUS/RESTARTS for pods in every state the
 * fault scenarios produce.
 */
const SCENARIOS = ['crashloop', 'oomkilled', 'image-pull-not-found', 'config-error', 'pending-gated', 'stuck-creating', 'evicted', 'job-failing'];

beforeAll(async () => {
  for (const name of SCENARIOS) await applyScenario(name);
}, 600_000);

afterAll(async () => {
  for (const name of SCENARIOS) await resetScenario(name);
}, 600_000);

interface ListedObject {
  apiVersion?: string;
  kind?: string;
  metadata: { uid: string; resourceVersion: string };
}

interface List {
  apiVersion: string;
  kind: string;
  items: ListedObject[];
  metadata: { resourceVersion: string };
}

const identity = (list: List): string[] => list.items.map((item) => `${item.metadata.uid}@${item.metadata.resourceVersion}`).sort();

/** NAMESPACE NAME READY STATUS RESTARTS without the "(2m ago)" of RESTARTS, which depends on the second it is read. */
function columns(table: string): string[] {
  return table
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [namespace, name, ready, status, restarts] = line.replace(/ \(\S+ ago\)/, '').split(/\s+/);
      return [namespace, name, ready, status, restarts].join(' ');
    })
    .sort();
}

describe('parity with kubectl', () => {
  it('get pods -A -o json returns the same objects as kubectl, each with its kind', async () => {
    // kwok keeps moving pods along, so a change between the two reads is retried
    const [ours, theirs] = await eventually(async () => {
      const [a, b] = await Promise.all([k8sdoc(['get', 'pods', '-A', '-o', 'json']), kubectl(['get', 'pods', '-A', '-o', 'json'])]);
      expect(a.exitCode).toBe(0);
      expect(b.exitCode).toBe(0);
      const pair = [JSON.parse(a.stdout) as List, JSON.parse(b.stdout) as List] as const;
      return identity(pair[0]).join() === identity(pair[1]).join() ? pair : undefined;
    }, 60_000);
    expect(ours.items.length).toBeGreaterThan(SCENARIOS.length);
    expect(identity(ours)).toEqual(identity(theirs));
    expect({ apiVersion: ours.apiVersion, kind: ours.kind, metadata: ours.metadata }).toEqual({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(ours.items.every((item) => item.kind === 'Pod' && item.apiVersion === 'v1')).toBe(true);
  });

  it('get pods -A prints the same NAME, READY, STATUS and RESTARTS as kubectl for every scenario state', async () => {
    const [ours, theirs] = await eventually(async () => {
      const [a, b] = await Promise.all([k8sdoc(['get', 'pods', '-A']), kubectl(['get', 'pods', '-A'])]);
      expect(a.exitCode).toBe(0);
      const pair = [columns(a.stdout), columns(b.stdout)] as const;
      return pair[0].join('\n') === pair[1].join('\n') ? pair : undefined;
    }, 60_000);
    expect(ours).toEqual(theirs);
    const statuses = new Set(ours.map((row) => row.split(' ')[3]));
    // the scenarios really produced the states this test is about (an evicted pod shows its
    // container's termination reason, as in kubectl, so it has no state of its own here)
    for (const status of ['CrashLoopBackOff', 'ImagePullBackOff', 'CreateContainerConfigError', 'SchedulingGated', 'ContainerCreating', 'Running']) {
      expect([...statuses], `no pod in state ${status}`).toContain(status);
    }
    expect(ours.some((row) => row.startsWith('evicted cache-warmer '))).toBe(true);
  });

  it('get pods with a header lays the columns out like kubectl', async () => {
    const [a, b] = await Promise.all([k8sdoc(['get', 'pods', '-n', 'kube-system']), kubectl(['get', 'pods', '-n', 'kube-system'])]);
    expect(a.stdout.split('\n')[0]).toBe(b.stdout.split('\n')[0]);
  });

  it('api-resources prints exactly what kubectl prints', async () => {
    const [a, b] = await Promise.all([k8sdoc(['api-resources']), kubectl(['api-resources'])]);
    expect(a.exitCode).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('get nodes -o wide and get of a server-printed type match kubectl apart from ages', async () => {
    // cells compared one by one: an age may tick over between the two reads and widen its column
    const withoutAges = (text: string): string[][] => text.trim().split('\n').map((line) => line.split(/\s{2,}/).map((cell) => cell.replace(/^\d+(s|m|h|d)(\d+(s|m|h))?$/, 'AGE')));
    for (const args of [
      ['get', 'nodes', '-o', 'wide'],
      ['get', 'namespaces', '--show-labels'],
      ['get', 'deployments,services', '-n', 'kube-system'],
    ]) {
      const [a, b] = await Promise.all([k8sdoc(args), kubectl(args)]);
      expect(withoutAges(a.stdout), args.join(' ')).toEqual(withoutAges(b.stdout));
    }
  });
});
