import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/report/junit.js';
import { runChecks } from '../../../src/engine/run.js';
import { snapshotFromFixture } from '../../helpers/snapshot.js';
import { cordonedNodes, throwing } from '../engine/checks.js';
import { sampleResult } from './result.js';
import { parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

const child = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((c) => c.name === name);

function suites(xml: string): XmlElement[] {
  const root = child(parseXml(xml), 'testsuites');
  if (!root) throw new Error('no <testsuites>');
  return root.children;
}

describe('renderJunit', () => {
  it('has one testsuite per area and one testcase per check, with counts CI tools read', () => {
    const xml = renderJunit(sampleResult());
    const root = child(parseXml(xml), 'testsuites');
    // the suppressed pod counts as one more skipped testcase
    expect(root?.attributes).toMatchObject({ tests: '5', failures: '1', errors: '0', skipped: '3' });
    expect(suites(xml).map((s) => [s.attributes.name, s.children.map((c) => c.attributes.name)])).toEqual([
      ['pods', ['test-waiting: Containers waiting', 'test-waiting: shop/pod/lonely (suppressed)']],
      ['nodes', ['test-cordoned: Cordoned nodes']],
      ['workloads', ['test-secrets: Reads secrets']],
      ['certificates', ['test-certs: Reads certificates']],
    ]);
  });

  it('fails a check with findings at or above --fail-on, listing every finding in the failure', () => {
    const [pods] = suites(renderJunit(sampleResult()));
    const failure = child(pods?.children[0], 'failure');
    expect(failure?.attributes).toEqual({ message: '2 findings: container run is waiting: CreateContainerConfigError (and 1 more)', type: 'error' });
    expect(failure?.text).toContain('[error] batch/pod/nightly-29000000-x1 (owner cronjob/nightly): container run is waiting: CreateContainerConfigError');
    expect(failure?.text).toContain('[error] shop/deployment/web: container app is waiting: CrashLoopBackOff\n  3 pods: web-7d9f-a, web-7d9f-b, web-7d9f-c\n  restartCount: 7\n  → fix the container');
  });

  it('passes checks whose findings are below --fail-on, keeping them in system-out', () => {
    const [, nodes] = suites(renderJunit(sampleResult()));
    const testCase = nodes?.children[0];
    expect(child(testCase, 'failure')).toBeUndefined();
    expect(child(testCase, 'system-out')?.text).toContain('[info] node/worker-2: node worker-2 is cordoned');
    const strict = suites(renderJunit(sampleResult({ failOn: 'info' })))[1]?.children[0];
    expect(child(strict, 'failure')?.attributes.message).toBe('1 finding: node worker-2 is cordoned');
  });

  it('marks skipped checks skipped, with the permission they lack', () => {
    const workloads = suites(renderJunit(sampleResult()))[2];
    const testCase = workloads?.children[0];
    expect(child(testCase, 'skipped')).toBeDefined();
    expect(child(testCase, 'system-out')?.text).toBe('skipped: you may not list secrets in all namespaces');
  });

  it('lists each suppressed finding as a skipped testcase with its reason', () => {
    const result = sampleResult();
    expect(result.suppressed.length).toBeGreaterThan(0);
    const cases = suites(renderJunit(result)).flatMap((suite) => suite.children).filter((c) => String(c.attributes.name).endsWith('(suppressed)'));
    expect(cases).toHaveLength(result.suppressed.length);
    for (const testCase of cases) {
      expect(child(testCase, 'skipped')).toBeDefined();
      expect(child(testCase, 'system-out')?.text).toMatch(/^suppressed: owned by the data team\n\[/);
    }
  });

  it('reports a check that crashed as an error, not a failure', () => {
    const snapshot = snapshotFromFixture('engine/cluster.yaml', { collected: ['pods', 'nodes'] });
    const xml = renderJunit(runChecks(snapshot, { checks: [throwing, cordonedNodes] }));
    const error = child(suites(xml)[0]?.children[0], 'error');
    expect(error?.attributes).toEqual({ message: "check test-throws failed: Cannot read properties of undefined (reading 'spec')", type: 'CheckError' });
    expect(child(parseXml(xml), 'testsuites')?.attributes).toMatchObject({ errors: '1', failures: '0' });
  });
});
