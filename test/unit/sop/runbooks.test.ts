import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSopDir, lineOf, parseSop } from '../../../src/sop/load.js';
import { describeStep, expandPlan, parseParams, resolveParameters } from '../../../src/sop/plan.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const builtin = (name: string): string => readFileSync(path.join(builtinSopDir(), `${name}.yaml`), 'utf8');

describe('runbooks', () => {
  it('ships the five built-in runbooks, all valid', () => {
    const files = readdirSync(builtinSopDir()).sort();
    expect(files).toEqual(['control-plane-upgrade.yaml', 'etcd-restore.yaml', 'node-upgrade.yaml', 'post-upgrade-verify.yaml', 'pre-upgrade.yaml']);
    for (const file of files) expect(parseSop(readFileSync(path.join(builtinSopDir(), file), 'utf8'), file).name).toBe(file.replace('.yaml', ''));
  });

  it('points a schema error at the line of the bad field', () => {
    const file = path.join(FIXTURES, 'sop/bad-kind.yaml');
    expect(() => parseSop(readFileSync(file, 'utf8'), file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: .*\\(steps\\.1\\.kind\\)$`));
  });

  it('points a YAML syntax error, a duplicate id and an undeclared parameter at their lines', () => {
    expect(() => parseSop('name: x\ndescription: y\nsteps:\n  - id: a\n    kind: note\n     message: [\n', 'x.yaml')).toThrow(/^x\.yaml:6: /);
    const twice = 'name: x\ndescription: y\nsteps:\n  - id: a\n    kind: note\n    message: m\n  - id: a\n    kind: note\n    message: m\n';
    expect(() => parseSop(twice, 'x.yaml')).toThrow(/^x\.yaml:7: step id "a" is used twice/);
    const undeclared = 'name: x\ndescription: y\nsteps:\n  - id: a\n    kind: note\n    message: "{{nope}}"\n';
    expect(() => parseSop(undeclared, 'x.yaml')).toThrow(/^x\.yaml:4: \{\{nope\}\} is not a declared parameter/);
  });

  it('rejects an unknown check id at the line of the step\'s checks', () => {
    const text = 'name: x\ndescription: y\nsteps:\n  - id: a\n    kind: check\n    checks: [nodes, node-not-redy]\n';
    expect(() => parseSop(text, 'x.yaml')).toThrow(/^x\.yaml:6: unknown check or area "node-not-redy" in --checks/);
  });

  it('finds nested paths by indentation', () => {
    const text = builtin('node-upgrade');
    const line = lineOf(text, ['steps', 0, 'steps', 1, 'timeout']);
    expect(text.split('\n')[(line ?? 0) - 1]).toContain('timeout: "{{drain-timeout}}"');
  });

  it('needs required parameters, rejects unknown ones, and fills defaults', () => {
    const sop = parseSop(builtin('node-upgrade'), 'node-upgrade.yaml');
    expect(() => resolveParameters(sop, { version: '1.34' })).toThrow(/needs --param upgrade-command=VALUE/);
    expect(() => resolveParameters(sop, { version: '1.34', 'upgrade-command': 'x', colour: 'red' })).toThrow(/has no parameter "colour"/);
    expect(resolveParameters(sop, { version: '1.34', 'upgrade-command': 'x' })).toMatchObject({ 'drain-timeout': '5m', selector: '!node-role.kubernetes.io/control-plane' });
    expect(parseParams(['cmd=a=b'])).toEqual({ cmd: 'a=b' });
    expect(() => parseParams(['oops'])).toThrow(/NAME=VALUE/);
  });

  it('expands a for-each group per node, with {{node}} in parameter values and node steps defaulting to the group node', async () => {
    const sop = parseSop(builtin('node-upgrade'), 'node-upgrade.yaml');
    const params = resolveParameters(sop, { version: '1.34.2', 'upgrade-command': 'ssh {{node}} upgrade' });
    const selectors: string[] = [];
    const plan = await expandPlan(sop, params, async (selector) => (selectors.push(selector), ['a', 'b']));
    expect(selectors).toEqual(['!node-role.kubernetes.io/control-plane']);
    expect(plan.map((p) => p.key)).toEqual(['nodes[a].cordon', 'nodes[a].drain', 'nodes[a].upgrade', 'nodes[a].ready', 'nodes[a].uncordon', 'nodes[b].cordon', 'nodes[b].drain', 'nodes[b].upgrade', 'nodes[b].ready', 'nodes[b].uncordon']);
    expect(plan.map((p) => describeStep(p.step)).slice(5)).toEqual([
      'cordon node b',
      'drain node b through the Eviction API (PodDisruptionBudgets honoured; DaemonSet pods stay; emptyDir data is deleted), within 5m',
      'run: sh -c "ssh b upgrade"',
      'wait until node b is Ready with kubelet 1.34.2 (up to 10m)',
      'uncordon node b',
    ]);
    expect(plan[0]?.step.rollback && describeStep(plan[0].step.rollback)).toBe('uncordon node a');
    await expect(expandPlan(sop, params, async () => [])).rejects.toThrow(/matches no node/);
  });
});
