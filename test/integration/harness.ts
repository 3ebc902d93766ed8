import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { cachedBinary } from '../../src/embedded/binaries.js';
import { applyScenario as apply, resetScenario as reset } from '../../src/embedded/scenarios.js';
import { KubeClient } from '../../src/kube/client.js';
import type { ResourceRef } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import { resolveKubeConfig } from '../../src/kube/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The admin kubeconfig of the embedded cluster this run started. */
export function kubeconfig(): string {
  return inject('kubeconfig');
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { KUBECONFIG: kubeconfig(), K8SDOC_STATE_DIR: inject('stateDir'), NO_COLOR: '1', CI: 'true', ...extra };
}

/**
 * Runs the built CLI (`npm run build` first) the way a user does, against the test cluster
 * (KUBECONFIG points at it; cluster commands take `--name it`).
 */
export async function k8sdoc(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const result = await execa('node', [path.join(ROOT, 'bin/run.js'), ...args], {
    env: env(options.env),
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** The pinned kubectl, built from the same release as the apiserver (the parity reference). */
export async function kubectl(args: string[]): Promise<RunResult> {
  const binary = cachedBinary('kubectl');
  if (!binary) throw new Error('kubectl is not provisioned: run `k8sdoc cluster provision`');
  const result = await execa(binary, args, { env: env(), reject: false, timeout: 60_000 });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** A KubeClient on the test cluster (close it when done). */
export function client(): KubeClient {
  return new KubeClient(resolveKubeConfig({ kubeconfig: kubeconfig(), env: {} }));
}

/** The test cluster's name, for `cluster ...` commands (`--name`). */
export function clusterName(): string {
  return inject('cluster');
}

export async function applyScenario(name: string): Promise<void> {
  process.env.K8SDOC_STATE_DIR = inject('stateDir');
  await apply(clusterName(), name);
}

export async function resetScenario(name: string): Promise<void> {
  process.env.K8SDOC_STATE_DIR = inject('stateDir');
  await reset(clusterName(), name);
}

export interface RestrictedUser {
  /** the ServiceAccount's name, also given to its Role and RoleBinding */
  name: string;
  serviceAccountNamespace: string;
  /** where the Role grants `rules` */
  roleNamespace: string;
  rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  /** the kubeconfig file to write (0600) */
  file: string;
  /** the namespace of its context, if any */
  contextNamespace?: string;
}

const rbac = (resource: string): ResourceRef => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource, namespaced: true });

/**
 * A kubeconfig for a ServiceAccount that may do only what `rules` grant in one namespace, with a
 * token from the TokenRequest API; returns the file. The caller deletes the namespaces it made.
 */
export async function restrictedKubeconfig(kube: KubeClient, user: RestrictedUser): Promise<string> {
  const { name, serviceAccountNamespace, roleNamespace } = user;
  await kube.create(R.serviceaccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: serviceAccountNamespace } }, serviceAccountNamespace);
  await kube.create(rbac('roles'), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: roleNamespace }, rules: user.rules }, roleNamespace);
  await kube.create(
    rbac('rolebindings'),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: roleNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: serviceAccountNamespace }],
    },
    roleNamespace,
  );
  const tokenRequest = await kube.json<{ status: { token: string } }>({
    method: 'POST',
    path: kube.path(R.serviceaccounts, { namespace: serviceAccountNamespace, name, subresource: 'token' }),
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
  });
  const admin = yaml.load(readFileSync(kubeconfig(), 'utf8')) as { clusters: { name: string; cluster: Record<string, unknown> }[] };
  const cluster = admin.clusters[0];
  writeFileSync(
    user.file,
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [cluster],
      users: [{ name, user: { token: tokenRequest.status.token } }],
      contexts: [{ name, context: { cluster: cluster?.name, user: name, ...(user.contextNamespace ? { namespace: user.contextNamespace } : {}) } }],
      'current-context': name,
    }),
    { mode: 0o600 },
  );
  return user.file;
}

/** Deletes the Role and RoleBinding restrictedKubeconfig made (its ServiceAccount goes with its namespace). */
export async function deleteRestrictedRole(kube: KubeClient, name: string, roleNamespace: string): Promise<void> {
  await kube.delete(rbac('rolebindings'), name, roleNamespace).catch(() => undefined);
  await kube.delete(rbac('roles'), name, roleNamespace).catch(() => undefined);
}

/** Applies a scenario once for the tests inside, and resets it after them. */
export function withScenario(name: string, body: () => void): void {
  describe(`scenario ${name}`, () => {
    beforeAll(() => applyScenario(name), 240_000);
    afterAll(() => resetScenario(name), 240_000);
    body();
  });
}

/** Polls until `check` returns a value other than undefined/false, or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs}ms${last ? `: ${String(last)}` : ''}`);
}
