import { z } from 'zod';
import { compileSuppression } from '../engine/suppress.js';
import type { Suppression } from '../engine/suppress.js';
import type { Thresholds } from '../engine/types.js';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

/** Every threshold a check reads; a key that is not one is rejected, so a typo never silently does nothing. */
const thresholdShape = {
  certWarningDays: count,
  certErrorDays: count,
  restartWarning: count,
  allocatableWarning: share,
  stuckTerminatingSeconds: count,
  sidecarGraceSeconds: count,
  leaseStaleSeconds: count,
  quotaWarning: share,
  etcdQuotaBytes: z.number().int().positive(),
} satisfies Record<keyof Thresholds, z.ZodType<number>>;

/** `labels: app=web` or `labels: {app: web}`; both become a selector string. */
const labelsField = z.union([z.string(), z.record(z.string(), z.string())]).transform((value) =>
  typeof value === 'string' ? value : Object.entries(value).map(([key, v]) => `${key}=${v}`).join(','),
);

export const SuppressionSchema = z
  .object({
    check: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    labels: labelsField.optional(),
    reason: z.string({ error: 'required: say why this finding is accepted' }).trim().min(1, 'must not be empty: say why this finding is accepted'),
  })
  .strict()
  .refine((rule) => rule.check !== undefined || rule.namespace !== undefined || rule.name !== undefined || rule.labels !== undefined, {
    message: 'needs at least one of check, namespace, name or labels (it would hide every finding)',
  })
  .superRefine((rule, ctx) => {
    try {
      compileSuppression(rule);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  }) satisfies z.ZodType<Suppression>;

export const ConfigSchema = z
  .object({
    /** the default of --fail-on */
    failOn: z.enum(['error', 'warning', 'never']).optional(),
    /** the default of --fail-on-skipped: a gate refuses a run that could not look */
    failOnSkipped: z.boolean().optional(),
    thresholds: z.object(thresholdShape).partial().strict().optional(),
    suppressions: z.array(SuppressionSchema).optional(),
  })
  .strict();

export type K8sdocConfig = z.infer<typeof ConfigSchema>;
