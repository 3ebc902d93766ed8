import type { DiagnoseResult } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { SEVERITY_HEADINGS, chainLevels, findingSubject, groupFindings, groupedObjects, qualifiedObjectName, scopeLine, summaryLine } from './format.js';

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵' };

/** A table cell: pipes and line breaks would end the cell or the row. */
export function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

/** Evidence goes in a fence longer than any backtick run inside it. */
function fence(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length))));
  const marks = '`'.repeat(longest + 1);
  return [marks, ...lines, marks];
}

function findingSection(finding: Finding, heading: string): string[] {
  const lines = [`${heading} ${ICON[finding.severity]} \`${finding.checkId}\` ${cell(findingSubject(finding))}`, '', finding.message, ''];
  const grouped = groupedObjects(finding, 20);
  if (grouped) lines.push(`_${grouped}_`, '');
  if (finding.evidence.length > 0) lines.push(...fence(finding.evidence), '');
  lines.push(`**Fix:** ${finding.remediation}`);
  if (finding.docs) lines.push('', `[Documentation](${finding.docs})`);
  lines.push('');
  return lines;
}

function summaryTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['No problems found.', ''];
  return [
    '| Severity | Check | Object | Message |',
    '| --- | --- | --- | --- |',
    ...findings.map((f) => `| ${ICON[f.severity]} ${f.severity} | \`${f.checkId}\` | ${cell(findingSubject(f))} | ${cell(f.message)} |`),
    '',
  ];
}

/** For PR comments and tickets: a summary table, then each finding with its evidence. */
export function renderMarkdown(result: DiagnoseResult): string {
  const title = result.focus ? `k8sdoc diagnose ${qualifiedObjectName(result.focus.target)}` : 'k8sdoc diagnose';
  const lines = [`## ${title}`, '', `**${summaryLine(result)}**`, '', `_${cell(scopeLine(result))}_`, '', ...summaryTable(result.findings)];
  if (result.focus) {
    if (result.findings.length > 0) lines.push('### Chain of causes', '');
    const levels = chainLevels(result.findings);
    result.findings.forEach((finding, index) => lines.push(...findingSection(finding, `#### ${'↳ '.repeat(levels[index] ?? 0)}`.trimEnd())));
  } else {
    for (const section of groupFindings(result.findings)) {
      lines.push(`### ${SEVERITY_HEADINGS[section.severity]}`, '');
      for (const group of section.workloads) for (const finding of group.findings) lines.push(...findingSection(finding, '####'));
    }
  }
  if (result.suppressed.length > 0) {
    lines.push('### Suppressed', '', ...result.suppressed.map((s) => `- \`${s.finding.checkId}\` ${cell(qualifiedObjectName(s.finding.object))}: ${s.reason}`), '');
  }
  if (result.skipped.length > 0) {
    lines.push('### Skipped checks', '', ...result.skipped.map((s) => `- \`${s.checkId}\`: skipped: ${s.reason}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
