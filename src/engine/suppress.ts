import type { LabelSelector } from '../workload/selectors.js';
import { matchesLabelSelector } from '../workload/selectors.js';
import { namePattern, parseLabelSelector } from './selector.js';
import type { Finding, ObjectRef } from './types.js';
import type { SnapshotView } from './view.js';

/** A rule from `.k8sdoc.yaml` that hides matching findings; every given field must match. */
export interface Suppression {
  /** a check id */
  check?: string | undefined;
  /** a namespace, or a glob / `/regex/` over namespaces */
  namespace?: string | undefined;
  /** a glob or `/regex/` matched against the object's name and its owner's name */
  name?: string | undefined;
  /** a label selector matched against the object's labels and its owner's labels */
  labels?: string | undefined;
  /** why the finding is accepted: shown in reports, so suppressions stay reviewable */
  reason: string;
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

interface CompiledSuppression {
  rule: Suppression;
  namespace: RegExp | undefined;
  name: RegExp | undefined;
  labels: LabelSelector | undefined;
}

/** Compiles the patterns once; throws on an invalid regex or selector (the config loader reports where). */
export function compileSuppression(rule: Suppression): CompiledSuppression {
  return {
    rule,
    namespace: rule.namespace === undefined ? undefined : namePattern(rule.namespace),
    name: rule.name === undefined ? undefined : namePattern(rule.name),
    labels: rule.labels === undefined ? undefined : parseLabelSelector(rule.labels),
  };
}

function refs(finding: Finding): ObjectRef[] {
  return finding.owner ? [finding.object, finding.owner] : [finding.object];
}

function matches(compiled: CompiledSuppression, finding: Finding, view: SnapshotView): boolean {
  const { rule } = compiled;
  if (rule.check !== undefined && rule.check !== finding.checkId) return false;
  if (compiled.namespace && !compiled.namespace.test(finding.object.namespace ?? '')) return false;
  const name = compiled.name;
  if (name && !refs(finding).some((ref) => name.test(ref.name))) return false;
  const selector = compiled.labels;
  if (selector) {
    const labelled = refs(finding).some((ref) => matchesLabelSelector(selector, view.get(ref.kind, ref.name, ref.namespace)?.metadata.labels));
    if (!labelled) return false;
  }
  return true;
}

/** Splits findings into those reported and those a rule suppresses (kept, with the rule's reason). */
export function applySuppressions(
  findings: readonly Finding[],
  rules: readonly Suppression[],
  view: SnapshotView,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const compiled = rules.map(compileSuppression);
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const rule = compiled.find((c) => matches(c, finding, view));
    if (rule) suppressed.push({ finding, reason: rule.rule.reason });
    else kept.push(finding);
  }
  return { kept, suppressed };
}
