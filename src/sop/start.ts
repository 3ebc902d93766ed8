import { createInterface } from 'node:readline/promises';
import type { KubeClient } from '../kube/client.js';
import { R } from '../kube/resources.js';
import { K8sdocError } from '../errors.js';
import { RunFolder, newRunId } from './journal.js';
import type { ClusterIdentity, RunInfo } from './journal.js';
import { loadSop } from './load.js';
import { expandPlan, resolveParameters } from './plan.js';
import type { PlannedStep } from './plan.js';

export interface PreparedRun {
  sop: string;
  file: string;
  parameters: Record<string, string>;
  plan: PlannedStep[];
}

/**
 * Loads a runbook, fills in its parameters and expands its for-each groups over today's nodes.
 * Reads only; the client is made only once the runbook and parameters are known to be valid.
 */
export async function prepareRun(client: () => Pick<KubeClient, 'list'>, name: string, given: Record<string, string>, sopDir: string | undefined): Promise<PreparedRun> {
  const { sop, file } = loadSop(name, sopDir);
  const parameters = resolveParameters(sop, given);
  const plan = await expandPlan(sop, parameters, async (selector) => {
    const nodes = await client().list(R.nodes, { labelSelector: selector || undefined });
    return nodes.map((n) => n.metadata.name).sort();
  });
  return { sop: sop.name, file, parameters, plan };
}

/** Which cluster the client talks to: its server and the UID of its kube-system namespace. */
export async function clusterIdentity(client: Pick<KubeClient, 'server' | 'get'>): Promise<ClusterIdentity> {
  const namespace = await client.get(R.namespaces, 'kube-system');
  return { server: client.server, kubeSystemUid: namespace.metadata.uid ?? '' };
}

/** A resume acts only on the cluster its run started on. */
export async function checkSameCluster(info: RunInfo, client: Pick<KubeClient, 'server' | 'get'>): Promise<void> {
  if (!info.cluster) {
    throw new K8sdocError('run-no-cluster', `run ${info.id} records no cluster, so k8sdoc cannot tell which cluster it acted on`, { exit: 'conflict', hint: 'start a new run with `k8sdoc sop run`' });
  }
  const current = await clusterIdentity(client);
  if (current.kubeSystemUid !== info.cluster.kubeSystemUid) {
    throw new K8sdocError('run-other-cluster', `run ${info.id} acted on ${info.cluster.server} (kube-system ${info.cluster.kubeSystemUid}), but the current kubeconfig points at ${current.server} (kube-system ${current.kubeSystemUid})`, {
      exit: 'conflict',
      hint: 'resume it with --kubeconfig/--context of the cluster it started on',
    });
  }
}

/** Journals a prepared run, with the cluster it acts on, in a new run folder. */
export function createRun(prepared: PreparedRun, cluster: ClusterIdentity, now = new Date()): RunFolder {
  return RunFolder.create({ id: newRunId(prepared.sop, now), ...prepared, cluster, createdAt: now.toISOString() });
}

/** A y/N question on the terminal, for confirm steps; undefined when there is no terminal to ask on. */
export function terminalConfirm(): ((message: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (message) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${message} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}
