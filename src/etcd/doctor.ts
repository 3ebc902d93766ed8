import { runChecks } from '../engine/run.js';
import type { DiagnoseResult, FailOn } from '../engine/run.js';
import type { Check, Snapshot } from '../engine/types.js';
import type { EtcdStatusReport } from './status.js';

/** The etcd checks of the catalog over one status report, exactly as `diagnose` runs them. */
export function etcdFindings(report: EtcdStatusReport, checks: readonly Check[], failOn: FailOn): DiagnoseResult {
  const snapshot: Snapshot = {
    format: 1,
    collectedAt: report.collectedAt,
    source: report.source,
    namespace: undefined,
    resources: {},
    extras: { etcd: report },
    missing: [],
  };
  return runChecks(snapshot, { checks: checks.filter((c) => c.extras?.includes('etcd')), failOn });
}
