import { z } from 'zod';
import { SEVERITIES } from '../engine/types.js';

/**
 * The JSON report of `k8sdoc diagnose -o json` (and -o yaml). Versioned: fields may be added
 * within schemaVersion 1; a removal or a change of meaning bumps it. schema/report.v1.json is
 * generated from this file.
 */
export const REPORT_SCHEMA_VERSION = 1;

const ObjectRefSchema = z
  .object({
    kind: z.string(),
    name: z.string(),
    namespace: z.string().optional().describe('absent for cluster-scoped objects'),
  })
  .describe('An object in the cluster');

const SeveritySchema = z.enum(SEVERITIES);

const FindingSchema = z.object({
  checkId: z.string().describe('stable check id, e.g. pod-crashloop (see `k8sdoc diagnose --list-checks`)'),
  severity: SeveritySchema,
  object: ObjectRefSchema.describe('the object the finding is about; for a grouped finding, the workload'),
  owner: ObjectRefSchema.optional().describe('the top-level workload owning the object (pod → ReplicaSet → Deployment)'),
  objects: z.array(ObjectRefSchema).optional().describe('the pods a grouped finding stands for; the first is the one the evidence comes from'),
  message: z.string().describe('one line: what is wrong'),
  evidence: z.array(z.string()).describe('status fields, events with counts and ages, log lines'),
  remediation: z.string().describe('what to do about it'),
  docs: z.string().optional().describe('further reading'),
  depth: z.number().int().nonnegative().optional().describe('deep dive only: 0 on the target, 1 on what it owns or selects, and so on'),
});

const MissingInputSchema = z.object({
  input: z.string().describe('a resource (pods) or an extra input (logs, metrics)'),
  permission: z.string().describe('the permission lacking, e.g. "list pods in all namespaces"; empty when the input failed for another reason'),
  reason: z.string(),
});

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    generator: z.object({ name: z.literal('k8sdoc'), version: z.string() }),
    source: z.string().describe('the API server the snapshot was collected from'),
    collectedAt: z.string().describe('when the snapshot was collected (RFC 3339); ages in evidence are relative to it'),
    namespace: z.string().nullable().describe('the namespace diagnosed; null for all namespaces'),
    focus: z.object({ target: ObjectRefSchema }).optional().describe('present for `diagnose TYPE/NAME`: findings are the chain of causes, top-down'),
    summary: z.object({
      error: z.number().int(),
      warning: z.number().int(),
      info: z.number().int(),
      suppressed: z.number().int(),
      checks: z.number().int().describe('checks selected'),
      checksRun: z.number().int(),
      checksSkipped: z.number().int(),
      checkErrors: z.number().int().describe('checks that failed with an internal error'),
      durationMs: z.number().nonnegative(),
      failOn: z.enum(['error', 'warning', 'info', 'never']),
      failOnSkipped: z.boolean().describe('a skipped check fails the run (--fail-on-skipped)'),
      failingFindings: z.number().int().describe('findings at or above failOn, counted before --min-severity filters the report'),
      failed: z.boolean().describe('true when a finding is at or above failOn, or failOnSkipped and a check was skipped: the exit code is 1'),
    }),
    findings: z.array(FindingSchema),
    suppressed: z.array(FindingSchema.extend({ reason: z.string().describe('the reason given in .k8sdoc.yaml') })),
    skipped: z.array(
      z.object({
        checkId: z.string(),
        title: z.string(),
        area: z.string(),
        reason: z.string().describe('e.g. "you may not list nodes"'),
        missing: z.array(MissingInputSchema),
      }),
    ),
    errors: z.array(z.object({ checkId: z.string(), message: z.string() })),
    missing: z.array(MissingInputSchema).describe('inputs that could not be collected'),
  })
  .describe('k8sdoc diagnose report');

export type Report = z.infer<typeof ReportSchema>;

/** The JSON Schema document published as schema/report.v1.json. */
export function reportJsonSchema(): Record<string, unknown> {
  // input mode leaves additionalProperties open: later v1 reports may add fields without breaking validators
  return { title: 'k8sdoc diagnose report', ...z.toJSONSchema(ReportSchema, { io: 'input' }) };
}
