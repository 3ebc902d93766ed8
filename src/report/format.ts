import type { FocusedFinding } from '../engine/focus.js';
import type { DiagnoseResult } from '../engine/run.js';
import type { Finding, ObjectRef, Severity } from '../engine/types.js';

/** Shared wording of every renderer, so the terminal, Markdown and the live view say the same thing. */

export const SEVERITY_HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

/** `deployment/web`, as kubectl names objects. */
export function objectName(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}

/** `shop/deployment/web`, or `node/worker-1` for cluster-scoped objects. */
export function qualifiedObjectName(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${objectName(ref)}` : objectName(ref);
}

/** The workload a finding is filed under in grouped reports. */
export function workloadOf(finding: Finding): ObjectRef {
  return finding.owner ?? finding.object;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `pods: web-a, web-b (+3 more)` for a grouped finding; undefined for a single object. */
export function groupedObjects(finding: Finding, shown = 5): string | undefined {
  const objects = finding.objects;
  if (!objects || objects.length === 0) return undefined;
  const kinds = new Set(objects.map((o) => o.kind));
  const noun = kinds.size === 1 ? `${(objects[0] as ObjectRef).kind.toLowerCase()}s` : 'objects';
  const names = objects.slice(0, shown).map((o) => o.name).join(', ');
  const more = objects.length > shown ? ` (+${objects.length - shown} more)` : '';
  return `${objects.length} ${noun}: ${names}${more}`;
}

/** What a finding is on: the object, and its owner when that is another object. */
export function findingSubject(finding: Finding): string {
  const object = qualifiedObjectName(finding.object);
  const owner = finding.owner && (finding.owner.kind !== finding.object.kind || finding.owner.name !== finding.object.name) ? ` (owner ${objectName(finding.owner)})` : '';
  return `${object}${owner}`;
}

/**
 * Indentation levels of a chain of causes: the distinct depths in order, so a chain whose
 * target has no finding of its own still starts at the left margin.
 */
export function chainLevels(findings: readonly Finding[]): number[] {
  const depths = findings.map((f) => (f as Partial<FocusedFinding>).depth ?? 0);
  const distinct = [...new Set(depths)].sort((a, b) => a - b);
  return depths.map((depth) => distinct.indexOf(depth));
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** "2 errors, 1 warning, 0 info in 31 checks (3 skipped) — 1.2s" */
export function summaryLine(result: DiagnoseResult): string {
  const { error, warning, info } = result.counts;
  const skipped = result.skipped.length > 0 ? ` (${result.skipped.length} skipped)` : '';
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : '';
  return `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info in ${plural(result.checks.length, 'check')}${skipped}${suppressed} — ${formatDuration(result.durationMs)}`;
}

/** Where the run looked: "all namespaces" or "namespace shop", and from where. */
export function scopeLine(result: DiagnoseResult): string {
  const scope = result.namespace === undefined ? 'all namespaces' : `namespace ${result.namespace}`;
  return `${scope} of ${result.source}, collected ${result.collectedAt}`;
}

export interface WorkloadGroup {
  workload: ObjectRef;
  findings: Finding[];
}

/** Findings by severity (worst first, as the engine sorted them), then by workload. */
export function groupFindings(findings: readonly Finding[]): { severity: Severity; workloads: WorkloadGroup[] }[] {
  const sections = new Map<Severity, Map<string, WorkloadGroup>>();
  for (const finding of findings) {
    let section = sections.get(finding.severity);
    if (!section) sections.set(finding.severity, (section = new Map()));
    const workload = workloadOf(finding);
    const key = qualifiedObjectName(workload);
    const group = section.get(key);
    if (group) group.findings.push(finding);
    else section.set(key, { workload, findings: [finding] });
  }
  return [...sections].map(([severity, groups]) => ({ severity, workloads: [...groups.values()] }));
}
