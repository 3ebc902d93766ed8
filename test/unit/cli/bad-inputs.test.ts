import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
    name: 'cluster status of a cluster that does not exist: stderr, exit 4, names --name',
    args: () => ['cluster', 'status', '--name', 'nosuch'],
    exit: 4,
    says: /^error: there is no embedded cluster named "nosuch"\. start it with `k8sdoc cluster up --name nosuch`/,
  },
];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-bad-inputs-'));
  state = path.join(scratch, 'state');
  seedClusters();
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
