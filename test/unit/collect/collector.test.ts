import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/collect/collector.js';
import { ExtraUnavailable, LOG_CONTAINER_LIMIT, crashedContainers } from '../../../src/collect/extras.js';
import { listPermission, planInputs } from '../../../src/collect/plan.js';
import type { ProgressEvent } from '../../../src/engine/progress.js';
import type { Pod } from '../../../src/kube/types.js';
import { snapshotFromFixture } from '../../helpers/snapshot.js';
import { cordonedNodes, needsCertificates, needsSecrets, sharpenedBySecrets, waitingPods } from '../engine/checks.js';
import { FakeCluster } from './fake-cluster.js';

const fixture = snapshotFromFixture('engine/cluster.yaml', { collected: ['pods', 'nodes', 'events', 'secrets'] });

describe('planInputs', () => {
  it('asks for each kind once whatever number of checks need it, the largest first', () => {
    const plan = planInputs([waitingPods, cordonedNodes, needsSecrets, needsCertificates], ['replicasets']);
    expect(plan.resources).toEqual(['pods', 'replicasets', 'nodes', 'secrets']);
    expect(plan.extras).toEqual(['certificates']);
  });

  it('also lists the kinds a check can use without needing them', () => {
    expect(planInputs([sharpenedBySecrets]).resources).toEqual(['pods', 'secrets', 'serviceaccounts']);
  });
});

describe('listPermission', () => {
  it('words a LIST the way an admin grants it', () => {
    expect(listPermission('pods', undefined)).toBe('list pods in all namespaces');
    expect(listPermission('deployments', 'shop')).toBe('list deployments.apps in namespace shop');
    expect(listPermission('nodes', 'shop')).toBe('list nodes');
    // node and scheduler leases live in system namespaces
    expect(listPermission('leases', 'shop')).toBe('list leases.coordination.k8s.io in all namespaces');
  });
});

describe('collect', () => {
  it('lists each kind once, page by page, in the namespace asked for, cluster-scoped kinds cluster-wide', async () => {
    const cluster = new FakeCluster(fixture, { pageSize: 2 });
    const snapshot = await collect(cluster.client, { resources: ['pods', 'nodes'], extras: [], namespace: 'shop' });
    expect(cluster.lists).toEqual([
      { resource: 'pods', namespace: 'shop', labelSelector: undefined, pages: 2 },
      { resource: 'nodes', namespace: undefined, labelSelector: undefined, pages: 1 },
    ]);
    expect(cluster.reviews).toEqual([
      { verb: 'list', group: '', resource: 'pods', namespace: 'shop' },
      { verb: 'list', group: '', resource: 'nodes', namespace: undefined },
    ]);
    expect(snapshot.resources.pods?.map((p) => p.metadata.name)).toEqual(['web-7d9f-a', 'web-7d9f-b', 'web-7d9f-c', 'lonely']);
    expect(snapshot).toMatchObject({ format: 1, source: 'https://fake.cluster:6443', namespace: 'shop', missing: [] });
  });

  it('records a kind RBAC denies as missing with the permission, and lists the rest', async () => {
    const cluster = new FakeCluster(fixture, { deny: ['nodes', 'secrets'] });
    const snapshot = await collect(cluster.client, { resources: ['pods', 'nodes', 'secrets'], extras: [], namespace: undefined });
    expect(snapshot.missing).toEqual([
      { input: 'nodes', permission: 'list nodes', reason: 'forbidden by RBAC' },
      { input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' },
    ]);
    expect(cluster.lists.map((l) => l.resource)).toEqual(['pods']);
    expect(snapshot.resources.nodes).toBeUndefined();
    expect(snapshot.resources.pods).toHaveLength(5);
  });

  it('treats a 403 on the LIST like a denied review, and a kind the server lacks as missing', async () => {
    const cluster = new FakeCluster(fixture, { failing: { secrets: 403, events: 404 } });
    const snapshot = await collect(cluster.client, { resources: ['pods', 'secrets', 'events'], extras: [], namespace: 'shop' });
    expect(snapshot.missing).toEqual([
      { input: 'secrets', permission: 'list secrets in namespace shop', reason: 'forbidden by RBAC' },
      { input: 'events', permission: '', reason: 'the API server does not serve events (core/v1)' },
    ]);
  });

  it('stops the run when the credentials are rejected', async () => {
    const cluster = new FakeCluster(fixture, { failing: { pods: 401 } });
    await expect(collect(cluster.client, { resources: ['pods'], extras: [], namespace: undefined })).rejects.toThrow('HTTP 401');
  });

  it('narrows pods and workloads with -l, not nodes', async () => {
    const cluster = new FakeCluster(fixture);
    const snapshot = await collect(cluster.client, { resources: ['pods', 'nodes'], extras: [], namespace: undefined, labelSelector: 'app=web' });
    expect(cluster.lists.map((l) => [l.resource, l.labelSelector])).toEqual([
      ['pods', 'app=web'],
      ['nodes', undefined],
    ]);
    expect(snapshot.resources.pods).toHaveLength(3);
  });

  it('trims objects as pages arrive', async () => {
    const secrets = snapshotFromFixture('engine/secrets.yaml');
    const snapshot = await collect(new FakeCluster(secrets).client, { resources: ['secrets'], extras: [], namespace: 'shop' });
    expect(JSON.stringify(snapshot.resources.secrets)).not.toMatch(/aHVudGVyMg|s3cr3t/);
  });

  it('reports progress per kind with running counts', async () => {
    const events: string[] = [];
    const cluster = new FakeCluster(fixture, { pageSize: 2, deny: ['nodes'] });
    await collect(cluster.client, {
      resources: ['pods', 'nodes'],
      extras: [],
      namespace: 'shop',
      concurrency: 1,
      onProgress: (e: ProgressEvent) => {
        if (e.type === 'input') events.push(`${e.input}:${e.state}${'count' in e && e.count !== undefined ? `:${e.count}` : ''}${'reason' in e ? `:${e.reason}` : ''}`);
      },
    });
    expect(events).toEqual(['pods:started', 'pods:listing:2', 'pods:listing:4', 'pods:done:4', 'nodes:started', 'nodes:missing:you may not list nodes']);
  });

  it('gathers version, readyz (even when failing) and metrics', async () => {
    const cluster = new FakeCluster(fixture, { readyz: { status: 500, body: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed' } });
    const snapshot = await collect(cluster.client, { resources: [], extras: ['version', 'readyz', 'metrics'], namespace: undefined });
    expect(snapshot.extras).toEqual({
      version: { gitVersion: 'v1.33.1', major: '1', minor: '33' },
      readyz: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed',
      metrics: 'apiserver_request_total{code="200"} 10\n',
    });
  });

  it('fetches the previous logs of crashed containers only, last 20 lines', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n');
    const cluster = new FakeCluster(fixture, { logs: { 'shop/web-7d9f-a/app': `${lines}\n`, 'shop/web-7d9f-b/app': 'panic: no config\n', 'shop/web-7d9f-c/app': '' } });
    const snapshot = await collect(cluster.client, { resources: ['pods'], extras: ['logs'], namespace: 'shop' });
    expect(snapshot.extras.logs?.['shop/web-7d9f-a/app']).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 6}`));
    expect(snapshot.extras.logs?.['shop/web-7d9f-b/app']).toEqual(['panic: no config']);
    // the image-pull pod never ran: no log request for it
    expect(cluster.requests.filter((r) => r.includes('/log'))).toHaveLength(3);
  });

  it('gives up on logs after a few failures in a row and keeps the run going', async () => {
    const cluster = new FakeCluster(fixture);
    const snapshot = await collect(cluster.client, { resources: ['pods'], extras: ['logs'], namespace: 'shop' });
    expect(snapshot.extras.logs).toBeUndefined();
    expect(snapshot.missing).toEqual([{ input: 'logs', permission: '', reason: 'the kubelet is unreachable' }]);
  });

  it('marks an extra nobody provides, or one that does not apply, as missing with the reason', async () => {
    const dns = {
      permission: () => 'create pods in namespace kube-system',
      collect: async () => {
        throw new ExtraUnavailable('needs --active: the probe runs a pod in the cluster');
      },
    };
    const snapshot = await collect(new FakeCluster(fixture).client, { resources: [], extras: ['certificates', 'dns'], namespace: undefined, providers: { dns } });
    expect(snapshot.missing).toEqual([
      { input: 'certificates', permission: '', reason: 'this k8sdoc has no collector for it yet' },
      { input: 'dns', permission: '', reason: 'needs --active: the probe runs a pod in the cluster' },
    ]);
  });
});

describe('crashedContainers', () => {
  it('takes at most the 30 most restarted crashed containers', () => {
    const pods: Pod[] = Array.from({ length: 40 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: 'n' },
      spec: { containers: [{ name: 'c' }] },
      status: { containerStatuses: [{ name: 'c', ready: false, restartCount: i, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 2 } } }] },
    }));
    const picked = crashedContainers(pods);
    expect(picked).toHaveLength(LOG_CONTAINER_LIMIT);
    expect(picked[0]).toEqual({ namespace: 'n', pod: 'p39', container: 'c', restarts: 39 });
  });
});
