import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState } from '../../src/embedded/cluster.js';
import { clusterPaths, embeddedClientTls } from '../../src/embedded/paths.js';
import { resolve4OverTls } from '../../src/dns/dot.js';
import { SCENARIOS } from '../../src/embedded/scenarios.js';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { Condition, KubeEvent, KubeObject, Node, Pod } from '../../src/kube/types.js';
import { applyScenario, client, clusterName, k8sdoc, kubectl, resetScenario } from './harness.js';

let kube: KubeClient;
beforeAll(() => {
  kube = client();
});
afterAll(() => kube.close());

const conditionOf = (object: KubeObject, type: string): Condition | undefined => ((object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
const pods = (ns: string): Promise<Pod[]> => kube.list<Pod>(R.pods, { namespace: ns });
const events = (ns: string): Promise<KubeEvent[]> => kube.list<KubeEvent>(R.events, { namespace: ns });
const messages = async (ns: string, reason: string): Promise<string[]> => (await events(ns)).filter((e) => e.reason === reason).map((e) => e.message ?? '');

/** Applies a scenario, runs the assertions on the state it produced, and always resets it. */
function scenario(name: string, assertions: () => Promise<void>, timeout = 150_000): void {
  it(name, async () => {
    await applyScenario(name);
    try {
      await assertions();
    } finally {
      await resetScenario(name);
    }
  }, timeout);
}

describe('fault scenarios produce the real API state of their failure', () => {
  it('lists every scenario with what diagnose should find', async () => {
    const result = await k8sdoc(['cluster', 'scenario', 'list', '-o', 'json']);
    expect(result.exitCode).toBe(0);
    const listed = JSON.parse(result.stdout) as { name: string; expect: string }[];
    expect(listed.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));
    expect(listed.every((s) => s.expect.length > 0)).toBe(true);
  });

  it('rejects an unknown scenario with a usage error', async () => {
    const result = await k8sdoc(['cluster', 'scenario', 'apply', 'no-such-thing', '--name', clusterName()]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown scenario "no-such-thing".*cluster scenario list/);
  });

  scenario('pending-insufficient-cpu', async () => {
    expect((await messages('pending-insufficient-cpu', 'FailedScheduling')).join('\n')).toMatch(/0\/\d+ nodes are available: \d+ Insufficient cpu/);
    expect((await pods('pending-insufficient-cpu'))[0]?.spec.nodeName).toBeUndefined();
  });

  scenario('pending-insufficient-memory', async () => {
    expect((await messages('pending-insufficient-memory', 'FailedScheduling')).join('\n')).toMatch(/Insufficient memory/);
  });

  scenario('pending-taint', async () => {
    // 1.36 no longer names the taint in the message: checks must read it from the node
    expect((await messages('pending-taint', 'FailedScheduling')).join('\n')).toMatch(/1 node\(s\) had untolerated taint/);
  });

  scenario('pending-node-selector', async () => {
    expect((await messages('pending-node-selector', 'FailedScheduling')).join('\n')).toMatch(/didn't match Pod's node affinity\/selector/);
  });

  scenario('pending-affinity', async () => {
    expect((await messages('pending-affinity', 'FailedScheduling')).join('\n')).toMatch(/didn't match Pod's node affinity\/selector/);
  });

  scenario('pending-topology-spread', async () => {
    expect((await messages('pending-topology-spread', 'FailedScheduling')).join('\n')).toMatch(/didn't match pod topology spread constraints/);
  });

  scenario('pending-pvc', async () => {
    expect((await messages('pending-pvc', 'FailedScheduling')).join('\n')).toMatch(/unbound immediate PersistentVolumeClaims/);
    const claim = await kube.get(R.persistentvolumeclaims, 'data', 'pending-pvc');
    expect((claim.status as { phase?: string }).phase).toBe('Pending');
    expect((await messages('pending-pvc', 'ProvisioningFailed')).join('\n')).toMatch(/storageclass.storage.k8s.io "fast-ssd" not found/);
  });

  scenario('pending-gated', async () => {
    const [pod] = await pods('pending-gated');
    expect(pod && conditionOf(pod, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'SchedulingGated' });
  });

  scenario('pending-no-scheduler', async () => {
    const [pod] = await pods('pending-no-scheduler');
    expect(pod?.spec.schedulerName).toBe('batch-scheduler');
    expect(await messages('pending-no-scheduler', 'FailedScheduling')).toEqual([]);
  });

  scenario('crashloop', async () => {
    const list = await pods('crashloop');
    expect(list).toHaveLength(2);
    for (const pod of list) {
      const status = pod.status?.containerStatuses?.[0];
      expect(status?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(status?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      expect(status?.restartCount).toBeGreaterThanOrEqual(1);
    }
    expect(await messages('crashloop', 'BackOff')).not.toEqual([]);
    // the previous instance's log, served by the fake kubelet through the apiserver
    const logs = await kubectl(['logs', '-n', 'crashloop', list[0]?.metadata.name ?? '', '--previous']);
    expect(logs.stdout).toContain('connection refused');
  });

  scenario('oomkilled', async () => {
    const [pod] = await pods('oomkilled');
    expect(pod?.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  scenario('image-pull-not-found', async () => {
    const [pod] = await pods('image-pull-not-found');
    expect(pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ImagePullBackOff');
    expect((await messages('image-pull-not-found', 'Failed')).join('\n')).toMatch(/Failed to pull image.*not found/);
  });

  scenario('image-pull-unauthorized', async () => {
    const [pod] = await pods('image-pull-unauthorized');
    expect(pod?.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect((await messages('image-pull-unauthorized', 'Failed')).join('\n')).toMatch(/pull access denied/);
  });

  scenario('config-error', async () => {
    const [pod] = await pods('config-error');
    expect(pod?.status?.containerStatuses?.[0]?.state?.waiting).toMatchObject({ reason: 'CreateContainerConfigError', message: expect.stringContaining('database_url') });
  });

  scenario('readiness-failing', async () => {
    expect((await messages('readiness-failing', 'Unhealthy')).join('\n')).toMatch(/Readiness probe failed/);
    const slices = await kube.list<KubeObject & { endpoints?: { conditions?: { ready?: boolean } }[] }>(R.endpointslices, { namespace: 'readiness-failing', labelSelector: 'kubernetes.io/service-name=search' });
    const endpoints = slices.flatMap((s) => s.endpoints ?? []);
    expect(endpoints.length).toBe(2);
    expect(endpoints.every((e) => e.conditions?.ready === false)).toBe(true);
  });

  scenario('stuck-creating', async () => {
    expect((await messages('stuck-creating', 'FailedMount')).join('\n')).toMatch(/secret "db-credentials" not found/);
    const [pod] = await pods('stuck-creating');
    expect(pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
  });

  scenario('evicted', async () => {
    const [pod] = await pods('evicted');
    expect(pod?.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: expect.stringContaining('low on resource: memory') });
  });

  scenario('node-not-ready', async () => {
    const node = await kube.get<Node>(R.nodes, 'kwok-lost-0');
    expect(conditionOf(node, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(node.spec?.taints?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
  }, 180_000);

  scenario('node-cordoned', async () => {
    const node = await kube.get<Node>(R.nodes, 'kwok-cordoned-0');
    expect(node.spec?.unschedulable).toBe(true);
  });

  scenario('node-memory-pressure', async () => {
    const node = await kube.get<Node>(R.nodes, 'kwok-pressure-0');
    expect(conditionOf(node, 'MemoryPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory' });
  });

  scenario('service-no-endpoints', async () => {
    const slices = await kube.list<KubeObject & { endpoints?: unknown[] }>(R.endpointslices, { namespace: 'service-no-endpoints', labelSelector: 'kubernetes.io/service-name=checkout' });
    expect(slices.flatMap((s) => s.endpoints ?? [])).toEqual([]);
    expect((await pods('service-no-endpoints')).length).toBe(2);
  });

  scenario('service-target-port', async () => {
    const svc = await kube.get<KubeObject & { spec: { ports: { targetPort: unknown }[] } }>(R.services, 'catalog', 'service-target-port');
    expect(svc.spec.ports[0]?.targetPort).toBe('metrics');
  });

  scenario('job-failing', async () => {
    const job = await kube.get(R.jobs, 'nightly-export', 'job-failing');
    expect(conditionOf(job, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
  }, 180_000);

  scenario('cronjob-bad-schedule', async () => {
    const jobs = await kube.list<KubeObject & { spec: { schedule: string; suspend?: boolean } }>(R.cronjobs, { namespace: 'cronjob-bad-schedule' });
    expect(jobs.map((j) => [j.metadata.name, j.spec.schedule, j.spec.suspend])).toEqual([
      ['cleanup', '*/5 * * * *', true],
      ['month-end-report', '0 0 30 2 *', false],
    ]);
  });

  scenario('deployment-progress-deadline', async () => {
    const deploy = await kube.get(R.deployments, 'recommender', 'deployment-progress-deadline');
    expect(conditionOf(deploy, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  scenario('quota-exhausted', async () => {
    expect((await messages('quota-exhausted', 'FailedCreate')).join('\n')).toMatch(/exceeded quota: pods/);
    expect((await pods('quota-exhausted')).length).toBe(1);
  });

  scenario('namespace-stuck', async () => {
    const ns = await kube.get(R.namespaces, 'namespace-stuck');
    expect((ns.status as { phase?: string }).phase).toBe('Terminating');
    expect(conditionOf(ns, 'NamespaceFinalizersRemaining')?.message).toContain('k8sdoc.dev/hold');
  });

  scenario('webhook-failing', async () => {
    const hook = await kube.get<KubeObject & { webhooks: { failurePolicy: string; timeoutSeconds: number }[] }>(R.validatingwebhookconfigurations, 'policy.example.com');
    expect(hook.webhooks[0]).toMatchObject({ failurePolicy: 'Fail', timeoutSeconds: 15 });
    // the webhook really blocks writes in the namespaces it selects
    await kube.apply(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'webhook-failing', labels: { 'k8sdoc.dev/policy': 'enforced' } } });
    await expect(kube.create(R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'blocked', namespace: 'webhook-failing' } }, 'webhook-failing')).rejects.toThrow(/policy\.example\.com/);
  });

  scenario('apiservice-unavailable', async () => {
    const api = await kube.get(R.apiservices, 'v1beta1.metrics.k8s.io');
    expect(conditionOf(api, 'Available')).toMatchObject({ status: 'False' });
  });

  scenario('cert-expiring', async () => {
    const port = readState(clusterPaths(clusterName()))?.ports.apiserver;
    const served = await new Promise<X509Certificate>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        resolve(new X509Certificate(socket.getPeerCertificate().raw));
        socket.end();
      });
      socket.on('error', reject);
    });
    const daysLeft = (Date.parse(served.validTo) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(2);
    expect(daysLeft).toBeLessThan(4);
  }, 180_000);

  scenario('dns-broken', async () => {
    // asked as `k8sdoc dns check` asks it: over TLS with the cluster's client certificate
    const paths = clusterPaths(clusterName());
    await expect(resolve4OverTls(`127.0.0.1:${readState(paths)?.ports.dns}`, 'kubernetes.default.svc.cluster.local', embeddedClientTls(paths), 2000)).rejects.toBeDefined();
    expect(await pods('kube-system').then((list) => list.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns'))).toEqual([]);
  }, 180_000);

  scenario('etcd-nospace', async () => {
    // writes now fail: etcd refuses them until the alarm is disarmed
    await expect(kube.apply(R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-nospace', namespace: 'default' }, data: { a: 'b' } })).rejects.toThrow(/space|quota/i);
  }, 180_000);

  scenario('restarts-climbing', async () => {
    const [status] = (await pods('restarts-climbing'))[0]?.status?.containerStatuses ?? [];
    expect(status).toMatchObject({ ready: true, restartCount: 7, lastState: { terminated: { exitCode: 2, reason: 'Error' } } });
  });

  scenario('stuck-terminating', async () => {
    const [pod] = await pods('stuck-terminating');
    expect(pod?.metadata.deletionTimestamp).toBeDefined();
    expect(pod?.metadata.finalizers).toEqual(['example.com/upload-complete']);
  });

  scenario('statefulset-not-ready', async () => {
    // OrderedReady: the real StatefulSet controller waits for ledger-db-0 before it creates ledger-db-1
    const sts = await kube.get<KubeObject & { status: { replicas?: number; readyReplicas?: number } }>(R.statefulsets, 'ledger-db', 'statefulset-not-ready');
    expect(sts.status.replicas).toBe(1);
    expect(sts.status.readyReplicas ?? 0).toBe(0);
    expect((await pods('statefulset-not-ready')).map((p) => p.metadata.name)).toEqual(['ledger-db-0']);
  });

  scenario('daemonset-not-ready', async () => {
    const ds = await kube.get<KubeObject & { status: { desiredNumberScheduled: number; numberReady: number } }>(R.daemonsets, 'log-collector', 'daemonset-not-ready');
    // one pod for each of the cluster's (at least three) nodes, none of them ready
    expect(ds.status.desiredNumberScheduled).toBeGreaterThanOrEqual(3);
    expect((await pods('daemonset-not-ready')).length).toBe(ds.status.desiredNumberScheduled);
    expect(ds.status.numberReady).toBe(0);
  });

  scenario('cronjob-blocked', async () => {
    const cron = await kube.get<KubeObject & { status: { active?: { name: string }[]; lastScheduleTime?: string } }>(R.cronjobs, 'report-sync', 'cronjob-blocked');
    expect(cron.status.active).toHaveLength(1);
    expect(Date.now() - Date.parse(cron.status.lastScheduleTime ?? '')).toBeGreaterThan(9 * 60_000);
    expect((await messages('cronjob-blocked', 'JobAlreadyActive')).join('\n')).toMatch(/concurrency policy is Forbid/);
    const active = cron.status.active?.[0]?.name;
    const pod = (await pods('cronjob-blocked')).find((p) => p.metadata.labels?.['job-name'] === active);
    expect(pod?.status?.containerStatuses?.map((c) => [c.name, Object.keys(c.state ?? {})[0]])).toEqual([
      ['report-sync', 'terminated'],
      ['log-shipper', 'running'],
    ]);
  });

  scenario('hpa-no-metrics', async () => {
    const hpa = await kube.get(R.horizontalpodautoscalers, 'api', 'hpa-no-metrics');
    expect(conditionOf(hpa, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(conditionOf(hpa, 'ScalingActive')?.message).toMatch(/metrics/);
  });

  scenario('node-kubelet-skew', async () => {
    const node = await kube.get<Node>(R.nodes, 'kwok-old-0');
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.32.4');
  });

  scenario('node-allocatable-full', async () => {
    const list = await pods('node-allocatable-full');
    expect(list.map((p) => p.spec.nodeName)).toEqual(['kwok-batch-0', 'kwok-batch-0']);
  });

  scenario('pv-released', async () => {
    const phase = async (name: string): Promise<unknown> => (await kube.get(R.persistentvolumes, name)).status;
    expect(await phase('archive-2025')).toMatchObject({ phase: 'Released' });
    // the real PV controller tried to delete the hostPath volume and gave up
    expect(await phase('scratch-0')).toMatchObject({ phase: 'Failed' });
  });

  scenario('pvc-no-default-class', async () => {
    const claim = await kube.get(R.persistentvolumeclaims, 'uploads', 'pvc-no-default-class');
    expect(claim.status).toMatchObject({ phase: 'Pending' });
    expect((await messages('pvc-no-default-class', 'FailedBinding')).join('\n')).toMatch(/no storage class is set/);
  });

  scenario('healthy', async () => {
    const list = await pods('healthy');
    expect(list.filter((p) => p.status?.phase === 'Running').length).toBeGreaterThanOrEqual(6);
    const claim = await kube.get(R.persistentvolumeclaims, 'data', 'healthy');
    expect((claim.status as { phase?: string }).phase).toBe('Bound');
  });
});
