/**
 * Benchmark of the embedded control plane (issue targets: `cluster up` to all nodes Ready
 * ≤ 15 s median with binaries cached, `down` ≤ 3 s).
 *
 *   npx tsx scripts/bench-cluster.ts [--runs 5] [--nodes 3] [--cold]
 *
 * Each run starts from an empty state folder (new PKI, empty etcd), as a first `up` does.
 * --cold also provisions the binaries into an empty cache with empty Go caches, to show what a
 * fresh machine pays (slow: it downloads modules and compiles everything).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { provisionAll } from '../src/embedded/binaries.js';
import { median, numberOption } from './bench-util.js';

const args = process.argv.slice(2);
const runs = numberOption('runs', 5);
const nodes = numberOption('nodes', 3);


if (args.includes('--cold')) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-cold-'));
  const env = { ...process.env, K8SDOC_CACHE_DIR: path.join(scratch, 'cache'), GOCACHE: path.join(scratch, 'gocache'), GOMODCACHE: path.join(scratch, 'gomod') };
  const started = Date.now();
  await provisionAll({ env, source: 'build', onProgress: () => undefined });
  console.log(`cold provisioning (Go module download + build of every binary): ${((Date.now() - started) / 1000).toFixed(1)}s`);
  rmSync(scratch, { recursive: true, force: true });
}

process.env.K8SDOC_STATE_DIR = mkdtempSync(path.join(tmpdir(), 'k8sdoc-bench-'));
const { clusterDown, clusterUp } = await import('../src/embedded/cluster.js');
const ups: number[] = [];
const downs: number[] = [];
for (let i = 0; i < runs; i++) {
  const name = `bench-${i}`;
  let t = Date.now();
  await clusterUp({ name, nodes, provision: {}, onProgress: () => undefined });
  ups.push((Date.now() - t) / 1000);
  t = Date.now();
  await clusterDown(name, false);
  downs.push((Date.now() - t) / 1000);
  await clusterDown(name, true);
  console.log(`run ${i + 1}: up ${ups.at(-1)?.toFixed(2)}s, down ${downs.at(-1)?.toFixed(2)}s`);
}
console.log(`cluster up (${nodes} nodes Ready, fresh state), median of ${runs}: ${median(ups).toFixed(2)}s (target ≤ 15s)`);
console.log(`cluster down, median of ${runs}: ${median(downs).toFixed(2)}s (target ≤ 3s)`);
rmSync(process.env.K8SDOC_STATE_DIR, { recursive: true, force: true });
