import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import semver from 'semver';
import { allChecks } from '../../checks/index.js';
import { K8sdocError, messageOf } from '../errors.js';
import { diagnose } from '../engine/diagnose.js';
import { selectChecks } from '../engine/select.js';
import { resolveEtcd } from '../etcd/flags.js';
import { findTool } from '../etcd/connection.js';
import { renderVerify } from '../etcd/render.js';
import { lossWindowLine, restoreSnapshot } from '../etcd/snapshot/restore.js';
import { saveSnapshot } from '../etcd/snapshot/save.js';
import { corruptError, verifySnapshot } from '../etcd/snapshot/verify.js';
import type { KubeClient } from '../kube/client.js';
import { R } from '../kube/resources.js';
import type { KubeObject, Node } from '../kube/types.js';
import { setSchedulable } from '../kubectl/cordon.js';
import { parseTarget, upgradePlan } from '../upgrade/plan.js';
import { drainNode } from '../kubectl/drain.js';
import type { ActionStep, RollbackStep } from './schema.js';
import { durationMs } from './validate.js';

export interface StepContext {
  client: KubeClient;
  /** --yes: confirm steps pass without asking */
  yes: boolean;
  /** asks a person; undefined without a terminal */
  confirm?: ((message: string) => Promise<boolean>) | undefined;
  /** a line of the step's output: shown live and kept in the journal */
  log: (line: string) => void;
  /** a program the step started, leading its own process group: journaled before the step waits on it */
  onChild?: ((pid: number) => void) | undefined;
}

const DEFAULT_WAIT_MS = 5 * 60_000;
/** A runbook's plan check looks a week ahead for certificates, as `upgrade plan` does by default. */
const DEFAULT_WINDOW_MS = 7 * 86_400_000;
const POLL_MS = 2000;

function stepFailed(message: string): K8sdocError {
  return new K8sdocError('step-failed', message, { exit: 'findings' });
}

/** Polls `ready` until it returns a description of success, or fails with the last reason it gave. */
async function waitFor(timeoutMs: number, what: string, ready: () => Promise<{ done: boolean; reason: string }>, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    let state: { done: boolean; reason: string };
    try {
      state = await ready();
    } catch (error) {
      state = { done: false, reason: messageOf(error) };
    }
    if (state.done) {
      log(state.reason);
      return;
    }
    if (state.reason !== last) log(state.reason);
    last = state.reason;
    if (Date.now() >= deadline) throw stepFailed(`${what} did not happen within ${Math.round(timeoutMs / 1000)}s: ${state.reason}`);
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

function sameVersion(actual: string | undefined, wanted: string): boolean {
  const a = semver.coerce(actual ?? '');
  const w = semver.coerce(wanted);
  if (!a || !w) return actual === wanted;
  // "1.34" asks for the minor, "1.34.2" for the exact release
  return /^v?\d+\.\d+$/.test(wanted.trim()) ? a.major === w.major && a.minor === w.minor : a.version === w.version;
}

async function nodeReady(client: KubeClient, name: string, version: string | undefined): Promise<{ done: boolean; reason: string }> {
  const node = await client.find<Node>(R.nodes, name);
  if (!node) return { done: false, reason: `node ${name} does not exist (yet)` };
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const kubelet = node.status?.nodeInfo?.kubeletVersion ?? 'unknown';
  if (ready?.status !== 'True') return { done: false, reason: `node ${name} is not Ready (${ready?.reason ?? 'no Ready condition'}), kubelet ${kubelet}` };
  if (version && !sameVersion(kubelet, version)) return { done: false, reason: `node ${name} is Ready but its kubelet is ${kubelet}, not ${version}` };
  return { done: true, reason: `node ${name} is Ready, kubelet ${kubelet}` };
}

interface Deployment extends KubeObject {
  spec?: { replicas?: number };
  status?: { updatedReplicas?: number; availableReplicas?: number; conditions?: { type: string; status: string; reason?: string }[] };
}

async function deploymentAvailable(client: KubeClient, name: string, namespace: string): Promise<{ done: boolean; reason: string }> {
  const deployment = await client.find<Deployment>(R.deployments, name, namespace);
  if (!deployment) return { done: false, reason: `deployment ${namespace}/${name} does not exist` };
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const available = status.conditions?.find((c) => c.type === 'Available')?.status === 'True';
  const counts = `${status.availableReplicas ?? 0}/${want} available, ${status.updatedReplicas ?? 0} updated`;
  return { done: available && (status.updatedReplicas ?? 0) >= want && (status.availableReplicas ?? 0) >= want, reason: `deployment ${namespace}/${name}: ${counts}` };
}

async function apiserverReady(client: KubeClient): Promise<{ done: boolean; reason: string }> {
  const text = await client.text({ path: '/readyz', what: 'read /readyz' });
  return { done: text.trim() === 'ok', reason: `/readyz: ${text.trim().split('\n').at(-1) ?? ''}` };
}

/** A runbook passes unset optional parameters as empty strings: those are unset. */
function given(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function nodeOf(step: { kind: string; node?: string | undefined }): string {
  if (!step.node) throw new K8sdocError('sop-invalid', `a ${step.kind} step outside a for-each group needs node: NAME`, { exit: 'usage' });
  return step.node;
}

/** Runs one step; resolves when it did its job, throws a one-line reason when it did not. */
export async function executeStep(step: ActionStep | RollbackStep, context: StepContext): Promise<void> {
  const { client, log } = context;
  const timeoutMs = step.timeout ? durationMs(step.timeout) : undefined;
  switch (step.kind) {
    case 'note':
      log(step.message);
      return;
    case 'confirm': {
      if (context.yes) {
        log(`confirmed by --yes: ${step.message}`);
        return;
      }
      if (!context.confirm) throw new K8sdocError('confirm-needs-tty', `"${step.message}" needs a person to confirm`, { exit: 'precondition', hint: 'run in a terminal, or pass --yes to confirm every gate up front' });
      if (!(await context.confirm(step.message))) throw stepFailed(`not confirmed: ${step.message}`);
      log('confirmed');
      return;
    }
    case 'cordon':
    case 'uncordon':
      log((await setSchedulable(client, nodeOf(step), step.kind === 'cordon')).message);
      return;
    case 'drain': {
      const node = nodeOf(step);
      const result = await drainNode(
        client,
        node,
        { ignoreDaemonSets: true, deleteEmptyDirData: true, podSelector: step['pod-selector'], timeoutMs: timeoutMs ?? DEFAULT_WAIT_MS },
        (event) => {
          if (event.type === 'cordon' || event.type === 'warning') log(event.message);
          else if (event.type === 'blocked') log(`${event.pod}: eviction refused, retrying: ${event.reason}`);
          else if (event.type === 'evicted') log(`${event.pod} evicted`);
        },
      );
      log(`node ${node} drained: ${result.evicted.length} pod(s) evicted, ${result.skipped.length} left on purpose`);
      return;
    }
    case 'wait': {
      const within = timeoutMs ?? DEFAULT_WAIT_MS;
      if (step.condition === 'node-ready') {
        const node = nodeOf(step);
        return waitFor(within, `node ${node} Ready`, () => nodeReady(client, node, step.version), log);
      }
      if (step.condition === 'deployment-available') {
        if (!step.deployment) throw stepFailed('wait deployment-available needs deployment: NAME');
        const name = step.deployment;
        return waitFor(within, `deployment ${name} available`, () => deploymentAvailable(client, name, step.namespace ?? 'default'), log);
      }
      return waitFor(within, 'apiserver ready', () => apiserverReady(client), log);
    }
    case 'exec': {
      const [command, ...args] = step.command;
      log(`$ ${step.command.join(' ')}`);
      // its own process group: a Ctrl-C meant for k8sdoc must not kill an upgrade halfway; the
      // group is journaled, so a later resume can see whether it outlived a killed k8sdoc
      const subprocess = execa(command ?? '', args, { all: true, reject: false, detached: true, stdin: 'ignore', ...(timeoutMs ? { timeout: timeoutMs } : {}) });
      if (subprocess.pid) context.onChild?.(subprocess.pid);
      const result = await subprocess;
      for (const line of String(result.all ?? '').split('\n')) if (line !== '') log(line);
      if (result.failed) {
        const why = result.timedOut ? `timed out after ${step.timeout ?? ''}` : result.exitCode !== undefined ? `exited with ${result.exitCode}` : (result.shortMessage ?? 'failed');
        throw stepFailed(`${command ?? ''} ${why}`);
      }
      return;
    }
    case 'check': {
      const upgradeTo = step['upgrade-to'];
      const result = upgradeTo
        ? await upgradePlan({ client, target: parseTarget(upgradeTo), files: [], windowMs: DEFAULT_WINDOW_MS, maxBackupAgeMs: 0, failOn: step['fail-on'] })
        : await diagnose({ source: { kind: 'live', client, namespace: undefined }, checks: selectChecks(allChecks, { checks: step.checks }), failOn: step['fail-on'] });
      log(`${result.counts.error} error(s), ${result.counts.warning} warning(s) in ${result.checksRun} checks`);
      for (const finding of result.findings.filter((f) => f.severity !== 'info').slice(0, 10)) {
        log(`${finding.severity} ${finding.checkId} ${finding.object.kind.toLowerCase()}/${finding.object.name}: ${finding.message}`);
      }
      const rerun = upgradeTo ? `k8sdoc upgrade plan --to ${upgradeTo}` : `k8sdoc diagnose --checks ${step.checks.join(',')}`;
      if (result.failed) throw stepFailed(`checks found problems at ${step['fail-on']} or above (\`${rerun}\` shows the evidence)`);
      return;
    }
    case 'etcd-verify': {
      const report = await verifySnapshot(step.snapshot, { etcdutl: findTool('etcdutl', given(step.etcdutl)), record: false, skipHashCheck: step['skip-hash-check'] });
      for (const line of renderVerify(report).split('\n')) log(line.trim());
      if (!report.ok) throw corruptError(report);
      return;
    }
    case 'etcd-restore': {
      const result = await restoreSnapshot({
        file: step.snapshot,
        dataDir: step['data-dir'],
        etcdutl: findTool('etcdutl', given(step.etcdutl)),
        name: given(step.name),
        initialCluster: given(step['initial-cluster']),
        initialAdvertisePeerUrls: given(step['initial-advertise-peer-urls']),
        skipHashCheck: step['skip-hash-check'],
      });
      log(`restored into ${result.dataDir} (revision ${result.verify.status?.revision ?? '?'}, ${result.verify.status?.totalKey ?? '?'} keys)`);
      log(lossWindowLine(result));
      return;
    }
    case 'etcd-snapshot': {
      const etcd = await resolveEtcd({
        endpoints: given(step.endpoints),
        cacert: given(step.cacert),
        cert: given(step.cert),
        key: given(step.key),
        'pki-dir': given(step['pki-dir']),
        embedded: given(step.embedded),
        timeout: step.timeout ?? '5m',
      });
      const saved = await saveSnapshot({
        connection: etcd.connection,
        etcdctl: etcd.etcdctl,
        etcdutl: etcd.etcdutl(),
        dir: step.dir,
        name: undefined,
        timeoutMs: etcd.timeoutMs,
        kubernetesVersion: async () => (await client.version()).gitVersion,
      });
      const verified = saved.metadata.verified;
      log(`saved ${saved.file}: revision ${saved.metadata.revision}, ${saved.metadata.totalKeys} keys, ${saved.metadata.size} bytes, sha256 ${saved.metadata.sha256.slice(0, 12)}`);
      if (!verified?.ok) throw new K8sdocError('snapshot-unverified', `the snapshot ${saved.file} did not verify`, { exit: 'data' });
      log(`verified (${verified.level}) at ${verified.at}`);
      return;
    }
  }
}
