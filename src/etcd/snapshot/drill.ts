import { mapLimit } from '../../collect/pool.js';
import { KUBERNETES_VERSION } from '../../embedded/versions.js';
import { messageOf } from '../../errors.js';
import { KubeClient } from '../../kube/client.js';
import { resolveKubeConfig } from '../../kube/config.js';
import { R } from '../../kube/resources.js';
import type { KubeObject } from '../../kube/types.js';
import type { ThrowawayCluster } from '../throwaway.js';
import { readMetadata } from './files.js';
import type { SnapshotMetadata } from './files.js';
import { verifySnapshot } from './verify.js';
import type { VerifyReport } from './verify.js';

export interface DrillTools {
  etcd: string;
  etcdutl: string;
  apiserver: string;
  /** the apiserver binary's version, compared with the snapshot's */
  apiserverVersion?: string;
  /** accept a snapshot without etcd's appended hash (--skip-hash-check) */
  skipHashCheck?: boolean;
}

export interface KindCount {
  /** resource.group, as kubectl names it */
  resource: string;
  kind: string;
  count: number;
}

export interface DrillReport {
  file: string;
  metadata: SnapshotMetadata | undefined;
  verify: VerifyReport;
  /** the throwaway apiserver answered /readyz with ok */
  readyz: boolean;
  serverVersion: string | undefined;
  namespaces: string[];
  nodes: string[];
  counts: KindCount[];
  totalObjects: number;
  /** kinds that could not be listed, with why */
  failedKinds: { resource: string; error: string }[];
  notes: string[];
  durationMs: number;
  usable: boolean;
}

const LIST_CONCURRENCY = 4;

function names(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => o.metadata.name).sort();
}

function minor(version: string | undefined): string | undefined {
  return version?.match(/^v?(\d+\.\d+)/)?.[1];
}

/** Counts every listable kind the apiserver serves, page by page (nothing kept in memory). */
async function countObjects(client: KubeClient): Promise<{ counts: KindCount[]; failed: DrillReport['failedKinds'] }> {
  const listable = (await client.resources()).filter((r) => r.verbs.includes('list') && !r.resource.includes('/'));
  const counts: KindCount[] = [];
  const failed: DrillReport['failedKinds'] = [];
  await mapLimit(listable, LIST_CONCURRENCY, async (ref) => {
    const resource = ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
    try {
      let count = 0;
      for await (const page of client.listPages(ref)) count += page.items.length;
      counts.push({ resource, kind: ref.kind, count });
    } catch (error) {
      failed.push({ resource, error: messageOf(error) });
    }
  });
  return { counts: counts.sort((a, b) => a.resource.localeCompare(b.resource)), failed };
}

/**
 * The restore drill: verify, restore into a temporary folder, boot a throwaway etcd and
 * kube-apiserver on it, and report what the API serves. The caller tears the throwaway down
 * (also on Ctrl-C) through the returned handle's destroy().
 */
export async function drillSnapshot(file: string, tools: DrillTools, throwaway: ThrowawayCluster, signal: AbortSignal, onProgress: (message: string) => void): Promise<DrillReport> {
  const started = Date.now();
  const notes: string[] = [];
  const metadata = await readMetadata(file);
  onProgress('verifying the snapshot');
  const verify = await verifySnapshot(file, { etcdutl: tools.etcdutl, record: false, skipHashCheck: tools.skipHashCheck ?? false }, signal);
  const empty = { file, metadata, verify, readyz: false, serverVersion: undefined, namespaces: [], nodes: [], counts: [], totalObjects: 0, failedKinds: [], notes, usable: false };
  if (!verify.ok) return { ...empty, durationMs: Date.now() - started };
  const snapshotMinor = minor(metadata?.kubernetesVersion);
  const binaryMinor = minor(tools.apiserverVersion ?? KUBERNETES_VERSION);
  if (snapshotMinor && binaryMinor && snapshotMinor !== binaryMinor) {
    notes.push(`the snapshot comes from Kubernetes ${metadata?.kubernetesVersion ?? ''} but the drill's kube-apiserver is ${tools.apiserverVersion ?? KUBERNETES_VERSION}: pass --kube-apiserver of the same minor for a faithful drill`);
  }
  onProgress('restoring into a temporary folder');
  await throwaway.restore(tools.etcdutl, file, signal, tools.skipHashCheck ?? false);
  onProgress('starting a throwaway etcd');
  await throwaway.startEtcd(tools.etcd, signal);
  onProgress('starting a throwaway kube-apiserver');
  const kubeconfig = await throwaway.startApiserver(tools.apiserver, signal);
  const client = new KubeClient(resolveKubeConfig({ kubeconfig, env: {} }), { timeoutMs: 30_000, maxAttempts: 2 });
  try {
    const readyz = (await client.text({ path: '/readyz', what: 'ask the throwaway apiserver /readyz' }).catch(() => '')).trim() === 'ok';
    const serverVersion = (await client.version().catch(() => undefined))?.gitVersion;
    onProgress('counting the objects it serves');
    const [namespaces, nodes, counted] = await Promise.all([client.list(R.namespaces), client.list(R.nodes), countObjects(client)]);
    const totalObjects = counted.counts.reduce((sum, c) => sum + c.count, 0);
    const usable = readyz && counted.failed.length === 0;
    return { ...empty, readyz, serverVersion, namespaces: names(namespaces), nodes: names(nodes), counts: counted.counts, totalObjects, failedKinds: counted.failed, usable, durationMs: Date.now() - started };
  } finally {
    client.close();
  }
}
