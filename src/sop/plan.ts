import { usageError } from '../errors.js';
import { parseLabelSelector } from '../engine/selector.js';
import { isGroup } from './load.js';
import { checkParameter, checkPlannedStep } from './validate.js';
import type { ActionStep, RollbackStep, Sop } from './schema.js';

/** One concrete step of a run: parameters filled in, for-each groups expanded per node. */
export interface PlannedStep {
  /** unique in the run: "preflight", "nodes[kwok-node-0].drain" */
  key: string;
  /** the for-each iteration it belongs to ("nodes[kwok-node-0]"): a rollback undoes that iteration only */
  group?: string | undefined;
  step: ActionStep;
}

/** The parameter values of a run: given ones, then defaults; a missing required one or an unknown name is a usage error. */
export function resolveParameters(sop: Sop, given: Record<string, string>): Record<string, string> {
  const declared = new Map(sop.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) throw usageError(`runbook ${sop.name} has no parameter "${name}"`, `its parameters: ${[...declared.keys()].join(', ') || 'none'}`);
  }
  const values: Record<string, string> = {};
  for (const parameter of sop.parameters) {
    const value = given[parameter.name] ?? parameter.default;
    if (value === undefined) {
      if (parameter.required) throw usageError(`runbook ${sop.name} needs --param ${parameter.name}=VALUE`, parameter.description || undefined);
      continue;
    }
    checkParameter(sop, parameter.name, value);
    values[parameter.name] = value;
  }
  return values;
}

/** "key=value" flags into a map; a value may itself contain "=". */
export function parseParams(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw usageError(`--param "${flag}" is not NAME=VALUE`, 'e.g. --param version=1.34.2');
    out[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return out;
}

/** A node step inside a for-each group works on the group's node unless it names another. */
function onNode<T extends ActionStep | RollbackStep>(step: T, node: string): T {
  const rollback = 'rollback' in step && step.rollback ? { rollback: onNode(step.rollback, node) } : {};
  const needsNode = step.kind === 'cordon' || step.kind === 'uncordon' || step.kind === 'drain' || (step.kind === 'wait' && step.condition === 'node-ready');
  return { ...step, ...(needsNode && !('node' in step && step.node) ? { node } : {}), ...rollback };
}

/**
 * Replaces {{name}} in every string of a step; an unset optional parameter becomes empty, unless
 * `keepUnknown` (the per-node pass, which must leave text it does not own alone).
 */
export function substitute<T>(value: T, vars: Record<string, string>, keepUnknown = false): T {
  if (typeof value === 'string') return value.replace(/\{\{\s*([a-z][a-z0-9-]*)\s*\}\}/g, (whole, name: string) => vars[name] ?? (keepUnknown ? whole : '')) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => substitute(v, vars, keepUnknown)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars, keepUnknown)])) as T;
  return value;
}

/**
 * The run's steps in order. Each for-each group is expanded over the nodes its selector matches
 * now, one node after another; the expansion is journaled, so a resumed run walks the same nodes.
 */
export async function expandPlan(sop: Sop, params: Record<string, string>, listNodes: (selector: string) => Promise<string[]>): Promise<PlannedStep[]> {
  const plan: PlannedStep[] = [];
  for (const step of sop.steps) {
    if (!isGroup(step)) {
      plan.push({ key: step.id, step: substitute(step, params) });
      continue;
    }
    const selector = substitute(step.selector, params);
    // checked here, not by the API server: a selector error must not wait for a request
    try {
      parseLabelSelector(selector);
    } catch (error) {
      throw usageError(`step group ${step.id}: selector ${JSON.stringify(selector)} is not a label selector: ${(error as Error).message}`, 'fix the selector parameter');
    }
    const nodes = await listNodes(selector);
    if (nodes.length === 0) throw usageError(`step group ${step.id} matches no node${step.selector ? ` (selector ${substitute(step.selector, params)})` : ''}`, 'check the selector parameter');
    for (const node of nodes) {
      const group = `${step.id}[${node}]`;
      // parameters first, so a parameter's value may itself say {{node}} ("ssh {{node}} ...")
      for (const inner of step.steps) plan.push({ key: `${group}.${inner.id}`, group, step: onNode(substitute(substitute(inner, params), { node }, true), node) });
    }
  }
  for (const planned of plan) checkPlannedStep(planned);
  return plan;
}

/** One line saying what a step does, for --dry-run, `sop show` and the checklist. */
export function describeStep(step: ActionStep | RollbackStep): string {
  switch (step.kind) {
    case 'check':
      return `${step['upgrade-to'] ? `run the upgrade plan checks for ${step['upgrade-to']}` : `run checks ${step.checks.join(', ')}`}; stop on findings at ${step['fail-on']} or above`;
    case 'etcd-snapshot':
      return `save an etcd snapshot to ${step.dir} and verify it`;
    case 'cordon':
      return `cordon node ${step.node ?? '?'}`;
    case 'uncordon':
      return `uncordon node ${step.node ?? '?'}`;
    case 'drain':
      return `drain node ${step.node ?? '?'} through the Eviction API (PodDisruptionBudgets honoured; DaemonSet pods stay; emptyDir data is deleted)${step.timeout ? `, within ${step.timeout}` : ''}`;
    case 'wait': {
      const within = step.timeout ? ` (up to ${step.timeout})` : '';
      if (step.condition === 'node-ready') return `wait until node ${step.node ?? '?'} is Ready${step.version ? ` with kubelet ${step.version}` : ''}${within}`;
      if (step.condition === 'deployment-available') return `wait until deployment ${step.namespace ?? 'default'}/${step.deployment ?? '?'} is available${within}`;
      return `wait until the apiserver's /readyz passes${within}`;
    }
    case 'etcd-verify':
      return `verify the etcd snapshot ${step.snapshot} (sha256, etcd's appended hash, etcdutl snapshot status)`;
    case 'etcd-restore':
      return `verify ${step.snapshot} again and restore it into the new data dir ${step['data-dir']} (staged beside it, renamed into place only when complete)`;
    case 'exec':
      return `run: ${step.command.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`;
    case 'confirm':
      return `ask for confirmation: ${step.message}`;
    case 'note':
      return `note: ${step.message}`;
  }
}
