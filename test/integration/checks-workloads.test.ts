import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadChecks } from '../../checks/workloads/index.js';
import type { ObjectRef } from '../../src/engine/types.js';
import { SEVERITY_RANK } from '../../src/engine/types.js';
import { ReportSchema } from '../../src/report/schema.js';
import type { Report } from '../../src/report/schema.js';
import { eventually, k8sdoc, withScenario } from './harness.js';

type ReportFinding = Report['findings'][number];

/** `k8sdoc diagnose -o json` over the scope, every severity, never failing the run. */
async function diagnose(scope: string[], checks?: string[]): Promise<Report> {
  const result = await k8sdoc(['diagnose', ...scope, ...(checks ? ['--checks', checks.join(',')] : []), '--min-severity', 'info', '--fail-on', 'never', '-o', 'json']);
  if (result.stdout.trim() === '') throw new Error(`no report (exit ${result.exitCode}): ${result.stderr}`);
  return ReportSchema.parse(JSON.parse(result.stdout));
}

const sameRef = (a: ObjectRef | undefined, b: ObjectRef): boolean => a?.kind === b.kind && a.name === b.name && a.namespace === b.namespace;

/**
 * The finding of a check about an object or about a workload's pods: the engine reports one
 * pod as itself and several pods of a workload as one finding on the workload.
 */
function findingOf(report: Report, checkId: string, ref: ObjectRef): ReportFinding {
  const found = report.findings.find((f) => f.checkId === checkId && (sameRef(f.object, ref) || sameRef(f.owner, ref)));
  if (!found) {
    const seen = report.findings.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name} owner=${f.owner?.name ?? '-'}`);
    throw new Error(`no ${checkId} finding on ${ref.kind} ${ref.name}; found: ${seen.join('; ') || 'nothing'}`);
  }
  return found;
}

const text = (f: ReportFinding): string => [f.message, ...f.evidence].join('\n');


const deployment = (name: string, namespace: string): ObjectRef => ({ kind: 'Deployment', name, namespace });

let scratch: string | undefined;
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A .k8sdoc.yaml with `content`, for thresholds a scenario cannot wait out. */
function scratchConfig(content: string): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'k8sdoc-checks-it-'));
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, content);
  return file;
}

describe('workload, node, service, storage and quota checks on the embedded control plane', () => {
  withScenario('pending-insufficient-cpu', () => {
    it('compares the cpu request with the best node, and names the unavailable Deployment', async () => {
      const ns = 'pending-insufficient-cpu';
      const r = await diagnose(['-n', ns]);
      const pod = findingOf(r, 'pod-unschedulable', deployment('web', ns));
      expect(pod.severity).toBe('error');
      expect(pod.owner).toEqual(deployment('web', ns));
      expect(text(pod)).toMatch(/requests cpu 6; the node with the most free cpu \(\S+\) has [\d.m]+ free of [\d.m]+ allocatable/);
      expect(findingOf(r, 'deployment-unavailable', deployment('web', ns)).message).toMatch(/Insufficient cpu/);
    });
  });

  withScenario('pending-insufficient-memory', () => {
    it('compares the memory request with the best node', async () => {
      const ns = 'pending-insufficient-memory';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-unschedulable', deployment('web', ns));
      expect(text(pod)).toMatch(/requests memory 64Gi; the node with the most free memory/);
    });
  });

  withScenario('pending-taint', () => {
    it('names the toleration the pod lacks', async () => {
      const ns = 'pending-taint';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-unschedulable', deployment('trainer', ns));
      expect(text(pod)).toContain('taint dedicated=gpu:NoSchedule on 1 node(s) (kwok-gpu-0) is not tolerated; missing toleration {key: dedicated, operator: Equal, value: "gpu", effect: NoSchedule}');
    });
  });

  withScenario('pending-node-selector', () => {
    it('names the label the nodeSelector asks for', async () => {
      const ns = 'pending-node-selector';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-unschedulable', deployment('web', ns));
      expect(text(pod)).toMatch(/nodeSelector asks for disktype=ssd: 0 of \d+ node\(s\) have it/);
    });
  });

  withScenario('pending-affinity', () => {
    it('names the required node affinity no node matches', async () => {
      const ns = 'pending-affinity';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-unschedulable', deployment('web', ns));
      expect(text(pod)).toMatch(/required node affinity topology\.kubernetes\.io\/zone in \(zone-x\): matched by 0 of \d+ node\(s\)/);
    });
  });

  withScenario('pending-topology-spread', () => {
    it('shows the spread constraint and the nodes without its topology label', async () => {
      const ns = 'pending-topology-spread';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-unschedulable', deployment('web', ns));
      expect(pod.message).toMatch(/topology spread/);
      expect(text(pod)).toMatch(/topology spread maxSkew 1 over example\.com\/rack \(DoNotSchedule, selector app=web\): matching pods per domain no domain; \d+ node\(s\) lack the label example\.com\/rack/);
    });
  });

  withScenario('pending-pvc', () => {
    it('traces the unbound claim to its missing StorageClass, on the pod and on the claim', async () => {
      const ns = 'pending-pvc';
      const r = await diagnose(['-n', ns]);
      expect(text(findingOf(r, 'pod-unschedulable', deployment('web', ns)))).toContain('PersistentVolumeClaim data is Pending: StorageClass fast-ssd does not exist');
      expect(findingOf(r, 'pvc-pending', { kind: 'PersistentVolumeClaim', name: 'data', namespace: ns }).message).toBe('is Pending: StorageClass fast-ssd does not exist');
    });
  });

  withScenario('pending-gated', () => {
    it('names the scheduling gate', async () => {
      const ns = 'pending-gated';
      const pod = findingOf(await diagnose(['-n', ns]), 'pod-scheduling-gated', { kind: 'Pod', name: 'batch-runner', namespace: ns });
      expect(pod.message).toContain('example.com/quota-check');
    });
  });

  withScenario('pending-no-scheduler', () => {
    it('says no scheduler runs under the name the pod asks for, once the pod has waited a minute', async () => {
      const ns = 'pending-no-scheduler';
      const pod = await eventually(async () => (await diagnose(['-n', ns], ['pod-no-scheduler'])).findings.find((f) => f.checkId === 'pod-no-scheduler'), 100_000, 5_000);
      expect(pod.object).toEqual({ kind: 'Pod', name: 'report', namespace: ns });
      expect(pod.message).toBe('is not scheduled: spec.schedulerName batch-scheduler names a scheduler that is not running');
    }, 120_000);
  });

  withScenario('crashloop', () => {
    it('groups the crashing pods under the Deployment with the exit code and the previous log lines', async () => {
      const ns = 'crashloop';
      const crash = findingOf(await diagnose(['-n', ns]), 'pod-crashloop', deployment('payments-api', ns));
      expect(crash.object).toEqual(deployment('payments-api', ns));
      expect(crash.objects).toHaveLength(2);
      expect(crash.message).toMatch(/keeps crashing: exit code 1 \(the application exited with an error\); restarted \d+ times/);
      expect(crash.evidence.join('\n')).toContain('connection refused');
    });
  });

  withScenario('oomkilled', () => {
    it('compares the memory limit with the request', async () => {
      const ns = 'oomkilled';
      const oom = findingOf(await diagnose(['-n', ns]), 'pod-oomkilled', deployment('image-resizer', ns));
      expect(oom.message).toMatch(/was OOMKilled: it used more than its 256Mi memory limit/);
      expect(oom.evidence).toContain('memory limit 256Mi, request 128Mi');
    });
  });

  withScenario('image-pull-not-found', () => {
    it('classifies the pull error as a missing image', async () => {
      const ns = 'image-pull-not-found';
      const pull = findingOf(await diagnose(['-n', ns]), 'pod-image-pull', deployment('storefront', ns));
      expect(pull.message).toMatch(/cannot pull image \S+: the image or tag does not exist in the registry/);
    });
  });

  withScenario('image-pull-unauthorized', () => {
    it('classifies the pull error as unauthorized and finds the pull secret missing', async () => {
      const ns = 'image-pull-unauthorized';
      const pull = findingOf(await diagnose(['-n', ns]), 'pod-image-pull', deployment('billing', ns));
      expect(pull.message).toMatch(/the registry refused access/);
      expect(pull.evidence).toContain(`pull secret regcred (from pod): does not exist in namespace ${ns}`);
    });
  });

  withScenario('config-error', () => {
    it('names the missing ConfigMap key', async () => {
      const ns = 'config-error';
      const config = findingOf(await diagnose(['-n', ns]), 'pod-create-config-error', deployment('orders', ns));
      expect(config.message).toContain('ConfigMap app-config has no key database_url (env DATABASE_URL)');
    });
  });

  withScenario('readiness-failing', () => {
    it('reports the failing readiness probe and the Service left without ready endpoints', async () => {
      const ns = 'readiness-failing';
      const r = await diagnose(['-n', ns]);
      expect(text(findingOf(r, 'pod-readiness-failing', deployment('search', ns)))).toMatch(/Readiness probe failed/);
      expect(findingOf(r, 'service-no-endpoints', { kind: 'Service', name: 'search', namespace: ns }).message).toMatch(/none of its 2 selected pod\(s\) is ready/);
    });
  });

  withScenario('stuck-creating', () => {
    it('names the Secret volume that cannot be mounted', async () => {
      const ns = 'stuck-creating';
      const stuck = findingOf(await diagnose(['-n', ns]), 'pod-stuck-creating', deployment('ledger', ns));
      expect(stuck.message).toContain('volume credentials: Secret db-credentials does not exist');
    });
  });

  withScenario('evicted', () => {
    it('reports the eviction with the node pressure behind it', async () => {
      const ns = 'evicted';
      const evicted = findingOf(await diagnose(['-n', ns]), 'pod-evicted', { kind: 'Pod', name: 'cache-warmer', namespace: ns });
      expect(evicted.message).toBe('pod was evicted by the kubelet under MemoryPressure');
    });
  });

  withScenario('node-not-ready', () => {
    it('reports the Unknown node with its Lease age', async () => {
      const node = findingOf(await diagnose(['-A'], ['node-not-ready']), 'node-not-ready', { kind: 'Node', name: 'kwok-lost-0' });
      expect(node.severity).toBe('error');
      expect(node.message).toMatch(/^status is Unknown for \S+: the kubelet stopped reporting/);
      expect(node.evidence.join('\n')).toMatch(/Lease kube-node-lease\/kwok-lost-0 last renewed \S+ ago/);
    });
  });

  withScenario('node-cordoned', () => {
    it('reports the cordoned node', async () => {
      const node = findingOf(await diagnose(['-A'], ['node-cordoned']), 'node-cordoned', { kind: 'Node', name: 'kwok-cordoned-0' });
      expect(node.message).toMatch(/^is cordoned \(unschedulable\)/);
    });
  });

  withScenario('node-memory-pressure', () => {
    it('reports MemoryPressure', async () => {
      const node = findingOf(await diagnose(['-A'], ['node-pressure']), 'node-pressure', { kind: 'Node', name: 'kwok-pressure-0' });
      expect(node.message).toBe('has MemoryPressure: memory is running out');
    });
  });

  withScenario('service-no-endpoints', () => {
    it('says the selector matches no pod and what labels the pods have', async () => {
      const ns = 'service-no-endpoints';
      const service = findingOf(await diagnose(['-n', ns]), 'service-no-endpoints', { kind: 'Service', name: 'checkout', namespace: ns });
      expect(service.message).toBe(`has no endpoints: selector app=checkout-v2 matches no pod in namespace ${ns}`);
    });
  });

  withScenario('service-target-port', () => {
    it('names the target port no selected container declares', async () => {
      const ns = 'service-target-port';
      const port = findingOf(await diagnose(['-n', ns]), 'service-target-port', { kind: 'Service', name: 'catalog', namespace: ns });
      expect(port.severity).toBe('error');
      expect(port.message).toMatch(/targets port name metrics, which none of the selected pods declare/);
    });
  });

  withScenario('job-failing', () => {
    it('reports the backoff limit', async () => {
      const ns = 'job-failing';
      const job = findingOf(await diagnose(['-n', ns]), 'job-failed', { kind: 'Job', name: 'nightly-export', namespace: ns });
      expect(job.message).toMatch(/^failed \(BackoffLimitExceeded\)/);
    });
  });

  withScenario('cronjob-bad-schedule', () => {
    it('reports the schedule that never fires and, as info, the suspended CronJob', async () => {
      const ns = 'cronjob-bad-schedule';
      const r = await diagnose(['-n', ns]);
      expect(findingOf(r, 'cronjob-bad-schedule', { kind: 'CronJob', name: 'month-end-report', namespace: ns }).message).toContain('it never fires');
      expect(findingOf(r, 'cronjob-suspended', { kind: 'CronJob', name: 'cleanup', namespace: ns }).severity).toBe('info');
    });
  });

  withScenario('deployment-progress-deadline', () => {
    it("reports the stuck rollout with its pods' problem", async () => {
      const ns = 'deployment-progress-deadline';
      const r = await diagnose(['-n', ns]);
      const rollout = findingOf(r, 'deployment-progress-deadline', deployment('recommender', ns));
      expect(rollout.message).toMatch(/rollout is stuck: .*ImagePullBackOff/);
      expect(findingOf(r, 'deployment-unavailable', deployment('recommender', ns)).severity).toBe('error');
    });
  });

  withScenario('quota-exhausted', () => {
    it('ties the full quota to the ReplicaSet it blocks and its Deployment', async () => {
      const ns = 'quota-exhausted';
      const r = await diagnose(['-n', ns]);
      const quota = findingOf(r, 'quota-at-limit', { kind: 'ResourceQuota', name: 'pods', namespace: ns });
      expect(quota.severity).toBe('error');
      expect(quota.message).toMatch(/^is at its limit for pods: it blocks ReplicaSet worker-\w+ \(Deployment worker\)/);
      const rs = findingOf(r, 'replicaset-failed-create', deployment('worker', ns));
      expect(rs.message).toMatch(/cannot create pods \(1 of 3 exist\): ResourceQuota pods is exhausted/);
    });
  });

  withScenario('restarts-climbing', () => {
    it('reports the restarts of a container that runs again, with the last exit code', async () => {
      const ns = 'restarts-climbing';
      const restarts = findingOf(await diagnose(['-n', ns]), 'pod-restarts-climbing', deployment('notifier', ns));
      expect(restarts.severity).toBe('warning');
      expect(restarts.message).toMatch(/^container notifier has restarted 7 times; last exit code 2/);
    });
  });

  withScenario('stuck-terminating', () => {
    it('names the finalizer that holds the deleted pod, once the threshold has passed', async () => {
      const ns = 'stuck-terminating';
      const config = scratchConfig('thresholds:\n  stuckTerminatingSeconds: 1\n');
      // the 5 s grace period runs first; deletionTimestamp marks its end
      const stuck = await eventually(async () => (await diagnose(['-n', ns, '--config', config], ['pod-stuck-terminating'])).findings[0], 30_000, 1_000);
      expect(stuck.object).toEqual({ kind: 'Pod', name: 'uploader', namespace: ns });
      expect(stuck.message).toMatch(/^stuck Terminating for \S+ past its grace period: finalizer example.com\/upload-complete not removed/);
      // with the default threshold (5 minutes) a fresh deletion is not reported yet
      expect((await diagnose(['-n', ns], ['pod-stuck-terminating'])).findings).toEqual([]);
    });
  });

  withScenario('statefulset-not-ready', () => {
    it('reports the StatefulSet with no ready replica and why its first pod is not ready', async () => {
      const ns = 'statefulset-not-ready';
      const sts = findingOf(await diagnose(['-n', ns]), 'statefulset-not-ready', { kind: 'StatefulSet', name: 'ledger-db', namespace: ns });
      expect(sts.severity).toBe('error');
      expect(sts.message).toMatch(/^has 0 of 3 replicas ready/);
      expect(text(sts)).toContain('podManagementPolicy OrderedReady');
    });
  });

  withScenario('daemonset-not-ready', () => {
    it('reports the DaemonSet with the nodes left without a ready pod', async () => {
      const ns = 'daemonset-not-ready';
      const ds = findingOf(await diagnose(['-n', ns]), 'daemonset-not-ready', { kind: 'DaemonSet', name: 'log-collector', namespace: ns });
      expect(ds.severity).toBe('error');
      expect(ds.message).toMatch(/^has 0 of \d+ pods ready: .*ImagePullBackOff/);
      expect(text(ds)).toMatch(/nodes without a ready pod: kwok-/);
    });
  });

  withScenario('cronjob-blocked', () => {
    it('reports the missed runs with the active Job that blocks them, and the sidecar that keeps that Job alive', async () => {
      const ns = 'cronjob-blocked';
      const config = scratchConfig('thresholds:\n  sidecarGraceSeconds: 0\n');
      const r = await diagnose(['-n', ns, '--config', config]);
      const missed = findingOf(r, 'cronjob-missed-schedule', { kind: 'CronJob', name: 'report-sync', namespace: ns });
      expect(missed.message).toMatch(/^has not run for \S+: (9|1\d) scheduled runs missed \(job report-sync-\d+ is still active and concurrencyPolicy is Forbid\)/);
      const sidecar = r.findings.find((f) => f.checkId === 'job-sidecar-running');
      expect(sidecar?.owner).toEqual({ kind: 'CronJob', name: 'report-sync', namespace: ns });
      expect(sidecar?.message).toMatch(/^Job report-sync-\d+ cannot complete: container report-sync finished \S+ ago but log-shipper still runs/);
    });
  });

  withScenario('hpa-no-metrics', () => {
    it('tells the missing metrics API from the missing CPU request', async () => {
      const ns = 'hpa-no-metrics';
      const r = await diagnose(['-n', ns]);
      const hpa = (name: string): ReportFinding => findingOf(r, 'hpa-unable-to-compute', { kind: 'HorizontalPodAutoscaler', name, namespace: ns });
      expect(hpa('api').message).toBe('cannot scale Deployment api: the resource metrics API (metrics-server) is not available');
      expect(hpa('api').owner).toEqual(deployment('api', ns));
      expect(hpa('worker').message).toBe('cannot scale Deployment worker: container worker of Deployment worker set no cpu request, so cpu utilization cannot be computed');
    });
  });

  withScenario('node-kubelet-skew', () => {
    it('reports the kubelet four minors behind the API server', async () => {
      const node = findingOf(await diagnose(['-A'], ['node-kubelet-skew']), 'node-kubelet-skew', { kind: 'Node', name: 'kwok-old-0' });
      expect(node.severity).toBe('error');
      expect(node.message).toBe('kubelet v1.32.4 is 4 minor versions behind the API server (at most 3 are supported)');
    });
  });

  withScenario('node-allocatable-full', () => {
    it('reports the node whose CPU is nearly all requested, with the largest requests', async () => {
      const node = findingOf(await diagnose(['-A'], ['node-allocatable-exhausted']), 'node-allocatable-exhausted', { kind: 'Node', name: 'kwok-batch-0' });
      // two pods at 950m and kube-proxy at 10m on 2 CPUs
      expect(node.message).toBe('has 96% of its cpu requested: new pods will not fit');
      expect(text(node)).toMatch(/cpu requests \S+ of 2 allocatable \(96%\)/);
      expect(text(node)).toMatch(/node-allocatable-full\/etl-\S+ requests cpu 950m/);
    });
  });

  withScenario('pv-released', () => {
    it('reports the kept volume as info and the volume the controller failed to delete as an error', async () => {
      const r = await diagnose(['-A'], ['pv-released-or-failed']);
      const archive = findingOf(r, 'pv-released-or-failed', { kind: 'PersistentVolume', name: 'archive-2025' });
      expect(archive.severity).toBe('info');
      expect(archive.message).toBe('is Released: its claim pv-released/archive is gone and the data is kept (Retain) until someone reclaims it');
      const scratch = findingOf(r, 'pv-released-or-failed', { kind: 'PersistentVolume', name: 'scratch-0' });
      expect(scratch.severity).toBe('error');
      expect(scratch.message).toMatch(/^is Failed: automatic reclamation \(Delete\) did not succeed/);
    });
  });

  withScenario('pvc-no-default-class', () => {
    it('says the claim names no StorageClass and none is the default', async () => {
      const ns = 'pvc-no-default-class';
      const claim = findingOf(await diagnose(['-n', ns]), 'pvc-pending', { kind: 'PersistentVolumeClaim', name: 'uploads', namespace: ns });
      expect(claim.severity).toBe('error');
      expect(claim.message).toBe('is Pending: it names no StorageClass and the cluster has no default StorageClass');
    });
  });

  withScenario('healthy', () => {
    it('finds nothing at warning level or above in the healthy namespace', async () => {
      const r = await diagnose(['-n', 'healthy'], workloadChecks.map((c) => c.id));
      // nodes are shared with the other scenarios; their findings are asserted there
      const loud = r.findings.filter((f) => f.object.namespace === 'healthy' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
      expect(loud.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    });
  });
});
