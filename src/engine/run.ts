import { messageOf } from '../errors.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import { focusDepths, focusFindings } from './focus.js';
import type { FocusedFinding } from './focus.js';
import type { ProgressListener } from './progress.js';
import { applySuppressions } from './suppress.js';
import type { SuppressedFinding, Suppression } from './suppress.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, SEVERITY_RANK } from './types.js';
import type { Check, CheckArea, CheckResult, Extra, Finding, MissingInput, ObjectRef, Severity, Snapshot, Thresholds } from './types.js';
import { SnapshotView, refKey } from './view.js';

/**
 * Extras that only add evidence: a check that reads them still runs without them (a crash loop
 * is a crash loop even when its logs could not be fetched).
 */
export const OPTIONAL_EXTRAS: readonly Extra[] = ['logs'];

export type FailOn = Severity | 'never';

export interface RunOptions {
  /** the selected checks, in report order */
  checks: readonly Check[];
  thresholds?: Partial<Thresholds> | undefined;
  suppressions?: readonly Suppression[] | undefined;
  minSeverity?: Severity | undefined;
  failOn?: FailOn | undefined;
  /** fail (exit 1) when any selected check was skipped: it could not look (RBAC, a missing input) */
  failOnSkipped?: boolean | undefined;
  /** deep dive: keep findings on this object and on what leads from it */
  focus?: ObjectRef | undefined;
  onProgress?: ProgressListener | undefined;
  /** when the whole run (collection included) started, for the reported duration */
  startedAt?: number | undefined;
}

export type CheckInfo = Pick<Check, 'id' | 'title' | 'area' | 'severity' | 'docs'>;

export interface SkippedCheck {
  checkId: string;
  title: string;
  area: CheckArea;
  /** e.g. "you may not list pods in all namespaces" */
  reason: string;
  missing: MissingInput[];
}

export interface CheckError {
  checkId: string;
  message: string;
}

export interface DiagnoseResult {
  source: string;
  collectedAt: string;
  /** undefined: all namespaces */
  namespace: string | undefined;
  /** every selected check, including skipped ones */
  checks: CheckInfo[];
  /** findings reported (after grouping, suppressions and --min-severity), worst first; in a deep dive FocusedFindings, top-down */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  skipped: SkippedCheck[];
  errors: CheckError[];
  /** inputs that could not be collected, whether or not a check was skipped for them */
  missing: MissingInput[];
  counts: Record<Severity, number>;
  checksRun: number;
  durationMs: number;
  failOn: FailOn;
  failOnSkipped: boolean;
  /** findings at or above failOn, including those --min-severity leaves out of the report */
  failingFindings: number;
  /** true when a finding is at or above failOn, or (failOnSkipped) a check was skipped: the run exits 1 */
  failed: boolean;
  focus?: { target: ObjectRef } | undefined;
}

/** The time checks measure ages against: when the snapshot was taken, so a dump reads the same later. */
export function analysisTime(snapshot: Snapshot): Date {
  const at = Date.parse(snapshot.collectedAt);
  return Number.isNaN(at) ? new Date() : new Date(at);
}

/**
 * Completes what a check returned into findings: its id, docs, default severity, and the owning
 * workload when the check named only the object.
 */
export function finalizeResults(check: Check, results: readonly CheckResult[], view: SnapshotView): Finding[] {
  return results.map((result) => {
    let owner = result.owner;
    if (!owner) {
      const object = view.get(result.object.kind, result.object.name, result.object.namespace);
      const top = object ? view.topOwner(object) : undefined;
      if (top && refKey(top) !== refKey(result.object)) owner = top;
    }
    return {
      ...result,
      checkId: check.id,
      severity: result.severity ?? check.severity,
      docs: check.docs,
      ...(owner ? { owner } : {}),
    };
  });
}

/** "you may not list nodes", or why an input failed otherwise. */
export function describeMissing(missing: MissingInput): string {
  return missing.permission ? `you may not ${missing.permission}` : `cannot collect ${missing.input}: ${missing.reason}`;
}

/** Why a check cannot run on this snapshot, or undefined when all it needs is there. */
export function skipReason(check: Check, snapshot: Snapshot): Omit<SkippedCheck, 'checkId' | 'title' | 'area'> | undefined {
  const reasons: string[] = [];
  const missing: MissingInput[] = [];
  const lacking = (input: KnownResource | Extra, collected: boolean, notCollected: string): void => {
    if (collected) return;
    const known = snapshot.missing.find((m) => m.input === input);
    if (known) {
      missing.push(known);
      reasons.push(describeMissing(known));
    } else {
      reasons.push(notCollected);
    }
  };
  for (const resource of check.needs) {
    lacking(resource, snapshot.resources[resource] !== undefined, `${R[resource].resource} were not collected`);
  }
  for (const extra of check.extras ?? []) {
    if (OPTIONAL_EXTRAS.includes(extra)) continue;
    lacking(extra, snapshot.extras[extra] !== undefined, `${extra} was not collected`);
  }
  const unique = [...new Set(reasons)];
  return unique.length > 0 ? { reason: unique.join('; '), missing } : undefined;
}

/** A check that throws is a bug in k8sdoc, reported as a finding of its own so the run goes on. */
function crashFinding(check: Check, error: unknown): Finding {
  const stackLine = error instanceof Error ? error.stack?.split('\n')[1]?.trim() : undefined;
  return {
    checkId: check.id,
    severity: 'error',
    object: { kind: 'Check', name: check.id },
    message: `check ${check.id} failed, so it could not tell whether this problem exists: ${messageOf(error)}`,
    evidence: stackLine ? [stackLine] : [],
    remediation: `report this k8sdoc bug with a dump of the cluster (k8sdoc dump DIR); run with --skip-checks ${check.id} meanwhile`,
    docs: check.docs,
  };
}

function ownerLabel(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()} ${ref.name}`;
}

/** Many pods of one workload failing the same check become one finding on the workload. */
export function groupByOwner(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const order: (Finding | string)[] = [];
  for (const finding of findings) {
    if (finding.object.kind !== 'Pod' || !finding.owner || finding.objects) {
      order.push(finding);
      continue;
    }
    const key = `${finding.checkId} ${refKey(finding.owner)}`;
    const group = groups.get(key);
    if (group) {
      group.push(finding);
    } else {
      groups.set(key, [finding]);
      order.push(key);
    }
  }
  return order.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const group = groups.get(entry) as Finding[];
    const first = group[0] as Finding;
    if (group.length === 1) return first;
    const worst = group.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const owner = worst.owner as ObjectRef;
    const sameMessage = group.every((f) => f.message === worst.message);
    const others = group.length - 1;
    return {
      ...worst,
      object: owner,
      owner,
      message: sameMessage ? worst.message : `${worst.message} (and ${others} other pod${others === 1 ? '' : 's'} of ${ownerLabel(owner)})`,
      // the example pod first: the evidence is its evidence
      objects: [worst.object, ...group.filter((f) => f !== worst).map((f) => f.object)],
    };
  });
}

const depthOf = (finding: Finding): number => (finding as Partial<FocusedFinding>).depth ?? 0;

const sortKey = (ref: ObjectRef): string => `${ref.namespace ?? ''}\u0000${ref.kind}\u0000${ref.name}`;

/** Worst first, then by owning workload, so one workload's problems sit together. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    sortKey(a.owner ?? a.object).localeCompare(sortKey(b.owner ?? b.object)) ||
    a.checkId.localeCompare(b.checkId) ||
    sortKey(a.object).localeCompare(sortKey(b.object))
  );
}

export function atOrAbove(severity: Severity, level: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[level];
}

/** Runs the selected checks over a snapshot: the analysis half of every diagnose. */
export function runChecks(snapshot: Snapshot, options: RunOptions): DiagnoseResult {
  const started = options.startedAt ?? Date.now();
  const view = new SnapshotView(snapshot);
  const context = { now: analysisTime(snapshot), thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds } };
  const skipped: SkippedCheck[] = [];
  const errors: CheckError[] = [];
  let raw: Finding[] = [];
  for (const check of options.checks) {
    const skip = skipReason(check, snapshot);
    if (skip) {
      skipped.push({ checkId: check.id, title: check.title, area: check.area, ...skip });
      options.onProgress?.({ type: 'check', checkId: check.id, state: 'skipped', findings: 0 });
      continue;
    }
    let findings: Finding[];
    let crashed = false;
    try {
      findings = finalizeResults(check, check.run(view, context), view);
    } catch (error) {
      crashed = true;
      errors.push({ checkId: check.id, message: messageOf(error) });
      findings = [crashFinding(check, error)];
    }
    options.onProgress?.({ type: 'check', checkId: check.id, state: crashed ? 'failed' : 'done', findings: findings.length });
    raw = raw.concat(findings);
  }

  const focus = options.focus;
  // suppressions see each pod's own finding (its name, its labels) before pods are grouped
  let { kept, suppressed } = applySuppressions(raw, options.suppressions ?? [], view);
  // a deep dive into one pod wants that pod's own evidence, not its workload's example pod
  kept = focus?.kind === 'Pod' ? kept : groupByOwner(kept);
  if (focus) {
    const depths = focusDepths(view, focus);
    kept = focusFindings(kept, depths);
    suppressed = suppressed.filter((s) => focusFindings([s.finding], depths).length > 0);
  }
  const minSeverity = options.minSeverity;
  const findings = minSeverity ? kept.filter((f) => atOrAbove(f.severity, minSeverity)) : kept;
  const failOn = options.failOn ?? 'error';
  // --min-severity chooses what is shown, never what fails: the gate judges every finding kept
  const failingFindings = failOn === 'never' ? 0 : kept.filter((f) => atOrAbove(f.severity, failOn)).length;
  const failOnSkipped = options.failOnSkipped ?? false;
  findings.sort(focus ? (a, b) => depthOf(a) - depthOf(b) || compareFindings(a, b) : compareFindings);

  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  return {
    source: snapshot.source,
    collectedAt: snapshot.collectedAt,
    namespace: snapshot.namespace,
    checks: options.checks.map(({ id, title, area, severity, docs }) => ({ id, title, area, severity, docs })),
    findings,
    suppressed,
    skipped,
    errors,
    missing: snapshot.missing,
    counts,
    checksRun: options.checks.length - skipped.length,
    durationMs: Date.now() - started,
    failOn,
    failOnSkipped,
    failingFindings,
    failed: failingFindings > 0 || (failOnSkipped && skipped.length > 0),
    ...(focus ? { focus: { target: focus } } : {}),
  };
}
