import { describe, expect, it } from 'vitest';
import { cell, renderMarkdown } from '../../../src/report/markdown.js';
import { renderCatalog } from '../../../src/report/catalog.js';
import { sampleResult } from './result.js';
import { testCatalog } from '../engine/checks.js';

describe('renderMarkdown', () => {
  it('opens with the summary and a table of findings, then details per finding', () => {
    const text = renderMarkdown(sampleResult());
    expect(text.startsWith('## k8sdoc diagnose\n\n**2 errors, 0 warnings, 1 info in 4 checks (2 skipped), 1 suppressed — 1.2s**\n')).toBe(true);
    expect(text).toContain(
      [
        '| Severity | Check | Object | Message |',
        '| --- | --- | --- | --- |',
        '| 🔴 error | `test-waiting` | batch/pod/nightly-29000000-x1 (owner cronjob/nightly) | container run is waiting: CreateContainerConfigError |',
        '| 🔴 error | `test-waiting` | shop/deployment/web | container app is waiting: CrashLoopBackOff |',
        '| 🔵 info | `test-cordoned` | node/worker-2 | node worker-2 is cordoned |',
      ].join('\n'),
    );
    expect(text).toContain('#### 🔴 `test-waiting` shop/deployment/web\n\ncontainer app is waiting: CrashLoopBackOff\n\n_3 pods: web-7d9f-a, web-7d9f-b, web-7d9f-c_\n\n```\nrestartCount: 7\n```\n\n**Fix:** fix the container');
    expect(text).toContain('### Suppressed\n\n- `test-waiting` shop/pod/lonely: owned by the data team');
    expect(text).toContain('### Skipped checks\n\n- `test-secrets`: skipped: you may not list secrets in all namespaces');
  });

  it('keeps table cells on one line and pipes literal', () => {
    expect(cell('a | b\nc')).toBe('a \\| b c');
  });
});

describe('renderCatalog', () => {
  it('prints the catalog as a table, and as the README check table in Markdown', () => {
    expect(renderCatalog(testCatalog.slice(0, 2), 'human')).toBe(
      'ID              AREA    SEVERITY   TITLE\ntest-waiting    pods    error      Containers waiting\ntest-cordoned   nodes   info       Cordoned nodes\n',
    );
    expect(renderCatalog(testCatalog.slice(0, 1), 'markdown')).toBe(
      '| Check | Area | Severity | What it finds |\n| --- | --- | --- | --- |\n| [`test-waiting`](https://example.invalid/docs/test-waiting) | pods | error | Containers waiting |\n',
    );
    expect(JSON.parse(renderCatalog(testCatalog.slice(0, 1), 'json'))).toEqual([
      { id: 'test-waiting', area: 'pods', severity: 'error', title: 'Containers waiting', needs: ['pods'], extras: [], docs: 'https://example.invalid/docs/test-waiting' },
    ]);
  });
});
