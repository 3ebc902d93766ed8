import { z } from 'zod';

/** A duration, or a parameter that will hold one (checked when the run starts). */
const duration = z.string().regex(/^(\d+(ms|s|m|h|d))+$|^\d+$|\{\{/, 'a duration such as 30s, 5m or 1h');

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().optional(),
  'on-failure': z.enum(['stop', 'rollback']).default('stop'),
  timeout: duration.optional(),
};

/** etcd connection settings, as `k8sdoc etcd snapshot save` takes them. */
const etcdConnection = {
  dir: z.string(),
  endpoints: z.string().optional(),
  cacert: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  'pki-dir': z.string().optional(),
  embedded: z.string().optional(),
};

/** `node` defaults to the node of the enclosing for-each. */
const nodeField = { node: z.string().optional() };

const actionShapes = {
  check: z
    .object({
      ...common,
      kind: z.literal('check'),
      /** check ids or areas of the catalog */
      checks: z.array(z.string()).default([]),
      /** run `upgrade plan --to` this version instead */
      'upgrade-to': z.string().optional(),
      'fail-on': z.enum(['error', 'warning']).default('error'),
    })
    .strict(),
  'etcd-snapshot': z.object({ ...common, kind: z.literal('etcd-snapshot'), ...etcdConnection }).strict(),
  cordon: z.object({ ...common, kind: z.literal('cordon'), ...nodeField }).strict(),
  uncordon: z.object({ ...common, kind: z.literal('uncordon'), ...nodeField }).strict(),
  drain: z.object({ ...common, kind: z.literal('drain'), ...nodeField, 'pod-selector': z.string().optional() }).strict(),
  wait: z
    .object({
      ...common,
      kind: z.literal('wait'),
      condition: z.enum(['node-ready', 'deployment-available', 'apiserver-ready']),
      node: z.string().optional(),
      version: z.string().optional(),
      deployment: z.string().optional(),
      namespace: z.string().optional(),
    })
    .strict(),
  /** `k8sdoc etcd snapshot verify`: sha256, appended hash, etcdutl status, with k8sdoc's resolved etcdutl */
  'etcd-verify': z.object({ ...common, kind: z.literal('etcd-verify'), snapshot: z.string(), etcdutl: z.string().optional(), 'skip-hash-check': z.boolean().default(false) }).strict(),
  /** `k8sdoc etcd snapshot restore`: verifies again, restores into a staging folder renamed into place */
  'etcd-restore': z
    .object({
      ...common,
      kind: z.literal('etcd-restore'),
      snapshot: z.string(),
      'data-dir': z.string(),
      name: z.string().optional(),
      'initial-cluster': z.string().optional(),
      'initial-advertise-peer-urls': z.string().optional(),
      etcdutl: z.string().optional(),
      'skip-hash-check': z.boolean().default(false),
    })
    .strict(),
  exec: z.object({ ...common, kind: z.literal('exec'), command: z.array(z.string()).min(1) }).strict(),
  confirm: z.object({ ...common, kind: z.literal('confirm'), message: z.string() }).strict(),
  note: z.object({ ...common, kind: z.literal('note'), message: z.string() }).strict(),
};

const rollbackStep = z.discriminatedUnion('kind', [
  actionShapes.check.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes['etcd-snapshot'].omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.cordon.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.uncordon.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.drain.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.wait.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.exec.omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes['etcd-verify'].omit({ id: true }).extend({ id: common.id.optional() }),
  actionShapes.note.omit({ id: true }).extend({ id: common.id.optional() }),
]);

const rollback = { rollback: rollbackStep.optional() };

export const actionStepSchema = z.discriminatedUnion('kind', [
  actionShapes.check.extend(rollback),
  actionShapes['etcd-snapshot'].extend(rollback),
  actionShapes.cordon.extend(rollback),
  actionShapes.uncordon.extend(rollback),
  actionShapes.drain.extend(rollback),
  actionShapes.wait.extend(rollback),
  actionShapes.exec.extend(rollback),
  actionShapes['etcd-verify'].extend(rollback),
  actionShapes['etcd-restore'].extend(rollback),
  actionShapes.confirm.extend(rollback),
  actionShapes.note.extend(rollback),
]);

/** A group of steps run once per node matching `selector` (one node at a time). */
export const forEachSchema = z
  .object({
    id: common.id,
    description: z.string().optional(),
    'for-each': z.literal('nodes'),
    selector: z.string().default(''),
    steps: z.array(actionStepSchema).min(1),
  })
  .strict();

export const stepSchema = z.union([forEachSchema, actionStepSchema]);

/** What a parameter holds, checked in --dry-run and before the first step, never halfway through. */
export const PARAMETER_TYPES = ['string', 'duration', 'version', 'node', 'selector', 'path', 'url'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const parameterSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    description: z.string().default(''),
    type: z.enum(PARAMETER_TYPES).default('string'),
    required: z.boolean().default(false),
    default: z.string().optional(),
  })
  .strict();

export const sopSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    description: z.string(),
    parameters: z.array(parameterSchema).default([]),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type Sop = z.infer<typeof sopSchema>;
export type ActionStep = z.infer<typeof actionStepSchema>;
export type RollbackStep = z.infer<typeof rollbackStep>;
export type ForEachStep = z.infer<typeof forEachSchema>;
export type SopParameter = z.infer<typeof parameterSchema>;
