import { parseDuration } from '../base-command.js';
import { usageError } from '../errors.js';
import { parseLabelSelector } from '../engine/selector.js';
import { parseTarget } from '../upgrade/plan.js';
import type { PlannedStep } from './plan.js';
import type { ActionStep, ParameterType, RollbackStep, Sop } from './schema.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION = /^v?\d+\.\d+(\.\d+)?$/;

/** Why a value is not of its type, or undefined when it is. */
function typeProblem(type: ParameterType, value: string): string | undefined {
  switch (type) {
    case 'string':
      return undefined;
    case 'duration':
      try {
        durationMs(value);
        return undefined;
      } catch {
        return 'is not a duration such as 30s, 5m, 1h30m or 2d';
      }
    case 'version':
      return VERSION.test(value.trim()) ? undefined : 'is not a Kubernetes version (X.Y or X.Y.Z, e.g. 1.36.3)';
    case 'node':
      return value.length <= 253 && DNS_SUBDOMAIN.test(value) ? undefined : 'is not a node name (lower-case DNS subdomain)';
    case 'selector':
      try {
        parseLabelSelector(value);
        return undefined;
      } catch (error) {
        return `is not a label selector: ${(error as Error).message}`;
      }
    case 'path':
      return value.includes('\0') ? 'is not a path' : undefined;
    case 'url':
      return /^https?:\/\/[^\s/]+/.test(value) ? undefined : 'is not an http(s) URL such as https://10.0.0.10:2379';
  }
}

/** A typed parameter's value, checked; an empty value of an optional parameter means unset. */
export function checkParameter(sop: Sop, name: string, value: string): void {
  const parameter = sop.parameters.find((p) => p.name === name);
  if (!parameter || (value === '' && !parameter.required)) return;
  const problem = typeProblem(parameter.type, value);
  if (problem) throw usageError(`--param ${name}=${JSON.stringify(value)} ${problem}`, parameter.description ? `${name}: ${parameter.description}` : `see \`k8sdoc sop show ${sop.name}\``);
}

/** Runbook durations as steps take them: kubectl's forms plus whole days (2d). */
export function durationMs(text: string): number {
  return parseDuration(text.replace(/^(\d+)d$/, (_, d: string) => `${Number(d) * 24}h`), 'timeout');
}

/**
 * Every field of a planned step whose value came from parameters, checked as the step will
 * read it, so a bad value fails `--dry-run` and the start of a run, not a step after a cordon.
 */
export function checkPlannedStep(planned: PlannedStep): void {
  const steps: (ActionStep | RollbackStep)[] = [planned.step, ...(planned.step.rollback ? [planned.step.rollback] : [])];
  for (const step of steps) {
    const fail = (field: string, value: string, problem: string): never => {
      throw usageError(`step ${planned.key}: ${field} ${JSON.stringify(value)} ${problem}`, 'fix the parameter or the runbook; `k8sdoc sop run NAME --dry-run` shows each step as it would run');
    };
    const check = (field: string, value: string | undefined, type: ParameterType): void => {
      if (value === undefined) return;
      const problem = typeProblem(type, value);
      if (problem) fail(field, value, problem);
    };
    check('timeout', step.timeout, 'duration');
    if ('node' in step) check('node', step.node, 'node');
    if (step.kind === 'drain') check('pod-selector', step['pod-selector'], 'selector');
    if (step.kind === 'wait' && step.version) check('version', step.version, 'version');
    if (step.kind === 'check' && step['upgrade-to']) {
      try {
        parseTarget(step['upgrade-to']);
      } catch (error) {
        fail('upgrade-to', step['upgrade-to'], (error as Error).message);
      }
    }
  }
}
