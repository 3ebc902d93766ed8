import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { K8sdocError, messageOf } from '../errors.js';

export interface KubeConfigOptions {
  /** --kubeconfig */
  kubeconfig?: string | undefined;
  /** --context */
  context?: string | undefined;
  /** environment to read KUBECONFIG, HOME and the in-cluster variables from */
  env?: NodeJS.ProcessEnv;
  /** kubeconfig used when nothing else is found (the embedded cluster, when one is up) */
  fallback?: (() => string | undefined) | undefined;
  /** where the in-cluster service account files live (tests point this at fixtures) */
  serviceAccountDir?: string;
}

export type KubeConfigSource =
  | { kind: 'flag'; files: string[] }
  | { kind: 'env'; files: string[] }
  | { kind: 'home'; files: string[] }
  | { kind: 'in-cluster'; files: [] }
  | { kind: 'embedded'; files: string[] };

export interface ResolvedKubeConfig {
  config: KubeConfig;
  source: KubeConfigSource;
  context: string;
  /** the namespace of the context, or "default" */
  namespace: string;
  server: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function configError(message: string, hint: string, cause?: unknown): K8sdocError {
  return new K8sdocError('kubeconfig', message, { exit: 'cluster', hint, cause });
}

function parseFile(file: string): KubeConfig {
  const config = new KubeConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw configError(`cannot read kubeconfig ${file}: ${messageOf(error)}`, 'check the path given by --kubeconfig or KUBECONFIG', error);
  }
  try {
    config.loadFromString(text);
  } catch (error) {
    // the client reads fields of whatever the YAML was: an empty file or a bare value is not a kubeconfig at all
    const reason = /Cannot read properties of (undefined|null)/.test(messageOf(error)) ? 'it is empty or not a mapping' : messageOf(error).split('\n')[0];
    throw configError(`kubeconfig ${file} is not valid: ${reason}`, 'fix the file (it must be YAML with clusters, users and contexts lists)', error);
  }
  if (config.clusters === undefined || config.contexts === undefined || config.users === undefined) {
    throw configError(`kubeconfig ${file} is not valid: missing clusters, users or contexts`, 'fix the file or point --kubeconfig at another one');
  }
  config.makePathsAbsolute(path.dirname(path.resolve(file)));
  return config;
}

/**
 * Merges kubeconfig files as kubectl does: the first file to define a name wins, the first
 * non-empty current-context wins, and later duplicates are ignored rather than rejected.
 */
export function mergeKubeConfigs(configs: KubeConfig[]): KubeConfig {
  const merged = new KubeConfig();
  const clusters = new Map<string, KubeConfig['clusters'][number]>();
  const users = new Map<string, KubeConfig['users'][number]>();
  const contexts = new Map<string, KubeConfig['contexts'][number]>();
  let currentContext = '';
  for (const config of configs) {
    for (const cluster of config.clusters) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.users) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (!currentContext && config.currentContext) currentContext = config.currentContext;
  }
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

function inClusterAvailable(env: NodeJS.ProcessEnv, dir: string): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(path.join(dir, 'token')));
}

function loadInCluster(env: NodeJS.ProcessEnv, dir: string): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: path.join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile: path.join(dir, 'token') } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', namespace: readNamespaceFile(dir) }],
    currentContext: 'in-cluster',
  });
  return config;
}

function readNamespaceFile(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'namespace'), 'utf8').trim() || 'default';
  } catch {
    return 'default';
  }
}

function locate(options: KubeConfigOptions, env: NodeJS.ProcessEnv, saDir: string): { source: KubeConfigSource; config: KubeConfig } {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw configError(`kubeconfig ${options.kubeconfig} does not exist`, 'check the path passed to --kubeconfig');
    }
    return { source: { kind: 'flag', files: [options.kubeconfig] }, config: parseFile(options.kubeconfig) };
  }
  if (env.KUBECONFIG) {
    // kubectl skips entries of the list that do not exist
    const files = env.KUBECONFIG.split(path.delimiter).filter((file) => file && existsSync(file));
    if (files.length === 0) {
      throw configError(`none of the files in KUBECONFIG exist (${env.KUBECONFIG})`, 'fix KUBECONFIG or pass --kubeconfig');
    }
    return { source: { kind: 'env', files }, config: mergeKubeConfigs(files.map(parseFile)) };
  }
  const home = env.HOME ?? homedir();
  const homeConfig = path.join(home, '.kube', 'config');
  if (existsSync(homeConfig)) {
    return { source: { kind: 'home', files: [homeConfig] }, config: parseFile(homeConfig) };
  }
  if (inClusterAvailable(env, saDir)) {
    return { source: { kind: 'in-cluster', files: [] }, config: loadInCluster(env, saDir) };
  }
  const embedded = options.fallback?.();
  if (embedded) {
    return { source: { kind: 'embedded', files: [embedded] }, config: parseFile(embedded) };
  }
  // client-node would silently talk to http://localhost:8080 here; kubectl says the same thing
  // in an error. We never guess a server.
  throw configError(
    'no cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config and not running in a pod',
    'point --kubeconfig at a cluster, or start the embedded one with `k8sdoc cluster up`',
  );
}

/** Resolves the kubeconfig exactly in kubectl's order, then applies --context. */
export function resolveKubeConfig(options: KubeConfigOptions = {}): ResolvedKubeConfig {
  const env = options.env ?? process.env;
  const saDir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const { source, config } = locate(options, env, saDir);

  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.contexts.map((c) => c.name).join(', ') || 'none';
      throw configError(`context "${options.context}" does not exist in the kubeconfig`, `known contexts: ${known}`);
    }
    config.setCurrentContext(options.context);
  }
  const contextName = config.getCurrentContext();
  if (!contextName) {
    throw configError('the kubeconfig has no current-context', 'pass --context NAME or run `kubectl config use-context NAME`');
  }
  const context = config.getContextObject(contextName);
  if (!context) {
    throw configError(`current-context "${contextName}" is not defined in the kubeconfig`, 'pass --context with a context the file defines');
  }
  const cluster = config.getCluster(context.cluster);
  if (!cluster) {
    throw configError(`context "${contextName}" names cluster "${context.cluster}", which the kubeconfig does not define`, 'fix the context or add the cluster');
  }
  if (!cluster.server) {
    throw configError(`cluster "${cluster.name}" has no server address`, 'set clusters[].cluster.server in the kubeconfig');
  }
  if (context.user && !config.getUser(context.user)) {
    throw configError(`context "${contextName}" names user "${context.user}", which the kubeconfig does not define`, 'fix the context or add the user');
  }
  return { config, source, context: contextName, namespace: context.namespace || 'default', server: cluster.server };
}
