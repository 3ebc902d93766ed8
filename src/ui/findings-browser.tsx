import { useState } from 'react';
import type { ReactNode } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { DiagnoseResult } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { SEVERITY_HEADINGS, chainLevels, findingSubject, groupFindings, groupedObjects, qualifiedObjectName, summaryLine } from '../report/format.js';

const COLOR: Record<Severity, string> = { error: 'red', warning: 'yellow', info: 'blue' };
const MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: '●' };
/** Lines kept for the summary and the key help under the list. */
const FOOTER_LINES = 3;

interface Line {
  key: string;
  node: ReactNode;
  /** the finding this line selects, for keeping the selection in view */
  finding?: number;
}

/** The findings in display order: by severity and workload, or the chain of causes in a deep dive. */
export function browseOrder(result: DiagnoseResult): Finding[] {
  if (result.focus) return result.findings;
  return groupFindings(result.findings).flatMap((section) => section.workloads.flatMap((w) => w.findings));
}

function details(finding: Finding, indent: string, index: number): Line[] {
  const lines: Line[] = [{ key: `m${index}`, node: <Text>{indent}{finding.message}</Text> }];
  const grouped = groupedObjects(finding, 20);
  if (grouped) lines.push({ key: `g${index}`, node: <Text dimColor>{indent}{grouped}</Text> });
  finding.evidence.forEach((line, n) => lines.push({ key: `e${index}-${n}`, node: <Text dimColor>{indent}  {line}</Text> }));
  lines.push({ key: `r${index}`, node: <Text>{indent}<Text color="green">→</Text> {finding.remediation}</Text> });
  if (finding.docs) lines.push({ key: `d${index}`, node: <Text dimColor>{indent}docs: {finding.docs}</Text> });
  return lines;
}

function buildLines(result: DiagnoseResult, findings: readonly Finding[], selected: number, expanded: ReadonlySet<number>, showSkipped: boolean): Line[] {
  const lines: Line[] = [];
  let severity: Severity | undefined;
  const levels = result.focus ? chainLevels(findings) : undefined;
  findings.forEach((finding, index) => {
    const level = levels?.[index];
    if (level === undefined && finding.severity !== severity) {
      severity = finding.severity;
      const count = findings.filter((f) => f.severity === severity).length;
      lines.push({ key: `h${severity}`, node: <Text bold color={COLOR[severity]}>{SEVERITY_HEADINGS[severity]} ({count})</Text> });
    }
    const indent = '  '.repeat(level ?? 0);
    const isSelected = index === selected;
    lines.push({
      key: `f${index}`,
      finding: index,
      node: (
        <Text wrap="truncate-end" inverse={isSelected}>
          {isSelected ? '›' : ' '} {indent}
          <Text color={COLOR[finding.severity]}>{MARK[finding.severity]}</Text> <Text bold>{finding.checkId}</Text> {findingSubject(finding)}
          {expanded.has(index) ? '' : `  ${finding.message}`}
        </Text>
      ),
    });
    if (expanded.has(index)) lines.push(...details(finding, `    ${indent}`, index));
  });
  if (findings.length === 0) lines.push({ key: 'none', node: <Text color="green">No problems found.</Text> });
  if (showSkipped) {
    for (const skipped of result.skipped) lines.push({ key: `s${skipped.checkId}`, node: <Text dimColor>  {skipped.checkId}: skipped: {skipped.reason}</Text> });
  }
  return lines;
}

/** The part of the list that fits, scrolled so the selected finding stays visible. */
function visibleWindow(lines: readonly Line[], selected: number, height: number): Line[] {
  if (lines.length <= height) return [...lines];
  const at = Math.max(0, lines.findIndex((line) => line.finding === selected));
  const start = Math.min(Math.max(0, at - Math.floor(height / 3)), lines.length - height);
  return lines.slice(start, start + height);
}

/** Browse findings: ↑/↓ or j/k move, enter expands evidence and remediation, s lists skipped checks, q quits. */
export function FindingsBrowser({ result }: { result: DiagnoseResult }) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const findings = browseOrder(result);
  const [selected, setSelected] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [showSkipped, setShowSkipped] = useState(false);

  useInput((input, key) => {
    if (input === 'q' || key.escape) exit();
    else if (key.downArrow || input === 'j') setSelected((s) => Math.min(findings.length - 1, s + 1));
    else if (key.upArrow || input === 'k') setSelected((s) => Math.max(0, s - 1));
    else if (key.return && findings.length > 0) {
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(selected)) next.delete(selected);
        else next.add(selected);
        return next;
      });
    } else if (input === 's') setShowSkipped((v) => !v);
  });

  const height = Math.max(5, (stdout.rows ?? 24) - FOOTER_LINES);
  const lines = visibleWindow(buildLines(result, findings, selected, expanded, showSkipped), selected, height);
  const title = result.focus ? `Chain of causes for ${qualifiedObjectName(result.focus.target)}` : undefined;
  return (
    <Box flexDirection="column">
      {title ? <Text bold>{title}</Text> : null}
      {lines.map((line) => (
        <Box key={line.key}>{line.node}</Box>
      ))}
      <Text bold>{summaryLine(result)}</Text>
      <Text dimColor>
        ↑/↓ j/k move · enter expand · {result.skipped.length > 0 ? `s ${showSkipped ? 'hide' : 'show'} ${result.skipped.length} skipped · ` : ''}q quit
      </Text>
    </Box>
  );
}
