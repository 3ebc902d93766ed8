import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../../src/collect/collector.js';
import { readDump, writeDump } from '../../../src/collect/dump.js';
import { clientVersion } from '../../../src/version.js';
import { planInputs } from '../../../src/collect/plan.js';
import { scopeSnapshot } from '../../../src/collect/scope.js';
import { runChecks } from '../../../src/engine/run.js';
import type { K8sdocError } from '../../../src/errors.js';
import { toReport } from '../../../src/report/model.js';
import { FIXTURES, snapshotFromFixture } from '../../helpers/snapshot.js';
import { cordonedNodes, needsSecrets, waitingPods } from '../engine/checks.js';
import { FakeCluster } from './fake-cluster.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'k8sdoc-dump-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const checks = [waitingPods, cordonedNodes, needsSecrets];
const fixture = snapshotFromFixture('engine/cluster.yaml', { collected: ['pods', 'nodes', 'events', 'secrets'] });

async function liveSnapshot(): Promise<ReturnType<typeof collect>> {
  const cluster = new FakeCluster(fixture, { deny: ['secrets'] });
  return collect(cluster.client, { ...planInputs(checks), namespace: undefined });
}

function thrown(fn: () => unknown): K8sdocError {
  try {
    fn();
  } catch (error) {
    return error as K8sdocError;
  }
  throw new Error('expected an error');
}

describe('dump', () => {
  it('gives the same findings from the dump as from the live snapshot it was written from', async () => {
    const live = await liveSnapshot();
    const dir = path.join(root, 'dump');
    await writeDump(dir, live, { k8sdocVersion: '0.1.0' });
    const { snapshot } = readDump(dir);
    const report = (s: typeof live) => {
      const { findings, skipped, suppressed, summary } = toReport(runChecks(s, { checks }), '0.1.0');
      return { findings, skipped, suppressed, summary: { ...summary, durationMs: 0 } };
    };
    expect(report(snapshot)).toEqual(report(live));
    // the live run had findings and a skip to compare, not two empty reports
    expect(report(live).findings.length).toBeGreaterThan(2);
    expect(report(live).skipped.map((s) => s.reason)).toEqual(['you may not list secrets in all namespaces']);
  });

  it('writes one file per kind, the extras and a manifest, readable only by the owner', async () => {
    const dir = path.join(root, 'dump');
    const { manifest } = await writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0', labelSelector: 'app=web' });
    expect(readdirSync(path.join(dir, 'resources')).sort()).toEqual(['nodes.json', 'pods.json']);
    expect(manifest).toMatchObject({ kind: 'k8sdoc-dump', format: 1, namespace: null, labelSelector: 'app=web', missing: [{ input: 'secrets' }] });
    for (const file of ['manifest.json', 'extras.json', 'resources/pods.json']) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder that is not empty, with exit 8, and leaves it untouched', async () => {
    const dir = path.join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0' })).rejects.toMatchObject({ exitCode: 8 });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('accepts an existing empty folder', async () => {
    const dir = path.join(root, 'empty');
    mkdirSync(dir);
    await writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0' });
    expect(readDump(dir).snapshot.resources.pods).toHaveLength(5);
  });

  it('says a folder without a manifest is not a dump (exit 2)', () => {
    const error = thrown(() => readDump(root));
    expect(error.exitCode).toBe(2);
    expect(error.oneLine()).toBe(`${root} is not a k8sdoc dump: there is no manifest.json. pass a folder written by \`k8sdoc dump DIR\``);
    writeFileSync(path.join(root, 'manifest.json'), '{"kind":"something-else"}');
    expect(thrown(() => readDump(root)).oneLine()).toMatch(/is not a k8sdoc dump: manifest.json kind: Invalid input/);
    expect(thrown(() => readDump(path.join(root, 'nope'))).exitCode).toBe(2);
  });

  it('says a dump with a damaged file is damaged (exit 7)', async () => {
    const dir = path.join(root, 'dump');
    await writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0' });
    const pods = path.join(dir, 'resources/pods.json');
    writeFileSync(pods, readFileSync(pods, 'utf8').slice(0, 100));
    const error = thrown(() => readDump(dir));
    expect(error.exitCode).toBe(7);
    expect(error.message).toBe(`dump ${dir} is damaged: resources/pods.json is not valid JSON`);
  });

  it('says a dump whose file holds things that are not objects is damaged (exit 7), naming the file, not crashing inside a check', async () => {
    const dir = path.join(root, 'dump');
    await writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0' });
    const pods = path.join(dir, 'resources/pods.json');
    const count = (JSON.parse(readFileSync(pods, 'utf8')) as unknown[]).length;
    writeFileSync(pods, JSON.stringify([1, 2, 'x', null, {}].slice(0, count).concat(Array(Math.max(0, count - 5)).fill({}))));
    const error = thrown(() => readDump(dir));
    expect(error.exitCode).toBe(7);
    expect(error.message).toMatch(new RegExp(`dump ${dir} is damaged: resources/pods.json item 0 is not a Kubernetes object`));
  });

  it('names a dump format newer than this k8sdoc reads without telling it to upgrade to itself (exit 2)', async () => {
    const dir = path.join(root, 'dump');
    await writeDump(dir, await liveSnapshot(), { k8sdocVersion: clientVersion().k8sdoc });
    const manifest = path.join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...(JSON.parse(readFileSync(manifest, 'utf8')) as object), format: 99 }));
    const error = thrown(() => readDump(dir));
    expect(error.exitCode).toBe(2);
    expect(error.oneLine()).toMatch(/has format 99, newer than this k8sdoc .* reads \(format 1\)\. read it with the k8sdoc that wrote it, or a newer release$/);
    expect(error.oneLine()).not.toContain(`${clientVersion().k8sdoc} or newer`);
  });

  it('narrows a dump of all namespaces to one namespace or a label selector', async () => {
    const dir = path.join(root, 'dump');
    await writeDump(dir, await liveSnapshot(), { k8sdocVersion: '0.1.0' });
    const { snapshot } = readDump(dir);
    const shop = scopeSnapshot(snapshot, { namespace: 'shop' });
    expect(shop.namespace).toBe('shop');
    expect(shop.resources.pods?.map((p) => p.metadata.name)).toEqual(['web-7d9f-a', 'web-7d9f-b', 'web-7d9f-c', 'lonely']);
    expect(shop.resources.nodes).toHaveLength(2);
    expect(scopeSnapshot(snapshot, { labelSelector: 'app=web' }).resources.pods).toHaveLength(3);
    expect(() => scopeSnapshot(shop, { namespace: 'batch' })).toThrow('the dump holds only namespace shop, not batch');
  });
});

describe('dumps written by earlier versions', () => {
  it('reads the format-1 dump in fixtures/dumps and finds what it held', () => {
    const { snapshot, manifest } = readDump(path.join(FIXTURES, 'dumps/format-1'));
    expect(manifest).toMatchObject({ format: 1, k8sdocVersion: '0.1.0', source: 'https://fake.cluster:6443' });
    const result = runChecks(snapshot, { checks });
    expect(result.findings.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name} ${(f.objects ?? []).length}`)).toEqual([
      'test-waiting Pod/nightly-29000000-x1 0',
      'test-waiting Deployment/web 3',
      'test-waiting Pod/lonely 0',
      'test-cordoned Node/worker-2 0',
    ]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['you may not list secrets in all namespaces']);
  });
});
