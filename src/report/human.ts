import chalk from 'chalk';
import type { ChalkInstance } from 'chalk';
import { describeMissing } from '../engine/run.js';
import type { DiagnoseResult } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { SEVERITY_HEADINGS, chainLevels, findingSubject, groupFindings, groupedObjects, objectName, qualifiedObjectName, scopeLine, summaryLine } from './format.js';

const COLOR: Record<Severity, ChalkInstance> = { error: chalk.red, warning: chalk.yellow, info: chalk.blue };
const BADGE: Record<Severity, string> = { error: '✖ error', warning: '▲ warning', info: '● info' };

export function badge(severity: Severity): string {
  return COLOR[severity].bold(BADGE[severity]);
}

/** One finding as a block: badge, check id, object; message; evidence; → remediation; docs. */
function findingBlock(finding: Finding, head: string, body: string): string[] {
  const lines = [`${head}${badge(finding.severity)} ${chalk.bold(finding.checkId)}  ${findingSubject(finding)}`];
  lines.push(`${body}${finding.message}`);
  const grouped = groupedObjects(finding);
  if (grouped) lines.push(`${body}${chalk.dim(grouped)}`);
  for (const line of finding.evidence) lines.push(`${body}  ${chalk.dim(line)}`);
  lines.push(`${body}${chalk.green('→')} ${finding.remediation}`);
  if (finding.docs) lines.push(`${body}${chalk.dim(`docs: ${finding.docs}`)}`);
  return lines;
}

function skippedBlock(result: DiagnoseResult): string[] {
  if (result.skipped.length === 0) return [];
  const lines = ['', chalk.bold(`Skipped (${result.skipped.length}):`)];
  for (const skipped of result.skipped) lines.push(`  ${skipped.checkId}: skipped: ${skipped.reason}`);
  return lines;
}

/** Inputs lost without skipping a check (logs): the evidence is thinner than it could be. */
function partialInputsBlock(result: DiagnoseResult): string[] {
  const causing = new Set(result.skipped.flatMap((s) => s.missing.map((m) => m.input)));
  const others = result.missing.filter((m) => !causing.has(m.input));
  if (others.length === 0) return [];
  return [
    '',
    chalk.bold('Partial evidence:'),
    ...others.map((m) => `  ${describeMissing(m)}`),
  ];
}

function suppressedBlock(result: DiagnoseResult): string[] {
  if (result.suppressed.length === 0) return [];
  return [
    '',
    chalk.bold(`Suppressed (${result.suppressed.length}):`),
    ...result.suppressed.map((s) => `  ${s.finding.checkId} ${qualifiedObjectName(s.finding.object)}: ${s.reason}`),
  ];
}

function findingsByWorkload(result: DiagnoseResult): string[] {
  const lines: string[] = [];
  for (const section of groupFindings(result.findings)) {
    const count = section.workloads.reduce((n, w) => n + w.findings.length, 0);
    lines.push('', COLOR[section.severity].bold(`${SEVERITY_HEADINGS[section.severity]} (${count})`));
    for (const group of section.workloads) {
      lines.push('', `  ${chalk.bold(qualifiedObjectName(group.workload))}`);
      for (const finding of group.findings) lines.push(...findingBlock(finding, '  ', '      '));
    }
  }
  return lines;
}

/** A deep dive: the chain of causes, each level indented under the one it explains. */
function causeChain(result: DiagnoseResult, target: NonNullable<DiagnoseResult['focus']>['target']): string[] {
  const lines = ['', chalk.bold(`Chain of causes for ${qualifiedObjectName(target)}:`)];
  if (result.findings.length === 0) lines.push(`  nothing wrong found on ${objectName(target)} or on what it owns, selects or runs on`);
  const levels = chainLevels(result.findings);
  result.findings.forEach((finding, index) => {
    const level = levels[index] ?? 0;
    const head = level === 0 ? '  ' : `  ${'   '.repeat(level - 1)}└─ `;
    lines.push(...findingBlock(finding, head, `  ${'   '.repeat(level)}    `));
  });
  return lines;
}

/** The terminal report: findings by severity then workload, skipped checks, the summary line. */
export function renderHuman(result: DiagnoseResult): string {
  const lines = [chalk.dim(`Diagnosed ${scopeLine(result)}`)];
  if (result.focus) lines.push(...causeChain(result, result.focus.target));
  else if (result.findings.length === 0) lines.push('', chalk.green('No problems found.'));
  else lines.push(...findingsByWorkload(result));
  lines.push(...suppressedBlock(result), ...skippedBlock(result), ...partialInputsBlock(result));
  lines.push('', chalk.bold(summaryLine(result)));
  return `${lines.join('\n')}\n`;
}
