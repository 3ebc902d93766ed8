import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Bad input, as a careful operator tries it: every case gets its documented exit code, one
 * line on stderr that says what to do, no stack trace, and changes nothing. These run the
 * built CLI without a cluster; the cases that need one are in the integration suite.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
let scratch: string;
let state: string;

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  /** the first line of stderr must match */
  says: RegExp;
  /** and it must not say */
  never?: RegExp;
  /** checked after the run: nothing was lost or changed */
  unchanged?: () => void;
}

/** A state folder with two clusters' folders in it, which no bad name may touch. */
function seedClusters(): void {
  for (const name of ['keep-a', 'keep-b']) {
    mkdirSync(path.join(state, 'clusters', name), { recursive: true });
    writeFileSync(path.join(state, 'clusters', name, 'state.json'), '{}');
  }
  writeFileSync(path.join(state, 'precious.txt'), 'do not delete');
}

function stateIntact(): void {
  expect(readdirSync(path.join(state, 'clusters')).sort()).toEqual(['keep-a', 'keep-b']);
  expect(existsSync(path.join(state, 'precious.txt'))).toBe(true);
}

const CASES: Case[] = [
  ...['', '..', 'a/b', '/', '.', '../clusters', 'UPPER', 'a'.repeat(64)].map((name): Case => ({
    name: `cluster down --purge --name ${JSON.stringify(name)}`,
    args: () => ['cluster', 'down', '--purge', '--name', name],
    exit: 2,
    says: /^error: cluster name ".*" is not valid\. use a DNS-1123 label/,
    unchanged: stateIntact,
  })),
  {
    name: 'snapshot save --dir naming a file: exit 2 (was 70), the file untouched',
    args: () => ['etcd', 'snapshot', 'save', ...fakeEtcd(), '--dir', path.join(scratch, 'a-file')],
    exit: 2,
    says: /^error: --dir .*a-file is a file, not a folder\. name the folder/,
    unchanged: () => expect(readFileSync(path.join(scratch, 'a-file'), 'utf8')).toBe('keep me'),
  },
  {
    name: 'snapshot save --dir below a file: exit 2',
    args: () => ['etcd', 'snapshot', 'save', ...fakeEtcd(), '--dir', path.join(scratch, 'a-file', 'sub')],
    exit: 2,
    says: /^error: --dir .* cannot be a folder: a file stands in its path/,
  },
  {
    name: 'snapshot save --dir that cannot be created: exit 4 (was 3, "cluster unreachable")',
    args: () => ['etcd', 'snapshot', 'save', ...fakeEtcd(), '--dir', '/sys/k8sdoc-cannot-write-here'],
    exit: 4,
    says: /^error: --dir \/sys\/k8sdoc-cannot-write-here cannot be created .* pick a --dir you may write to/,
  },
  {
    name: 'a missing required flag: one line without oclif\'s "The following error occurred:" heading',
    args: () => ['etcd', 'snapshot', 'restore', path.join(scratch, 'a-file')],
    exit: 2,
    says: /^error: Missing required flag data-dir \(see `k8sdoc etcd snapshot restore --help`\)$/,
  },
  {
    name: 'upgrade plan without --to: the same',
    args: () => ['upgrade', 'plan'],
    exit: 2,
    says: /^error: Missing required flag to \(see `k8sdoc upgrade plan --help`\)$/,
  },
  {
    name: 'dns check --cluster-domain "bad..domain": exit 2 before any request or probe pod (was 1 after creating one)',
    args: () => ['dns', 'check', '--cluster-domain', 'bad..domain'],
    exit: 2,
    says: /^error: --cluster-domain "bad\.\.domain" is not a DNS domain/,
  },
  {
    name: 'an empty kubeconfig: exit 3 without a JavaScript internal in the message',
    args: () => ['get', 'pods', '--kubeconfig', path.join(scratch, 'empty.conf')],
    exit: 3,
    says: /^error: kubeconfig .*empty\.conf is not valid: it is empty or not a mapping/,
    never: /Cannot read properties/,
  },
  {
    name: '--config naming a folder: exit 2, said plainly (was a raw EISDIR)',
    args: () => ['diagnose', '--from', path.join(scratch, 'no-dump'), '--config', scratch],
    exit: 2,
    says: /^error: config file .* is a folder\. pass the YAML file itself to --config/,
  },
  {
    name: 'snapshot verify of a folder: exit 2, not "does not exist"',
    args: () => ['etcd', 'snapshot', 'verify', scratch, '--etcdutl', '/bin/true'],
    exit: 2,
    says: /^error: .* is a folder, not a snapshot file/,
  },
  {
    name: 'diagnose --fail-on-skipped is a known flag',
    args: () => ['diagnose', '--fail-on-skipped', '--from', path.join(scratch, 'no-dump')],
    exit: 2,
    says: /^error: dump folder .*no-dump does not exist/,
  },
  {
    name: 'cluster status of a cluster that does not exist: stderr, exit 4, names --name',
    args: () => ['cluster', 'status', '--name', 'nosuch'],
    exit: 4,
    says: /^error: there is no embedded cluster named "nosuch"\. start it with `k8sdoc cluster up --name nosuch`/,
  },
];

/** etcd flags that pass validation (readable files, a URL) for an etcd nothing answers at. */
function fakeEtcd(): string[] {
  const pem = path.join(scratch, 'not-used.pem');
  // any executable passes the tools' check: nothing here may get as far as running them
  return ['--endpoints', 'https://127.0.0.1:1', '--cacert', pem, '--cert', pem, '--key', pem, '--etcdctl', '/bin/true', '--etcdutl', '/bin/true'];
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-bad-inputs-'));
  state = path.join(scratch, 'state');
  seedClusters();
  writeFileSync(path.join(scratch, 'a-file'), 'keep me');
  writeFileSync(path.join(scratch, 'not-used.pem'), '');
  writeFileSync(path.join(scratch, 'empty.conf'), '');
});

afterAll(() => {
  chmodSync(scratch, 0o700);
  rmSync(scratch, { recursive: true, force: true });
});

describe('bad input: documented exit code, one actionable line, nothing changed', () => {
  it.each(CASES)('$name', async (c) => {
    const run = await execa('node', [path.join(ROOT, 'bin/run.js'), ...c.args()], {
      env: { K8SDOC_STATE_DIR: state, HOME: scratch, NO_COLOR: '1', CI: 'true', KUBECONFIG: path.join(scratch, 'no-kubeconfig') },
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    });
    const stderr = String(run.stderr);
    expect(run.exitCode, stderr).toBe(c.exit);
    expect(stderr.split('\n')[0]).toMatch(c.says);
    expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    if (c.never) expect(stderr).not.toMatch(c.never);
    c.unchanged?.();
  });
});

describe('a server that accepts connections and never answers', () => {
  let server: Server;
  let conf: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // accepts, reads and discards, never answers
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket)).resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    conf = path.join(scratch, 'hang.conf');
    writeFileSync(conf, [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: h, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: h, context: {cluster: h, user: u}}]',
      'current-context: h',
    ].join('\n'));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([['get', 'pods'], ['api-resources'], ['version']])('ends %s within --request-timeout and a second, exit 3', async (...words) => {
    const started = Date.now();
    const run = await execa('node', [path.join(ROOT, 'bin/run.js'), ...words, '--kubeconfig', conf, '--request-timeout', '2s'], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' }, timeout: 30_000 });
    const elapsed = Date.now() - started;
    expect(run.exitCode).toBe(3);
    expect(String(run.stderr)).toMatch(/^error: timed out after 2s trying to/);
    // it took 8.7 s for a 2 s timeout: requests waited two timeouts, and the process a third for a pending one
    expect(elapsed).toBeLessThan(3000 + 1000);
  });
});

