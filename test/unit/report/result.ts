import { runChecks } from '../../../src/engine/run.js';
import type { DiagnoseResult, RunOptions } from '../../../src/engine/run.js';
import type { Snapshot } from '../../../src/engine/types.js';
import { snapshotFromFixture } from '../../helpers/snapshot.js';
import { cordonedNodes, needsCertificates, needsSecrets, waitingPods } from '../engine/checks.js';

/** A diagnosis with a bit of everything a report shows: grouped pods, suppressions, skips, partial evidence. */
export function sampleResult(options: Partial<RunOptions> = {}): DiagnoseResult {
  const snapshot: Snapshot = {
    ...snapshotFromFixture('engine/cluster.yaml', { collected: ['pods', 'nodes', 'events'] }),
    collectedAt: '2026-11-01T12:00:00Z',
    source: 'https://10.0.0.1:6443',
    missing: [
      { input: 'secrets', permission: 'list secrets in all namespaces', reason: 'forbidden by RBAC' },
      { input: 'certificates', permission: '', reason: 'this k8sdoc has no collector for it yet' },
      { input: 'logs', permission: 'get pods/log in all namespaces', reason: 'forbidden by RBAC' },
    ],
  };
  const result = runChecks(snapshot, {
    checks: [waitingPods, cordonedNodes, needsSecrets, needsCertificates],
    suppressions: [{ labels: 'team=data', reason: 'owned by the data team' }],
    ...options,
  });
  return { ...result, durationMs: 1234 };
}
