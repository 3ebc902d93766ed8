import chalk from 'chalk';
import yaml from 'js-yaml';
import junitModule from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import type { Severity } from '../engine/types.js';
import { SEVERITY_RANK } from '../engine/types.js';
import { alignColumns } from '../kubectl/table.js';
import type { CertProblem } from './problems.js';
import { residualMs, residualText } from './problems.js';
import type { CertEntry } from './types.js';

export interface CertReport {
  /** when residual times were computed */
  now: Date;
  entries: CertEntry[];
  problems: CertProblem[];
  notes: string[];
}

// the package is CommonJS whose module.exports is the builder; its typings describe an ES default export
const junit = junitModule as unknown as Builder;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** kubeadm's EXPIRES column: `Nov 21, 2027 01:58 UTC`. */
export function kubeadmDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function expires(entry: CertEntry): string {
  if (entry.missing) return '<missing>';
  if (entry.unreadable) return '<unreadable>';
  return entry.cert ? kubeadmDate(entry.cert.notAfter) : '';
}

const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };

/**
 * Two tables as `kubeadm certs check-expiration` prints them (certificates, then CAs), with the
 * source of each row, then one line per problem.
 */
export function certTable(report: CertReport): string {
  const rows = report.entries.filter((e) => e.cert || e.missing || e.unreadable);
  const leaves = rows.filter((e) => !e.cert?.isCA);
  const cas = rows.filter((e) => e.cert?.isCA);
  const parts: string[] = [];
  if (leaves.length > 0) {
    parts.push(
      alignColumns([
        ['CERTIFICATE', 'EXPIRES', 'RESIDUAL TIME', 'CERTIFICATE AUTHORITY', 'SOURCE'],
        ...leaves.map((e) => [e.name, expires(e), residualText(e, report.now), e.authority ?? '', e.source.location]),
      ]),
    );
  }
  if (cas.length > 0) {
    parts.push(
      alignColumns([
        ['CERTIFICATE AUTHORITY', 'EXPIRES', 'RESIDUAL TIME', 'EXTERNALLY MANAGED', 'SOURCE'],
        ...cas.map((e) => [e.name, expires(e), residualText(e, report.now), e.externallyManaged ? 'yes' : 'no', e.source.location]),
      ]),
    );
  }
  if (parts.length === 0) parts.push('No certificates found.\n');
  if (report.problems.length > 0) {
    const lines = report.problems.map((p) => `${SEVERITY_COLOUR[p.severity](p.severity.toUpperCase().padEnd(7))} ${p.message}\n        fix: ${p.remediation}`);
    parts.push(`${lines.join('\n')}\n`);
  } else if (rows.length > 0) {
    parts.push(`${chalk.green('OK')}      no certificate problems\n`);
  }
  return parts.join('\n');
}

/** The report as data: each entry with its residual time at `now`, and each problem. */
export function certData(report: CertReport): unknown {
  return {
    checkedAt: report.now.toISOString(),
    certificates: report.entries.map((entry) => {
      const ms = residualMs(entry, report.now);
      return { ...entry, ...(ms === undefined ? {} : { residualSeconds: Math.floor(ms / 1000), residual: residualText(entry, report.now) }) };
    }),
    problems: report.problems.map((p) => ({ kind: p.kind, severity: p.severity, certificate: p.entry.name, source: p.entry.source, message: p.message, evidence: p.evidence, remediation: p.remediation })),
    notes: report.notes,
    summary: {
      certificates: report.entries.length,
      errors: report.problems.filter((p) => p.severity === 'error').length,
      warnings: report.problems.filter((p) => p.severity === 'warning').length,
    },
  };
}

/**
 * One JUnit test case per certificate; problems at or above `failAt` are failures, milder
 * ones are written to the case's output so CI shows them without failing.
 */
export function certJunit(report: CertReport, failAt: Severity): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name('k8sdoc certs check');
  for (const entry of report.entries) {
    const testCase = suite.testCase().className(`certificates.${entry.source.kind}`).name(`${entry.name} (${entry.source.location})`);
    const problems = report.problems.filter((p) => p.entry === entry);
    const failing = problems.filter((p) => SEVERITY_RANK[p.severity] >= SEVERITY_RANK[failAt]);
    if (failing.length > 0) testCase.failure(failing.map((p) => `${p.message}. Fix: ${p.remediation}`).join('\n'), failing[0]?.severity);
    const milder = problems.filter((p) => !failing.includes(p));
    if (milder.length > 0) testCase.standardOutput(milder.map((p) => `${p.severity}: ${p.message}`).join('\n'));
  }
  return builder.build();
}

export function renderCertReport(report: CertReport, format: string, failAt: Severity): string {
  switch (format) {
    case 'json':
      return JSON.stringify(certData(report), null, 2);
    case 'yaml':
      return yaml.dump(certData(report), { noRefs: true, lineWidth: -1 });
    case 'junit':
      return certJunit(report, failAt);
    default:
      return certTable(report);
  }
}
