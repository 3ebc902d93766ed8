/**
 * Benchmark of `k8sdoc etcd snapshot save` against plain `etcdctl snapshot save` (issue target:
 * within 1.1x) on a throwaway etcd filled to >= 100 MB; never the shared test cluster.
 *
 *   npm run build && npx tsx scripts/bench-snapshot.ts [--runs 5] [--mb 110]
 *
 * Both commands run the same number of times, alternating, against the same etcd; each figure
 * is the median wall time of a whole command as a user runs it (k8sdoc's includes Node's start,
 * the hashing, `etcdutl snapshot status`, the metadata, fsyncs and the rename).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { EtcdConnection } from '../src/etcd/connection.js';
import { findTool } from '../src/etcd/connection.js';
import { connectionArgs, etcdctlOk } from '../src/etcd/etcdctl.js';
import { parseEndpointStatus } from '../src/etcd/parse.js';
import { ThrowawayCluster } from '../src/etcd/throwaway.js';
import { median, numberOption } from './bench-util.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One put through etcd's gRPC gateway (JSON over the same TLS client port). */
async function put(connection: EtcdConnection, key: string, value: Buffer): Promise<void> {
  const endpoint = new URL(connection.endpoints[0] ?? '');
  const body = JSON.stringify({ key: Buffer.from(key).toString('base64'), value: value.toString('base64') });
  await new Promise<void>((resolve, reject) => {
    const req = https.request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        path: '/v3/kv/put',
        method: 'POST',
        ca: connection.cacert ? readFileSync(connection.cacert) : undefined,
        cert: connection.cert ? readFileSync(connection.cert) : undefined,
        key: connection.key ? readFileSync(connection.key) : undefined,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`put ${key}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes incompressible values until etcd's database file is at least `megabytes` MB. */
export async function fillEtcd(connection: EtcdConnection, megabytes: number, etcdctl = findTool('etcdctl', undefined)): Promise<number> {
  const valueBytes = 900 * 1024;
  const count = Math.ceil((megabytes * 1e6) / valueBytes) + 2;
  for (let i = 0; i < count; i += 4) {
    await Promise.all([0, 1, 2, 3].filter((j) => i + j < count).map((j) => put(connection, `/fill/${String(i + j).padStart(6, '0')}`, randomBytes(valueBytes))));
  }
  const status = parseEndpointStatus(await etcdctlOk(etcdctl, connection, 'read the endpoint status', ['endpoint', 'status', '-w', 'json']));
  return status[0]?.dbSize ?? 0;
}


async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const runs = numberOption('runs', 5);
  const megabytes = numberOption('mb', 110);
  const etcdctl = findTool('etcdctl', undefined);
  const throwaway = await ThrowawayCluster.create();
  const out = await mkdtemp(path.join(tmpdir(), 'k8sdoc-bench-snapshots-'));
  try {
    await throwaway.startEtcd(findTool('etcd', undefined));
    const connection = throwaway.etcdConnection;
    const filled = Date.now();
    const dbSize = await fillEtcd(connection, megabytes, etcdctl);
    console.log(`throwaway etcd filled to ${(dbSize / 1e6).toFixed(1)} MB in ${((Date.now() - filled) / 1000).toFixed(1)}s`);
    const plain: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) {
      plain.push(await timed(() => execa(etcdctl, [...connectionArgs(connection), 'snapshot', 'save', path.join(out, `plain-${i}.db`)])));
      ours.push(
        await timed(() =>
          execa('node', [path.join(ROOT, 'bin/run.js'), 'etcd', 'snapshot', 'save', ...connectionArgs(connection), `--etcdctl=${etcdctl}`, `--dir=${out}`, `--name=k8sdoc-${i}`], { env: { NO_COLOR: '1' } }),
        ),
      );
      await Promise.all([rm(path.join(out, `plain-${i}.db`)), rm(path.join(out, `k8sdoc-${i}.db`)), rm(path.join(out, `k8sdoc-${i}.db.meta.json`))]);
    }
    const a = median(plain);
    const b = median(ours);
    console.log(`etcdctl snapshot save:        median ${(a / 1000).toFixed(2)}s  (${plain.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
    console.log(`k8sdoc etcd snapshot save:    median ${(b / 1000).toFixed(2)}s  (${ours.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
    console.log(`ratio k8sdoc / etcdctl: ${(b / a).toFixed(2)}x (target <= 1.10x)`);
  } finally {
    await throwaway.destroy();
    await rm(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
