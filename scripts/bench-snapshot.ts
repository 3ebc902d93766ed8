/**
 * Benchmark of `k8sdoc etcd snapshot save` against plain `etcdctl snapshot save` (issue target:
 * within 1.1x) on a throwaway etcd filled to >= 100 MB; never the shared test cluster.
 *
 *   npm run build && npx tsx scripts/bench-snapshot.ts [--runs 5] [--mb 110]
 *
 * Both commands run the same number of times against the same etcd, in alternating order, each
 * after the previous save's files were removed and the disk synced (untimed); each figure
 * is the median wall time of a whole command as a user runs it (k8sdoc's includes Node's start,
 * the hashing, `etcdutl snapshot status`, the metadata, fsyncs and the rename). One unrecorded
 * round runs first. In the same rounds it also times the parts k8sdoc adds that cannot overlap
 * the download: its start-up (a save whose etcdctl is /bin/true: everything up to the spawn of
 * etcdctl, then an error; against `node -e 0`) and `etcdutl snapshot status` of the saved file.
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
    const etcdutl = findTool('etcdutl', undefined);
    const k8sdoc = (args: string[], reject = true): Promise<unknown> => execa('node', [path.join(ROOT, 'bin/run.js'), ...args], { env: { NO_COLOR: '1' }, reject });
    const times = { plain: [] as number[], ours: [] as number[], status: [] as number[], startup: [] as number[], node: [] as number[] };
    const saves = {
      plain: (i: number) => execa(etcdctl, [...connectionArgs(connection), 'snapshot', 'save', path.join(out, `plain-${i}.db`)]),
      ours: (i: number) => k8sdoc(['etcd', 'snapshot', 'save', ...connectionArgs(connection), `--etcdctl=${etcdctl}`, `--etcdutl=${etcdutl}`, `--dir=${out}`, `--name=k8sdoc-${i}`]),
    };
    /** Removes a save's files and flushes the disk, untimed: a save must not pay for the writeback of the one before. */
    const clear = async (...files: string[]): Promise<void> => {
      await Promise.all(files.map((f) => rm(path.join(out, f), { force: true })));
      await execa('sync');
    };
    for (let i = -1; i < runs; i++) {
      const round = { plain: 0, ours: 0, status: 0, startup: 0, node: 0 };
      // the order alternates: whichever runs second in a round would otherwise always be the one slowed
      for (const which of i % 2 === 0 ? (['plain', 'ours'] as const) : (['ours', 'plain'] as const)) {
        round[which] = await timed(() => saves[which](i));
        if (which === 'ours') round.status = await timed(() => execa(etcdutl, ['snapshot', 'status', path.join(out, `k8sdoc-${i}.db`), '-w', 'json']));
        await clear(`plain-${i}.db`, `k8sdoc-${i}.db`, `k8sdoc-${i}.db.meta.json`);
      }
      round.startup = await timed(() => k8sdoc(['etcd', 'snapshot', 'save', ...connectionArgs(connection), '--etcdctl=/bin/true', `--dir=${out}`, `--name=startup-${i}`], false));
      round.node = await timed(() => execa('node', ['-e', '0']));
      // round -1 warms the page cache and etcd up and is not recorded
      if (i >= 0) for (const key of Object.keys(round) as (keyof typeof round)[]) times[key].push(round[key]);
    }
    const seconds = (ms: number): string => (ms / 1000).toFixed(2);
    const line = (label: string, values: number[]): string => `${label.padEnd(30)}median ${seconds(median(values))}s  (${values.map(seconds).join(', ')})`;
    const a = median(times.plain);
    const b = median(times.ours);
    console.log(line('etcdctl snapshot save:', times.plain));
    console.log(line('k8sdoc etcd snapshot save:', times.ours));
    console.log(`ratio k8sdoc / etcdctl: ${(b / a).toFixed(2)}x (target <= 1.10x)`);
    console.log('parts of k8sdoc\'s time that do not overlap the download, same rounds:');
    console.log(line('  etcdutl snapshot status:', times.status));
    console.log(line('  k8sdoc start-up to etcdctl:', times.startup));
    console.log(line('  of which node -e 0:', times.node));
  } finally {
    await throwaway.destroy();
    await rm(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
