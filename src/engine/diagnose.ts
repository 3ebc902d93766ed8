import { K8sdocError, usageError } from '../errors.js';
import { qualifiedName } from '../kube/discovery.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import { collect } from '../collect/collector.js';
import { readDump } from '../collect/dump.js';
import type { CollectClient } from '../collect/extras.js';
import { planInputs } from '../collect/plan.js';
import { scopeSnapshot } from '../collect/scope.js';
import type { FocusTarget } from './focus.js';
import type { ProgressListener } from './progress.js';
import { describeMissing, runChecks } from './run.js';
import type { DiagnoseResult, FailOn } from './run.js';
import type { Suppression } from './suppress.js';
import type { Check, Severity, Snapshot, Thresholds } from './types.js';

/** Where a diagnosis reads the cluster from: the API, or a dump folder. */
export type DiagnoseSource = { kind: 'live'; client: CollectClient; namespace: string | undefined } | { kind: 'dump'; dir: string; namespace: string | undefined };

export interface DiagnoseOptions {
  source: DiagnoseSource;
  checks: readonly Check[];
  labelSelector?: string | undefined;
  focus?: FocusTarget | undefined;
  active?: boolean | undefined;
  thresholds?: Partial<Thresholds> | undefined;
  suppressions?: readonly Suppression[] | undefined;
  minSeverity?: Severity | undefined;
  failOn?: FailOn | undefined;
  failOnSkipped?: boolean | undefined;
  onProgress?: ProgressListener | undefined;
}

/** The kinds a deep dive walks to find what the target owns, selects or runs on. */
const FOCUS_NEEDS: readonly KnownResource[] = ['pods', 'replicasets', 'jobs', 'persistentvolumeclaims'];

/** Gets the snapshot a run analyzes: collected live (only what the checks need) or read from a dump. */
export async function acquireSnapshot(options: Omit<DiagnoseOptions, 'minSeverity' | 'failOn' | 'failOnSkipped' | 'suppressions' | 'thresholds'>): Promise<Snapshot> {
  const { source } = options;
  if (source.kind === 'dump') {
    return scopeSnapshot(readDump(source.dir).snapshot, { namespace: source.namespace, labelSelector: options.labelSelector });
  }
  const plan = planInputs(options.checks, options.focus ? [...FOCUS_NEEDS, options.focus.resource] : []);
  return collect(source.client, {
    ...plan,
    namespace: source.namespace,
    labelSelector: options.labelSelector,
    active: options.active,
    onProgress: options.onProgress,
  });
}

/**
 * A deep dive needs its target: says so plainly when it is absent or unreadable, and finds its
 * namespace when a dump of all namespaces is read without -n.
 */
function resolveTarget(snapshot: Snapshot, focus: FocusTarget): FocusTarget {
  const { resource, ref } = focus;
  const where = ref.namespace ? ` in namespace ${ref.namespace}` : '';
  const objects = snapshot.resources[resource];
  if (!objects) {
    const missing = snapshot.missing.find((m) => m.input === resource);
    const why = missing ? describeMissing(missing) : `${qualifiedName(R[resource])} were not collected`;
    throw new K8sdocError('focus-unreadable', `cannot look into ${ref.kind.toLowerCase()}/${ref.name}${where}: ${why}`, {
      exit: missing?.permission ? 'forbidden' : 'notFound',
    });
  }
  const found = objects.filter((o) => o.metadata.name === ref.name && (ref.namespace === undefined || o.metadata.namespace === ref.namespace));
  const first = found[0];
  if (!first) {
    throw new K8sdocError('not-found', `${ref.kind.toLowerCase()} "${ref.name}" not found${where}`, { exit: 'notFound', hint: 'check the name and the namespace (-n)' });
  }
  if (found.length > 1) {
    const namespaces = found.map((o) => o.metadata.namespace).join(', ');
    throw usageError(`${ref.kind.toLowerCase()} "${ref.name}" exists in several namespaces (${namespaces})`, 'pick one with -n');
  }
  return { resource, ref: { ...ref, namespace: first.metadata.namespace } };
}

/** Collect (or read a dump), then analyze: the whole of `k8sdoc diagnose`. */
export async function diagnose(options: DiagnoseOptions): Promise<DiagnoseResult> {
  const startedAt = Date.now();
  const snapshot = await acquireSnapshot(options);
  const focus = options.focus ? resolveTarget(snapshot, options.focus) : undefined;
  return runChecks(snapshot, {
    checks: options.checks,
    thresholds: options.thresholds,
    suppressions: options.suppressions,
    minSeverity: options.minSeverity,
    failOn: options.failOn,
    failOnSkipped: options.failOnSkipped,
    focus: focus?.ref,
    onProgress: options.onProgress,
    startedAt,
  });
}
