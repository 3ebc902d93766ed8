/**
 * Benchmark of `k8sdoc diagnose` on a large cluster (issue target: on 500 nodes and 20,000 pods,
 * `diagnose -A -o json` within 1.5x of kubectl listing the same kinds as JSON, peak RSS <= 512 MB).
 *
 *   npx tsx scripts/bench-diagnose.ts [--runs 5] [--nodes 500] [--pods 20000] [--keep]
 *
 * Starts its own embedded cluster (never the user's; BENCH_STATE_DIR reuses one left up), scales it with kwok nodes and Deployments
 * spread over several namespaces, some of them failing (crash loops, image pulls, unschedulable),
 * then times both commands alternately and reports medians, the ratio and k8sdoc's peak RSS
 * (GNU time's maximum resident set size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { allChecks } from '../checks/index.js';
import { R } from '../src/kube/resources.js';
import type { KnownResource } from '../src/kube/resources.js';
import { median, numberOption } from './bench-util.js';

const args = process.argv.slice(2);
const runs = numberOption('runs', 5);
const nodes = numberOption('nodes', 500);
const totalPods = numberOption('pods', 20_000);
const ROOT = path.resolve(import.meta.dirname, '..');


// BENCH_STATE_DIR reuses a cluster an earlier (interrupted) run left up: scaling is the slow part
process.env.K8SDOC_STATE_DIR = process.env.BENCH_STATE_DIR ?? mkdtempSync(path.join(tmpdir(), 'k8sdoc-bench-diagnose-'));
const { clusterDown, clusterUp } = await import('../src/embedded/cluster.js');
const { clusterPaths } = await import('../src/embedded/paths.js');
const { applyAll } = await import('../src/embedded/addons.js');
const { deployment, namespace } = await import('../src/embedded/objects.js');
const { cachedBinary } = await import('../src/embedded/binaries.js');
const { KubeClient } = await import('../src/kube/client.js');
const { resolveKubeConfig } = await import('../src/kube/config.js');

const name = 'bench';
let t = Date.now();
await clusterUp({ name, nodes, provision: {}, onProgress: (m) => console.error(`[cluster] ${m}`) });
console.log(`cluster with ${nodes} nodes up in ${((Date.now() - t) / 1000).toFixed(1)}s`);
const kubeconfig = clusterPaths(name).kubeconfig;
const client = new KubeClient(resolveKubeConfig({ kubeconfig, env: {} }), { timeoutMs: 60_000 });

try {
  // 10 namespaces x 20 Deployments; 4% of the pods fail in one of three ways
  const namespaces = 10;
  const perNamespace = 20;
  const replicas = Math.ceil(totalPods / (namespaces * perNamespace));
  t = Date.now();
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    const objects = [namespace(ns, 'bench')];
    for (let d = 0; d < perNamespace; d++) {
      const failing = n === 0 && d < 3;
      const fault = failing ? [{ kind: 'crashloop' as const, exitCode: 1 }, { kind: 'image-pull' as const, message: 'not found' }, undefined][d] : undefined;
      const podSpec = failing && d === 2 ? { containers: [{ name: 'app', image: 'registry.example.com/app:1', resources: { requests: { cpu: '64' } } }] } : undefined;
      objects.push(deployment(`app-${d}`, ns, { replicas, ...(fault ? { fault } : {}), ...(podSpec ? { podSpec } : {}) }));
    }
    await applyAll(client, objects);
  }
  // done when all pods exist and scheduling has settled (a full cluster leaves some Pending, as a real one would)
  let lastScheduled = -1;
  for (;;) {
    let count = 0;
    let scheduled = 0;
    for await (const page of client.listPages<{ metadata: { name: string }; spec: { nodeName?: string } }>(R.pods, { limit: 500 })) {
      count += page.items.length;
      scheduled += page.items.filter((p) => p.spec.nodeName).length;
    }
    console.error(`[scale] ${count} pods, ${scheduled} scheduled, ${((Date.now() - t) / 1000).toFixed(0)}s`);
    if (count >= totalPods && scheduled === lastScheduled) break;
    lastScheduled = scheduled;
    await sleep(10_000);
  }
  console.log(`scaled to ${totalPods} pods in ${((Date.now() - t) / 1000).toFixed(0)}s`);
  await sleep(20_000);

  // kubectl lists exactly the kinds the catalog collects
  const kinds = new Set<KnownResource>(allChecks.flatMap((c) => [...c.needs, ...(c.optional ?? [])]));
  const kubectlKinds = [...kinds].map((k) => (R[k].group ? `${R[k].resource}.${R[k].group}` : R[k].resource)).join(',');
  const kubectl = cachedBinary('kubectl') ?? 'kubectl';
  const env = { ...process.env, KUBECONFIG: kubeconfig, CI: 'true', NO_COLOR: '1' };
  const timed = async (command: string[]): Promise<{ seconds: number; rssMb: number }> => {
    const result = await execa('/usr/bin/time', ['-f', '%e %M', ...command], { env, reject: false, stdout: 'ignore', timeout: 600_000 });
    const last = String(result.stderr).trim().split('\n').at(-1) ?? '';
    const [seconds, kb] = last.split(' ').map(Number);
    if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`${command.join(' ')} failed: ${String(result.stderr).slice(-500)}`);
    return { seconds: seconds ?? NaN, rssMb: (kb ?? NaN) / 1024 };
  };
  const diagnose: { seconds: number; rssMb: number }[] = [];
  const listing: { seconds: number; rssMb: number }[] = [];
  for (let i = 0; i < runs; i++) {
    diagnose.push(await timed(['node', path.join(ROOT, 'bin/run.js'), 'diagnose', '-A', '-o', 'json', '--fail-on', 'never']));
    listing.push(await timed([kubectl, 'get', kubectlKinds, '-A', '-o', 'json']));
    console.log(`run ${i + 1}: k8sdoc diagnose ${diagnose.at(-1)?.seconds}s (${diagnose.at(-1)?.rssMb.toFixed(0)} MB), kubectl get ${listing.at(-1)?.seconds}s (${listing.at(-1)?.rssMb.toFixed(0)} MB)`);
  }
  const d = median(diagnose.map((r) => r.seconds));
  const k = median(listing.map((r) => r.seconds));
  console.log(`kinds: ${kubectlKinds}`);
  console.log(`k8sdoc diagnose -A -o json, median of ${runs}: ${d.toFixed(2)}s; peak RSS max ${Math.max(...diagnose.map((r) => r.rssMb)).toFixed(0)} MB (target <= 512 MB)`);
  console.log(`kubectl get <same kinds> -A -o json, median of ${runs}: ${k.toFixed(2)}s`);
  console.log(`ratio: ${(d / k).toFixed(2)}x (target <= 1.5x)`);
} finally {
  client.close();
  if (!args.includes('--keep')) {
    await clusterDown(name, true);
    rmSync(process.env.K8SDOC_STATE_DIR ?? '', { recursive: true, force: true });
  }
}
