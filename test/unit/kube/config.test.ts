import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { resolveKubeConfig } from '../../../src/kube/config.js';
import type { KubeConfigOptions } from '../../../src/kube/config.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const dir = path.join(FIXTURES, 'kubeconfig');
const file = (name: string): string => path.join(dir, name);
/** HOME without a ~/.kube/config, so the lookup falls through */
const EMPTY_HOME = path.join(dir, 'serviceaccount');
const NO_SERVICE_ACCOUNT = path.join(dir, 'no-such-dir');

function resolve(options: KubeConfigOptions) {
  return resolveKubeConfig({ serviceAccountDir: NO_SERVICE_ACCOUNT, env: { HOME: EMPTY_HOME }, ...options });
}

function failure(options: KubeConfigOptions): K8sdocError {
  try {
    resolve(options);
  } catch (error) {
    if (error instanceof K8sdocError) return error;
    throw error;
  }
  throw new Error('expected resolveKubeConfig to fail');
}

describe('kubeconfig resolution, in kubectl order', () => {
  it('uses --kubeconfig before KUBECONFIG and ~/.kube/config', () => {
    const resolved = resolve({ kubeconfig: file('second.yaml'), env: { KUBECONFIG: file('first.yaml'), HOME: path.join(dir, 'home') } });
    expect(resolved.source).toEqual({ kind: 'flag', files: [file('second.yaml')] });
    expect(resolved.context).toBe('staging');
    expect(resolved.server).toBe('https://staging.example.test:6443');
  });

  it('merges the KUBECONFIG list with the first definition winning and missing files skipped', () => {
    const list = [file('first.yaml'), file('missing.yaml'), file('second.yaml')].join(path.delimiter);
    const resolved = resolve({ env: { KUBECONFIG: list, HOME: path.join(dir, 'home') } });
    expect(resolved.source).toEqual({ kind: 'env', files: [file('first.yaml'), file('second.yaml')] });
    // the first file's current-context and its "prod" cluster win over second.yaml's
    expect(resolved.context).toBe('prod');
    expect(resolved.server).toBe('https://prod.example.test:6443');
    expect(resolved.namespace).toBe('payments');
    // "shared" exists in both files: the first file's wins; "staging" only exists in the second
    expect(resolve({ env: { KUBECONFIG: list }, context: 'shared' }).namespace).toBe('from-first');
    expect(resolve({ env: { KUBECONFIG: list }, context: 'staging' }).server).toBe('https://staging.example.test:6443');
  });

  it('fails with exit 3 when no file of KUBECONFIG exists', () => {
    const error = failure({ env: { KUBECONFIG: [file('missing.yaml'), file('gone.yaml')].join(path.delimiter) } });
    expect(error.exitCode).toBe(3);
    expect(error.oneLine()).toContain('none of the files in KUBECONFIG exist');
  });

  it('reads ~/.kube/config through HOME when there is no flag and no KUBECONFIG', () => {
    const resolved = resolve({ env: { HOME: path.join(dir, 'home') } });
    expect(resolved.source).toEqual({ kind: 'home', files: [path.join(dir, 'home', '.kube', 'config')] });
    expect(resolved.server).toBe('https://home.example.test:6443');
    expect(resolved.namespace).toBe('default');
  });

  it("uses the pod's service account when running in a cluster", () => {
    const resolved = resolveKubeConfig({
      env: { HOME: EMPTY_HOME, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: path.join(dir, 'serviceaccount'),
    });
    expect(resolved.source.kind).toBe('in-cluster');
    expect(resolved.server).toBe('https://10.96.0.1:443');
    expect(resolved.namespace).toBe('monitoring');
  });

  it('brackets an IPv6 service host', () => {
    const resolved = resolveKubeConfig({
      env: { HOME: EMPTY_HOME, KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: path.join(dir, 'serviceaccount'),
    });
    expect(resolved.server).toBe('https://[fd00::1]:443');
  });

  it('falls back to the running embedded cluster last', () => {
    const resolved = resolve({ fallback: () => file('embedded.yaml') });
    expect(resolved.source).toEqual({ kind: 'embedded', files: [file('embedded.yaml')] });
    expect(resolved.server).toBe('https://127.0.0.1:16443');
  });

  it('never guesses http://localhost:8080: nothing configured is exit 3 with a hint', () => {
    const error = failure({ fallback: () => undefined });
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('no cluster configured');
    expect(error.hint).toContain('--kubeconfig');
  });
});

describe('kubeconfig errors', () => {
  it('names the known contexts when --context does not exist', () => {
    const error = failure({ kubeconfig: file('first.yaml'), context: 'nope' });
    expect(error.exitCode).toBe(3);
    expect(error.oneLine()).toBe('context "nope" does not exist in the kubeconfig. known contexts: prod, shared');
  });

  it('says which file is broken YAML', () => {
    const error = failure({ kubeconfig: file('broken.yaml') });
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`kubeconfig ${file('broken.yaml')} is not valid`);
    expect(error.oneLine()).not.toContain('\n');
  });

  it('says the file given to --kubeconfig does not exist', () => {
    const error = failure({ kubeconfig: file('missing.yaml') });
    expect(error.exitCode).toBe(3);
    expect(error.oneLine()).toBe(`kubeconfig ${file('missing.yaml')} does not exist. check the path passed to --kubeconfig`);
  });

  it('names a cluster the context refers to but the file lacks', () => {
    const error = failure({ kubeconfig: file('dangling-cluster.yaml') });
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('names cluster "nowhere"');
  });
});
