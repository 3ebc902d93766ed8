import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { RunFolder, newRunId } from '../../../src/sop/journal.js';
import { builtinSopDir, parseSop } from '../../../src/sop/load.js';
import { expandPlan, resolveParameters } from '../../../src/sop/plan.js';

const builtin = (name: string) => parseSop(readFileSync(path.join(builtinSopDir(), `${name}.yaml`), 'utf8'), `${name}.yaml`);
const failure = (run: () => unknown): K8sdocError | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof K8sdocError) return error;
    throw error;
  }
  return undefined;
};

describe('runbook parameters have types, checked before anything runs', () => {
  const nodeUpgrade = builtin('node-upgrade');
  const base = { version: '1.36.3', 'upgrade-command': 'true' };

  it.each([
    ['drain-timeout', 'forever', /--param drain-timeout="forever" is not a duration/],
    ['version', 'banana', /--param version="banana" is not a Kubernetes version/],
    ['selector', 'a in (', /--param selector="a in \(" is not a label selector/],
  ])('refuses %s=%s with exit 2', (name, value, says) => {
    const error = failure(() => resolveParameters(nodeUpgrade, { ...base, [name]: value }));
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toMatch(says);
  });

  it('accepts good values, and an empty optional one as unset', () => {
    expect(resolveParameters(nodeUpgrade, { ...base, 'drain-timeout': '90s', selector: 'pool=blue' })).toMatchObject({ 'drain-timeout': '90s', selector: 'pool=blue' });
    expect(() => resolveParameters(builtin('pre-upgrade'), { target: '1.37', 'snapshot-dir': '/b', 'etcd-endpoints': '' })).not.toThrow();
  });

  it('checks every planned step as it will run, also where an untyped parameter filled it in, before any node is listed for a bad group selector', async () => {
    const sop = parseSop(
      [
        'name: custom',
        'description: d',
        'parameters:',
        '  - name: wait',
        '  - name: pods',
        '  - name: nodes',
        '    default: ""',
        'steps:',
        '  - id: nodes',
        '    for-each: nodes',
        '    selector: "{{nodes}}"',
        '    steps:',
        '      - id: drain',
        '        kind: drain',
        '        timeout: "{{wait}}"',
        '        pod-selector: "{{pods}}"',
        '',
      ].join('\n'),
      'custom.yaml',
    );
    let listed = 0;
    const nodes = async (): Promise<string[]> => (listed++, ['node-a']);
    await expect(expandPlan(sop, { wait: 'forever', pods: 'app=web' }, nodes)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/step nodes\[node-a\]\.drain: timeout "forever" is not a duration/) });
    await expect(expandPlan(sop, { wait: '5m', pods: 'a in (' }, nodes)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/pod-selector "a in \(" is not a label selector/) });
    listed = 0;
    await expect(expandPlan(sop, { wait: '5m', pods: 'app=web', nodes: 'x in (' }, nodes)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/selector "x in \(" is not a label selector/) });
    expect(listed).toBe(0);
    expect((await expandPlan(sop, { wait: '5m', pods: 'app=web' }, nodes)).map((p) => p.key)).toEqual(['nodes[node-a].drain']);
  });
});

describe('run ids', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-runid-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('differ for two runs started in the same second, and an id is claimed once', () => {
    const at = new Date('2026-12-04T01:02:03.456Z');
    const ids = new Set(Array.from({ length: 50 }, () => newRunId('node-upgrade', at)));
    expect(ids.size).toBe(50);
    expect([...ids][0]).toMatch(/^node-upgrade-20261204T010203Z-[0-9a-f]{6}$/);
    const info = { id: 'same', sop: 's', file: 'f', parameters: {}, plan: [], createdAt: at.toISOString() };
    const env = { K8SDOC_STATE_DIR: dir };
    RunFolder.create(info, env);
    expect(failure(() => RunFolder.create(info, env))?.exitCode).toBe(8);
  });
});
