import type { DiagnoseResult } from '../engine/run.js';
import type { Finding, ObjectRef } from '../engine/types.js';
import { REPORT_SCHEMA_VERSION } from './schema.js';
import type { Report } from './schema.js';

type ReportFinding = Report['findings'][number];

function ref(object: ObjectRef): ObjectRef {
  return { kind: object.kind, name: object.name, ...(object.namespace ? { namespace: object.namespace } : {}) };
}

/** A finding with a fixed key order and no undefined fields, so reports diff cleanly. */
function finding(f: Finding & { depth?: number }): ReportFinding {
  return {
    checkId: f.checkId,
    severity: f.severity,
    object: ref(f.object),
    ...(f.owner ? { owner: ref(f.owner) } : {}),
    ...(f.objects ? { objects: f.objects.map(ref) } : {}),
    message: f.message,
    evidence: f.evidence,
    remediation: f.remediation,
    ...(f.docs ? { docs: f.docs } : {}),
    ...(f.depth !== undefined ? { depth: f.depth } : {}),
  };
}

/** The versioned document behind -o json and -o yaml. */
export function toReport(result: DiagnoseResult, generatorVersion: string): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'k8sdoc', version: generatorVersion },
    source: result.source,
    collectedAt: result.collectedAt,
    namespace: result.namespace ?? null,
    ...(result.focus ? { focus: { target: ref(result.focus.target) } } : {}),
    summary: {
      ...result.counts,
      suppressed: result.suppressed.length,
      checks: result.checks.length,
      checksRun: result.checksRun,
      checksSkipped: result.skipped.length,
      checkErrors: result.errors.length,
      durationMs: result.durationMs,
      failOn: result.failOn,
      failOnSkipped: result.failOnSkipped,
      failingFindings: result.failingFindings,
      failed: result.failed,
    },
    findings: result.findings.map(finding),
    suppressed: result.suppressed.map((s) => ({ ...finding(s.finding), reason: s.reason })),
    skipped: result.skipped.map((s) => ({ checkId: s.checkId, title: s.title, area: s.area, reason: s.reason, missing: s.missing })),
    errors: result.errors,
    missing: result.missing,
  };
}
