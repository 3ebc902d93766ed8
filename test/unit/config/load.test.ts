import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadConfig } from '../../../src/config/load.js';
import type { K8sdocError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const file = (name: string): string => path.join(FIXTURES, 'engine/config', name);

function failure(options: Parameters<typeof loadConfig>[0]): K8sdocError {
  try {
    loadConfig(options);
  } catch (error) {
    return error as K8sdocError;
  }
  throw new Error('expected the config to be rejected');
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('reads suppressions, thresholds and the fail-on default', () => {
    const { config } = loadConfig({ file: file('valid.yaml') });
    expect(config).toEqual({
      failOn: 'warning',
      thresholds: { restartWarning: 10, allocatableWarning: 0.8 },
      suppressions: [
        { check: 'pod-crashloop', namespace: 'dev', reason: 'the dev namespace crashes on purpose while the team rewrites the app' },
        { name: '/^batch-[0-9]+$/', labels: 'team=data', reason: "the data team's batch pods are retried by their own controller" },
      ],
    });
  });

  it('finds .k8sdoc.yaml in the working folder, and runs without one', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'k8sdoc-config-'));
    dirs.push(cwd);
    expect(loadConfig({ cwd })).toEqual({ config: {}, file: undefined });
    writeFileSync(path.join(cwd, CONFIG_FILE), 'failOn: never\n');
    expect(loadConfig({ cwd })).toEqual({ config: { failOn: 'never' }, file: path.join(cwd, CONFIG_FILE) });
  });

  it("names the bad key's path in a one-line usage error", () => {
    const error = failure({ file: file('bad-type.yaml') });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${file('bad-type.yaml')}: suppressions[2].namespace: expected string, received number`);
  });

  it('requires a reason for every suppression', () => {
    expect(failure({ file: file('no-reason.yaml') }).message).toMatch(/suppressions\[0\]\.reason: required: say why this finding is accepted$/);
  });

  it('rejects unknown keys and values outside the allowed set', () => {
    expect(failure({ file: file('unknown-keys.yaml') }).message).toMatch(
      /: failOn: Invalid option: expected one of "error"\|"warning"\|"never"; thresholds\.restartWarnings: unknown key$/,
    );
  });

  it('points at the line of a YAML syntax error', () => {
    expect(failure({ file: file('bad-yaml.yaml') }).message).toMatch(/bad-yaml\.yaml: line 3: /);
  });

  it('rejects a suppression that would hide everything, a bad regex, and an unknown check id', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'k8sdoc-config-'));
    dirs.push(cwd);
    const write = (text: string): string => {
      writeFileSync(path.join(cwd, CONFIG_FILE), text);
      return failure({ cwd, knownChecks: ['pod-crashloop'] }).message;
    };
    expect(write('suppressions:\n  - reason: everything is fine\n')).toMatch(/suppressions\[0\]: needs at least one of check, namespace, name or labels/);
    expect(write('suppressions:\n  - name: "/([a-z/"\n    reason: r\n')).toMatch(/suppressions\[0\]: Invalid regular expression/);
    expect(write('suppressions:\n  - check: pod-crashlop\n    reason: r\n')).toMatch(/suppressions\[0\]\.check: unknown check "pod-crashlop"/);
  });

  it('says when --config names a file that does not exist', () => {
    const error = failure({ file: '/nonexistent/k8sdoc.yaml' });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('config file /nonexistent/k8sdoc.yaml does not exist');
  });
});
