import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { podProbe } from '../../../src/dns/probe-pod.js';
import type { ProbeClient } from '../../../src/dns/probe-pod.js';
import { probeNames } from '../../../src/dns/probe.js';
import { isK8sdocError } from '../../../src/errors.js';
import { ApiError } from '../../../src/kube/http.js';
import type { KubeObject, Node, Pod } from '../../../src/kube/types.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const names = probeNames('cluster.local', '10.96.0.1');
const okLog = readFileSync(path.join(FIXTURES, 'checks/cluster/nslookup/busybox-ok.txt'), 'utf8');

interface FakeCluster {
  client: ProbeClient;
  created: Pod[];
  deleted: string[];
}

/**
 * The calls the probe makes, answered like an apiserver would for a pod that goes through
 * `phases` on successive GETs; every create and delete is recorded.
 */
function fakeCluster(options: { phases?: string[]; log?: string | Error; node?: Node; createError?: Error; nodeName?: string }): FakeCluster {
  const created: Pod[] = [];
  const deleted: string[] = [];
  let gets = 0;
  const client: ProbeClient = {
    path: (ref, at = {}) => `/api/v1/namespaces/${at.namespace}/${ref.resource}/${at.name}/${at.subresource ?? ''}`,
    create: async <T extends KubeObject>(_ref: unknown, body: KubeObject) => {
      if (options.createError) throw options.createError;
      created.push(body as Pod);
      return body as T;
    },
    get: async <T extends KubeObject>(ref: { resource: string }) => {
      if (ref.resource === 'nodes') {
        if (!options.node) throw new ApiError('not-found', 'not found', 404, 'notFound', undefined, undefined);
        return options.node as unknown as T;
      }
      const phase = options.phases?.[Math.min(gets++, (options.phases?.length ?? 1) - 1)] ?? 'Pending';
      const pod = created[0] as Pod;
      return { ...pod, spec: { ...pod.spec, ...(options.nodeName ? { nodeName: options.nodeName } : {}) }, status: { phase } } as unknown as T;
    },
    find: async () => undefined,
    delete: async (_ref, name) => {
      deleted.push(name);
    },
    text: async () => {
      if (options.log instanceof Error) throw options.log;
      return options.log ?? '';
    },
  };
  return { client, created, deleted };
}

const options = { namespace: 'default', image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1', timeoutMs: 5000, pollMs: 5 };

describe('the probe pod', () => {
  it('runs nslookup in a Never-restarting pod with a deadline, reads its log and deletes it', async () => {
    const cluster = fakeCluster({ phases: ['Succeeded'], log: okLog, nodeName: 'worker-1' });
    const probe = await podProbe(cluster.client, names, options);
    const [pod] = cluster.created;
    expect(pod?.metadata.name).toMatch(/^k8sdoc-dns-probe-[0-9a-f]{8}$/);
    expect(pod?.spec).toMatchObject({ restartPolicy: 'Never', activeDeadlineSeconds: 65, containers: [{ image: options.image, command: ['sh', '-c', expect.stringContaining('nslookup')] }] });
    expect(pod?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'k8sdoc' });
    expect(probe.lookups.map((l) => l.ok)).toEqual([true, true]);
    expect(cluster.deleted).toEqual([pod?.metadata.name]);
    expect(probe.pod).toMatchObject({ phase: 'Succeeded', node: 'worker-1', deleted: true });
  });

  it('still deletes the pod when its log cannot be read, and says why the probe is inconclusive', async () => {
    const cluster = fakeCluster({ phases: ['Succeeded'], log: new ApiError('server-error', 'the API server failed to read the log (HTTP 500): dial tcp 10.0.0.5:10250: connect: connection refused', 500, 'cluster', undefined, undefined) });
    const probe = await podProbe(cluster.client, names, options);
    expect(probe.inconclusive).toMatch(/^cannot read the probe pod's log: .*10250/);
    expect(cluster.deleted).toHaveLength(1);
  });

  it('gives up at the timeout with the reason the pod is stuck, and deletes it', async () => {
    const cluster = fakeCluster({ phases: ['Pending'] });
    const probe = await podProbe(cluster.client, names, { ...options, timeoutMs: 50 });
    expect(probe.inconclusive).toBe('the probe pod did not finish within 0s (phase Pending)');
    expect(cluster.deleted).toHaveLength(1);
  });

  it('recognises a kwok fake node, where the container never runs', async () => {
    const kwokNode = { metadata: { name: 'kwok-node-0', annotations: { 'kwok.x-k8s.io/node': 'fake' } } } as Node;
    const cluster = fakeCluster({ phases: ['Succeeded'], node: kwokNode, nodeName: 'kwok-node-0', log: '' });
    const probe = await podProbe(cluster.client, names, options);
    expect(probe.inconclusive).toMatch(/kwok-node-0, a kwok fake node where containers do not run/);
    expect(cluster.deleted).toHaveLength(1);
  });

  it('says the image has no nslookup rather than blaming DNS', async () => {
    const cluster = fakeCluster({ phases: ['Succeeded'], log: readFileSync(path.join(FIXTURES, 'checks/cluster/nslookup/no-nslookup.txt'), 'utf8') });
    const probe = await podProbe(cluster.client, names, options);
    expect(probe.inconclusive).toMatch(/has no nslookup/);
    expect(probe.lookups).toEqual([]);
  });

  it('deletes nothing when the apiserver refused to create the pod', async () => {
    const cluster = fakeCluster({ createError: new ApiError('forbidden', 'forbidden: pods is forbidden', 403, 'forbidden', undefined, undefined) });
    await expect(podProbe(cluster.client, names, options)).rejects.toThrow(/forbidden/);
    expect(cluster.deleted).toEqual([]);
  });
});

describe('Ctrl-C during the probe', () => {
  it('stops waiting, deletes the pod and ends with the interrupted exit code', async () => {
    const cluster = fakeCluster({ phases: ['Pending'] });
    const listeners = process.listenerCount('SIGINT');
    const running = podProbe(cluster.client, names, { ...options, timeoutMs: 60_000 });
    // the pod exists and the probe listens for Ctrl-C (on a loaded machine these come apart)
    while (cluster.created.length === 0 || process.listenerCount('SIGINT') === listeners) await new Promise((resolve) => setTimeout(resolve, 5));
    // a real signal hands its name to the listener
    process.emit('SIGINT', 'SIGINT');
    const error = await running.catch((e: unknown) => e);
    expect(isK8sdocError(error) && error.exitCode).toBe(130);
    expect(cluster.deleted).toEqual([cluster.created[0]?.metadata.name]);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});
