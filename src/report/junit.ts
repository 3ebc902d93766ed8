import junitReportBuilder from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import { atOrAbove } from '../engine/run.js';
import type { DiagnoseResult } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { findingSubject, groupedObjects } from './format.js';

// the package types an ES default export, but Node hands ESM the CommonJS module.exports: the builder itself
const junit = junitReportBuilder as unknown as Builder;

function findingText(finding: Finding): string {
  const grouped = groupedObjects(finding, 50);
  return [
    `[${finding.severity}] ${findingSubject(finding)}: ${finding.message}`,
    ...(grouped ? [`  ${grouped}`] : []),
    ...finding.evidence.map((line) => `  ${line}`),
    `  → ${finding.remediation}`,
    ...(finding.docs ? [`  docs: ${finding.docs}`] : []),
  ].join('\n');
}

/**
 * JUnit XML for CI: one testsuite per area, one testcase per check. A check with findings at or
 * above --fail-on fails; JUnit allows one <failure> per testcase, so its message counts the
 * findings and its body lists each one. Findings below the bar go to system-out; skipped
 * checks are <skipped/>; a check that crashed is an <error>; a suppressed finding is a
 * <skipped/> testcase of its own whose message is the reason given for it.
 */
export function renderJunit(result: DiagnoseResult): string {
  const builder = junit.newBuilder().name('k8sdoc diagnose');
  const byCheck = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = byCheck.get(finding.checkId);
    if (list) list.push(finding);
    else byCheck.set(finding.checkId, [finding]);
  }
  const skipped = new Map(result.skipped.map((s) => [s.checkId, s]));
  const errors = new Map(result.errors.map((e) => [e.checkId, e]));
  const areas = [...new Set(result.checks.map((check) => check.area))];
  for (const area of areas) {
    const suite = builder.testSuite().name(area).timestamp(result.collectedAt);
    for (const check of result.checks.filter((c) => c.area === area)) {
      const testCase = suite.testCase().className(`k8sdoc.${area}`).name(`${check.id}: ${check.title}`);
      const skip = skipped.get(check.id);
      if (skip) {
        testCase.skipped().standardOutput(`skipped: ${skip.reason}`);
        continue;
      }
      const error = errors.get(check.id);
      if (error) {
        testCase.error(`check ${check.id} failed: ${error.message}`, 'CheckError');
        continue;
      }
      const findings = byCheck.get(check.id) ?? [];
      const failOn = result.failOn;
      const fails = (f: Finding): boolean => failOn !== 'never' && atOrAbove(f.severity, failOn);
      const failing = findings.filter(fails);
      const below = findings.filter((f) => !fails(f));
      if (failing.length > 0) {
        const first = failing[0] as Finding;
        const more = failing.length > 1 ? ` (and ${failing.length - 1} more)` : '';
        testCase.failure(`${failing.length} finding${failing.length === 1 ? '' : 's'}: ${first.message}${more}`, first.severity).stacktrace(failing.map(findingText).join('\n\n'));
      }
      if (below.length > 0) testCase.standardOutput(below.map(findingText).join('\n\n'));
      for (const { finding, reason } of result.suppressed.filter((s) => s.finding.checkId === check.id)) {
        suite.testCase().className(`k8sdoc.${area}`).name(`${check.id}: ${findingSubject(finding)} (suppressed)`).skipped().standardOutput(`suppressed: ${reason}\n${findingText(finding)}`);
      }
    }
  }
  return `${builder.build()}\n`;
}
