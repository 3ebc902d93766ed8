import chalk from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHuman } from '../../../src/report/human.js';
import { sampleResult } from './result.js';

beforeAll(() => {
  chalk.level = 0;
});

describe('renderHuman', () => {
  it('groups findings by severity then workload, with evidence, remediation, skips and the summary line', () => {
    expect(renderHuman(sampleResult())).toBe(`Diagnosed all namespaces of https://10.0.0.1:6443, collected 2026-11-01T12:00:00Z

Errors (2)

  batch/cronjob/nightly
  ✖ error test-waiting  batch/pod/nightly-29000000-x1 (owner cronjob/nightly)
      container run is waiting: CreateContainerConfigError
        restartCount: 0
      → fix the container
      docs: https://example.invalid/docs/test-waiting

  shop/deployment/web
  ✖ error test-waiting  shop/deployment/web
      container app is waiting: CrashLoopBackOff
      3 pods: web-7d9f-a, web-7d9f-b, web-7d9f-c
        restartCount: 7
      → fix the container
      docs: https://example.invalid/docs/test-waiting

Info (1)

  node/worker-2
  ● info test-cordoned  node/worker-2
      node worker-2 is cordoned
      → uncordon it
      docs: https://example.invalid/docs/test-cordoned

Suppressed (1):
  test-waiting shop/pod/lonely: owned by the data team

Skipped (2):
  test-secrets: skipped: you may not list secrets in all namespaces
  test-certs: skipped: cannot collect certificates: this k8sdoc has no collector for it yet

Partial evidence:
  you may not get pods/log in all namespaces

2 errors, 0 warnings, 1 info in 4 checks (2 skipped), 1 suppressed — 1.2s
`);
  });

  it('prints a deep dive as a chain of causes, starting at the left margin', () => {
    const text = renderHuman(sampleResult({ focus: { kind: 'Deployment', name: 'web', namespace: 'shop' } }));
    expect(text).toContain(`Chain of causes for shop/deployment/web:
  ✖ error test-waiting  shop/deployment/web
      container app is waiting: CrashLoopBackOff
      3 pods: web-7d9f-a, web-7d9f-b, web-7d9f-c
        restartCount: 7
      → fix the container
      docs: https://example.invalid/docs/test-waiting
  └─ ● info test-cordoned  node/worker-2
         node worker-2 is cordoned
`);
    expect(text).toMatch(/1 error, 0 warnings, 1 info in 4 checks \(2 skipped\) — 1\.2s\n$/);
  });

  it('says so when nothing is wrong', () => {
    const text = renderHuman(sampleResult({ checks: [] }));
    expect(text).toContain('\nNo problems found.\n');
    expect(text).toMatch(/0 errors, 0 warnings, 0 info in 0 checks — 1\.2s\n$/);
  });
});
