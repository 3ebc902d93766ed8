import { messageOf } from '../errors.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import type { ProgressListener } from '../engine/progress.js';
import { describeMissing } from '../engine/run.js';
import type { Extra, MissingInput, Snapshot } from '../engine/types.js';
import { ExtraUnavailable, extraProviders } from './extras.js';
import type { CollectClient, ExtraContext, ExtraProviders } from './extras.js';
import { LABEL_SELECTED, listNamespace, listPermission } from './plan.js';
import type { CollectPlan } from './plan.js';
import { mapLimit } from './pool.js';
import { trimObject } from './trim.js';

export interface CollectOptions extends CollectPlan {
  /** undefined: all namespaces */
  namespace: string | undefined;
  /** -l: narrows pods and workloads */
  labelSelector?: string | undefined;
  active?: boolean | undefined;
  /** kinds listed at the same time */
  concurrency?: number | undefined;
  onProgress?: ProgressListener | undefined;
  /** defaults to the registered providers */
  providers?: ExtraProviders | undefined;
}

export const DEFAULT_CONCURRENCY = 4;

/** Errors that mean the cluster is gone, not that one input is unavailable: the run stops. */
function isFatal(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 401;
}

/**
 * Asks before listing (SelfSubjectAccessReview), so a forbidden kind is reported as the
 * permission it lacks. An authorizer that cannot answer falls through to the LIST itself,
 * whose 403 says the same.
 */
async function mayList(client: CollectClient, resource: KnownResource, namespace: string | undefined): Promise<boolean> {
  const ref = R[resource];
  try {
    return await client.can({ verb: 'list', group: ref.group, resource: ref.resource, namespace: listNamespace(resource, namespace) });
  } catch (error) {
    if (isFatal(error)) throw error;
    return true;
  }
}

async function listResource(
  client: CollectClient,
  resource: KnownResource,
  options: CollectOptions,
): Promise<{ items: KubeObject[] } | { missing: MissingInput }> {
  const permission = listPermission(resource, options.namespace);
  const started = Date.now();
  options.onProgress?.({ type: 'input', input: resource, state: 'started' });
  const missing = (reason: string, forbidden: boolean): { missing: MissingInput } => {
    const input: MissingInput = { input: resource, permission: forbidden ? permission : '', reason };
    options.onProgress?.({ type: 'input', input: resource, state: 'missing', reason: forbidden ? describeMissing(input) : reason });
    return { missing: input };
  };
  if (!(await mayList(client, resource, options.namespace))) return missing('forbidden by RBAC', true);
  const items: KubeObject[] = [];
  try {
    const pages = client.listPages(R[resource], {
      namespace: listNamespace(resource, options.namespace),
      labelSelector: LABEL_SELECTED.includes(resource) ? options.labelSelector : undefined,
    });
    for await (const page of pages) {
      for (const item of page.items) items.push(trimObject(resource, item));
      options.onProgress?.({ type: 'input', input: resource, state: 'listing', count: items.length });
    }
  } catch (error) {
    if (isFatal(error)) throw error;
    const status = (error as ApiError).status;
    if (status === 403) return missing('forbidden by RBAC', true);
    if (status === 404) return missing(`the API server does not serve ${R[resource].resource} (${R[resource].group || 'core'}/${R[resource].version})`, false);
    return missing(messageOf(error), false);
  }
  options.onProgress?.({ type: 'input', input: resource, state: 'done', count: items.length, ms: Date.now() - started });
  return { items };
}

async function collectExtra(extra: Extra, context: ExtraContext, options: CollectOptions): Promise<{ value: unknown } | { missing: MissingInput }> {
  const providers = options.providers ?? extraProviders();
  const provider = providers[extra];
  const started = Date.now();
  const missing = (reason: string, permission = ''): { missing: MissingInput } => {
    const input: MissingInput = { input: extra, permission, reason };
    options.onProgress?.({ type: 'input', input: extra, state: 'missing', reason: permission ? describeMissing(input) : reason });
    return { missing: input };
  };
  if (!provider) return missing('this k8sdoc has no collector for it yet');
  options.onProgress?.({ type: 'input', input: extra, state: 'started' });
  try {
    const value = await provider.collect(context);
    options.onProgress?.({ type: 'input', input: extra, state: 'done', ms: Date.now() - started });
    return { value };
  } catch (error) {
    if (error instanceof ExtraUnavailable) return missing(error.message);
    if (error instanceof ApiError && error.status === 401) throw error;
    if (error instanceof ApiError && error.status === 403) return missing('forbidden by RBAC', provider.permission(context));
    // anything else loses this one input, not the run
    return missing(messageOf(error));
  }
}

/**
 * Collects what the selected checks need: each kind LISTed once, page by page, a few kinds at a
 * time, trimmed as pages arrive; then the extras. What is forbidden or failing goes to
 * `missing`, and the run goes on without it.
 */
export async function collect(client: CollectClient, options: CollectOptions): Promise<Snapshot> {
  const resources: Snapshot['resources'] = {};
  const missing: MissingInput[] = [];
  const listed = await mapLimit(options.resources, options.concurrency ?? DEFAULT_CONCURRENCY, (resource) => listResource(client, resource, options));
  options.resources.forEach((resource, index) => {
    const result = listed[index];
    if (!result) return;
    if ('items' in result) resources[resource] = result.items;
    else missing.push(result.missing);
  });

  const context: ExtraContext = { client, namespace: options.namespace, resources, active: options.active ?? false };
  const extras: Record<string, unknown> = {};
  const gathered = await Promise.all(options.extras.map((extra) => collectExtra(extra, context, options)));
  options.extras.forEach((extra, index) => {
    const result = gathered[index];
    if (!result) return;
    if ('value' in result) extras[extra] = result.value;
    else missing.push(result.missing);
  });

  return {
    format: 1,
    collectedAt: new Date().toISOString(),
    source: client.server,
    namespace: options.namespace,
    resources,
    extras: extras as Snapshot['extras'],
    missing,
  };
}
