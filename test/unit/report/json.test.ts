import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/index.js';
import { ReportSchema, reportJsonSchema } from '../../../src/report/schema.js';
import { sampleResult } from './result.js';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../../schema/report.v1.json');

describe('JSON report', () => {
  it('schema/report.v1.json is what src/report/schema.ts generates (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'schema/report.v1.json is stale: regenerate it with UPDATE_SCHEMA=1 npx vitest run --project unit test/unit/report/json.test.ts').toBe(
      generated,
    );
  });

  it('validates against the schema and carries findings, suppressions, skips and the summary', () => {
    const report = ReportSchema.parse(JSON.parse(renderReport(sampleResult(), 'json', '0.1.0')));
    expect(report.schemaVersion).toBe(1);
    expect(report.namespace).toBeNull();
    expect(report.summary).toEqual({
      error: 2,
      warning: 0,
      info: 1,
      suppressed: 1,
      checks: 4,
      checksRun: 2,
      checksSkipped: 2,
      checkErrors: 0,
      durationMs: 1234,
      failOn: 'error',
      failOnSkipped: false,
      failingFindings: 2,
      failed: true,
    });
    expect(report.findings[1]).toEqual({
      checkId: 'test-waiting',
      severity: 'error',
      object: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      owner: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      objects: [
        { kind: 'Pod', name: 'web-7d9f-a', namespace: 'shop' },
        { kind: 'Pod', name: 'web-7d9f-b', namespace: 'shop' },
        { kind: 'Pod', name: 'web-7d9f-c', namespace: 'shop' },
      ],
      message: 'container app is waiting: CrashLoopBackOff',
      evidence: ['restartCount: 7'],
      remediation: 'fix the container',
      docs: 'https://example.invalid/docs/test-waiting',
    });
    expect(report.suppressed.map((s) => [s.object.name, s.reason])).toEqual([['lonely', 'owned by the data team']]);
    expect(report.skipped.map((s) => [s.checkId, s.reason])).toEqual([
      ['test-secrets', 'you may not list secrets in all namespaces'],
      ['test-certs', 'cannot collect certificates: this k8sdoc has no collector for it yet'],
    ]);
  });

  it('marks each finding of a deep dive with its depth in the chain', () => {
    const report = ReportSchema.parse(JSON.parse(renderReport(sampleResult({ focus: { kind: 'Node', name: 'worker-2' } }), 'json', '0.1.0')));
    expect(report.focus).toEqual({ target: { kind: 'Node', name: 'worker-2' } });
    expect(report.findings.map((f) => [f.depth, f.object.name])).toEqual([
      [0, 'worker-2'],
      [1, 'web'],
    ]);
  });

  it('writes the same document as YAML', () => {
    const fromYaml = yaml.load(renderReport(sampleResult(), 'yaml', '0.1.0'));
    expect(fromYaml).toEqual(JSON.parse(renderReport(sampleResult(), 'json', '0.1.0')));
  });
});
