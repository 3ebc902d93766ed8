import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { K8sdocError } from '../../errors.js';
import { humanDuration } from '../../util/time.js';
import { lastErrorLine, runTool } from '../etcdctl.js';
import { interruptible } from '../interrupt.js';
import { fsyncDir } from './files.js';
import { corruptError, verifySnapshot } from './verify.js';
import type { VerifyReport } from './verify.js';

export interface RestoreOptions {
  file: string;
  dataDir: string;
  etcdutl: string;
  name: string | undefined;
  initialCluster: string | undefined;
  initialAdvertisePeerUrls: string | undefined;
  /** restore a file without the hash etcd appends (etcdutl --skip-hash-check) */
  skipHashCheck?: boolean;
  now?: Date;
}

export interface RestoreResult {
  dataDir: string;
  verify: VerifyReport;
  /** when the snapshot was taken (metadata), the start of the data-loss window */
  snapshotTime: string | undefined;
  lossWindowMs: number | undefined;
  nextSteps: string[];
}

function refusedDataDir(dir: string): K8sdocError {
  return new K8sdocError('data-dir-exists', `--data-dir ${dir} already exists; k8sdoc restores only into a new folder and leaves existing ones untouched`, {
    exit: 'conflict',
    hint: 'pick a new path such as /var/lib/etcd-restored-<date>; keep the old data dir until the restored cluster is verified',
  });
}

/** The runbook after a restore on a kubeadm control-plane node (static pods). */
export function kubeadmNextSteps(dataDir: string, memberName: string | undefined): string[] {
  return [
    'On every control-plane node, stop the apiservers first so nothing writes to the old etcd: move /etc/kubernetes/manifests/kube-apiserver.yaml out of the manifests folder (the kubelet stops the pod).',
    `Point etcd at the restored data: in /etc/kubernetes/manifests/etcd.yaml change --data-dir and the etcd-data hostPath volume to ${dataDir}${memberName ? ` (member name ${memberName})` : ''}; the kubelet restarts etcd.`,
    'Wait for etcd to be healthy: `k8sdoc etcd status`.',
    'Move kube-apiserver.yaml back into /etc/kubernetes/manifests; restart the controller-manager, scheduler and kubelets so they drop cached state.',
    'Verify: `kubectl get nodes`, `kubectl get pods -A`, `k8sdoc diagnose`; keep the old data dir until you are sure.',
  ];
}

/**
 * `etcd snapshot restore`: verifies the snapshot, then `etcdutl snapshot restore` into a
 * temporary sibling of --data-dir that is renamed into place, so neither an existing folder nor
 * a half-restored one can ever end up at --data-dir.
 */
export async function restoreSnapshot(options: RestoreOptions): Promise<RestoreResult> {
  const dataDir = path.resolve(options.dataDir);
  if (existsSync(dataDir)) throw refusedDataDir(dataDir);
  if (!existsSync(path.dirname(dataDir))) {
    throw new K8sdocError('data-dir-parent', `the parent folder of --data-dir (${path.dirname(dataDir)}) does not exist`, { exit: 'precondition', hint: 'create it first; the restored folder itself must be new' });
  }
  const verify = await verifySnapshot(options.file, { etcdutl: options.etcdutl, record: false, skipHashCheck: options.skipHashCheck ?? false });
  if (!verify.ok) throw corruptError(verify);
  let staging: string | undefined;
  await interruptible(
    async (signal) => {
      staging = await mkdtemp(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.restoring-`));
      const target = path.join(staging, 'data');
      const args = ['snapshot', 'restore', options.file, `--data-dir=${target}`];
      if (options.name) args.push(`--name=${options.name}`);
      if (options.initialCluster) args.push(`--initial-cluster=${options.initialCluster}`);
      if (options.initialAdvertisePeerUrls) args.push(`--initial-advertise-peer-urls=${options.initialAdvertisePeerUrls}`);
      if (options.skipHashCheck) args.push('--skip-hash-check');
      const result = await runTool(options.etcdutl, args, { timeoutMs: 3_600_000, cancelSignal: signal });
      if (result.exitCode !== 0) {
        const reason = lastErrorLine(result.stderr);
        const corrupt = /integrity|hash|checksum|corrupt|invalid database/i.test(reason);
        throw new K8sdocError(corrupt ? 'snapshot-corrupt' : 'restore-failed', `etcdutl could not restore ${options.file}: ${reason}`, { exit: corrupt ? 'data' : 'precondition', hint: corrupt ? 'use another snapshot' : 'check --name, --initial-cluster and --initial-advertise-peer-urls' });
      }
      // checked again: the folder may have appeared while etcdutl ran
      if (existsSync(dataDir)) throw refusedDataDir(dataDir);
      await rename(target, dataDir);
      await fsyncDir(path.dirname(dataDir));
    },
    async () => {
      if (staging) await rm(staging, { recursive: true, force: true });
    },
  );
  const now = options.now ?? new Date();
  const snapshotTime = verify.metadata?.createdAt;
  return {
    dataDir,
    verify,
    snapshotTime,
    lossWindowMs: snapshotTime ? now.getTime() - Date.parse(snapshotTime) : undefined,
    nextSteps: kubeadmNextSteps(dataDir, options.name),
  };
}

/** "writes from 2026-01-02T03:04:05Z to now (3h20m) are lost". */
export function lossWindowLine(result: Pick<RestoreResult, 'snapshotTime' | 'lossWindowMs'>): string {
  if (!result.snapshotTime || result.lossWindowMs === undefined) return 'data-loss window: unknown (no metadata records when the snapshot was taken); every write after it is lost';
  return `data-loss window: every write between ${result.snapshotTime} (the snapshot) and now (${humanDuration(result.lossWindowMs)}) is lost once the cluster runs on the restored data`;
}
