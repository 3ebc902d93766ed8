import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { KnownResource } from '../../src/kube/resources.js';
import { R } from '../../src/kube/resources.js';
import type { KubeObject } from '../../src/kube/types.js';
import type { Check, CheckContext, Finding, Snapshot, Thresholds } from '../../src/engine/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/engine/types.js';
import { finalizeResults } from '../../src/engine/run.js';
import { SnapshotView } from '../../src/engine/view.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

const RESOURCE_BY_KIND = new Map<string, KnownResource>(Object.entries(R).map(([resource, ref]) => [ref.kind, resource as KnownResource]));

/**
 * Builds a snapshot from a `kind: List` YAML fixture (paths relative to fixtures/). Every kind
 * in `collected` counts as collected even when the fixture has none of it, so checks see "no
 * objects" rather than "not collected".
 */
export function snapshotFromFixture(file: string, options: { collected?: KnownResource[]; extras?: Snapshot['extras']; namespace?: string } = {}): Snapshot {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const docs = yaml.loadAll(text) as { kind?: string; items?: KubeObject[] }[];
  const resources: Snapshot['resources'] = {};
  for (const resource of options.collected ?? []) resources[resource] = [];
  for (const doc of docs) {
    const items = doc?.kind === 'List' ? (doc.items ?? []) : doc ? [doc as KubeObject] : [];
    for (const item of items) {
      const resource = RESOURCE_BY_KIND.get(item.kind ?? '');
      if (!resource) throw new Error(`fixture ${file}: k8sdoc does not collect kind ${item.kind}`);
      (resources[resource] ??= []).push(item);
    }
  }
  return {
    format: 1,
    collectedAt: new Date(0).toISOString(),
    source: `fixture:${file}`,
    namespace: options.namespace,
    resources,
    extras: options.extras ?? {},
    missing: [],
  };
}

/** Runs one check over a fixture, the way the engine does, at a fixed "now". */
export function runCheck(check: Check, snapshot: Snapshot, now = new Date('2026-11-01T12:00:00Z'), thresholds: Partial<Thresholds> = {}): Finding[] {
  const context: CheckContext = { now, thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds } };
  const view = new SnapshotView(snapshot);
  return finalizeResults(check, check.run(view, context), view);
}
