import type { KnownResource } from '../../../../src/kube/resources.js';
import { R } from '../../../../src/kube/resources.js';
import type { Check, Finding, Snapshot } from '../../../../src/engine/types.js';
import { runCheck, snapshotFromFixture } from '../../../helpers/snapshot.js';

/** Every kind counts as collected, so an empty kind reads as "none in the cluster". */
const ALL = Object.keys(R) as KnownResource[];

export function fixture(file: string, extras: Snapshot['extras'] = {}): Snapshot {
  return snapshotFromFixture(`checks/${file}`, { collected: ALL, extras });
}

/** Findings of a check over a fixture, keyed by object name for readable assertions. */
export function findingsByName(check: Check, file: string, extras: Snapshot['extras'] = {}): Map<string, Finding> {
  return new Map(runCheck(check, fixture(file, extras)).map((f) => [f.object.name, f]));
}
