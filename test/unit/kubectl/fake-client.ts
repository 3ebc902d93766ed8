import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { KubeClient, ListOptions, ListPage, ResourceRef, TablePage } from '../../../src/kube/client.js';
import { matchResource, parseAggregatedDiscovery } from '../../../src/kube/discovery.js';
import type { ApiResource } from '../../../src/kube/discovery.js';
import { ApiError, errorFromResponse } from '../../../src/kube/http.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FIXTURES } from '../../helpers/snapshot.js';

/**
 * The part of KubeClient the kubectl services use, over objects held in memory and the
 * discovery of a real v1.36 apiserver. Lists come in pages of `pageSize`; `fail` makes the
 * next matching call answer like the API server would.
 */
const discoveryDoc = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, 'discovery', name), 'utf8'));
export const DISCOVERY: ApiResource[] = [...(parseAggregatedDiscovery(discoveryDoc('aggregated-api.json')) ?? []), ...(parseAggregatedDiscovery(discoveryDoc('aggregated-apis.json')) ?? [])];

export function loadObjects(file: string): KubeObject[] {
  return (yaml.load(readFileSync(path.join(FIXTURES, file), 'utf8')) as { items: KubeObject[] }).items;
}

/** An error exactly as the transport makes it from an API answer. */
export function apiError(status: number, reason: string, message: string, extra: Record<string, unknown> = {}): ApiError {
  const body = Buffer.from(JSON.stringify({ kind: 'Status', status: 'Failure', code: status, reason, message, ...extra }));
  return errorFromResponse({ status, headers: {}, body }, 'list pods in namespace default', 'https://fake.test:6443');
}

export class FakeClient {
  readonly calls: string[] = [];
  failures: { when: (call: string) => boolean; error: ApiError; times: number }[] = [];

  constructor(
    readonly objects: KubeObject[],
    readonly pageSize = 500,
  ) {}

  get server(): string {
    return 'https://fake.test:6443';
  }

  asClient(): KubeClient {
    return this as unknown as KubeClient;
  }

  /** The next `times` calls that `when` matches fail with `error`. */
  fail(when: (call: string) => boolean, error: ApiError, times = Infinity): this {
    this.failures.push({ when, error, times });
    return this;
  }

  private record(call: string): void {
    this.calls.push(call);
    const failure = this.failures.find((f) => f.times > 0 && f.when(call));
    if (!failure) return;
    failure.times--;
    throw failure.error;
  }

  private matching(ref: ResourceRef, options: ListOptions): KubeObject[] {
    const kind = ref.kind ?? DISCOVERY.find((r) => r.group === ref.group && r.resource === ref.resource)?.kind;
    return this.objects.filter((o) => o.kind === kind && (options.namespace === undefined || o.metadata.namespace === options.namespace));
  }

  async resolveResource(name: string): Promise<ApiResource> {
    return matchResource(DISCOVERY, name);
  }

  async resources(): Promise<ApiResource[]> {
    return DISCOVERY;
  }

  async *listPages<T extends KubeObject>(ref: ResourceRef, options: ListOptions = {}): AsyncGenerator<ListPage<T>> {
    this.record(`list ${ref.resource} ${options.namespace ?? '*'} ${options.labelSelector ?? ''} ${options.fieldSelector ?? ''}`.trimEnd());
    const all = this.matching(ref, options);
    const size = options.limit ?? this.pageSize;
    for (let i = 0; i === 0 || i < all.length; i += size) {
      // list items come without apiVersion and kind, as from the API
      const items = all.slice(i, i + size).map(({ apiVersion: _a, kind: _k, ...rest }) => rest as T);
      yield { items, resourceVersion: '1' };
    }
  }

  async list<T extends KubeObject>(ref: ResourceRef, options: ListOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.listPages<T>(ref, options)) out.push(...page.items);
    return out;
  }

  async *tablePages(ref: ResourceRef, options: ListOptions = {}): AsyncGenerator<TablePage> {
    for await (const page of this.listPages(ref, options)) yield { columns: [], rows: page.items.map((object) => ({ cells: [], object })) };
  }

  async get<T extends KubeObject>(ref: ResourceRef, name: string, namespace?: string): Promise<T> {
    this.record(`get ${ref.resource} ${namespace ?? ''}/${name}`);
    const found = this.matching(ref, { namespace: ref.namespaced ? namespace : undefined }).find((o) => o.metadata.name === name);
    if (!found) throw apiError(404, 'NotFound', `${ref.resource} "${name}" not found`);
    return structuredClone(found) as T;
  }

  async find<T extends KubeObject>(ref: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.get<T>(ref, name, namespace);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async getTable(ref: ResourceRef, name: string, namespace?: string): Promise<TablePage> {
    const object = await this.get(ref, name, namespace);
    return { columns: [], rows: [{ cells: [], object }] };
  }

  /** An accepted eviction deletes the pod at once (a dry run changes nothing). */
  async evict(name: string, namespace: string, gracePeriodSeconds?: number, dryRun = false): Promise<void> {
    this.record(`evict ${namespace}/${name}${gracePeriodSeconds === undefined ? '' : ` grace=${gracePeriodSeconds}`}${dryRun ? ' dry-run' : ''}`);
    const index = this.objects.findIndex((o) => o.kind === 'Pod' && o.metadata.name === name && o.metadata.namespace === namespace);
    if (index === -1) throw apiError(404, 'NotFound', `pods "${name}" not found`);
    if (!dryRun) this.objects.splice(index, 1);
  }

  async patch<T extends KubeObject>(ref: ResourceRef, name: string, patch: unknown, namespace?: string): Promise<T> {
    this.record(`patch ${ref.resource} ${namespace ?? ''}/${name} ${JSON.stringify(patch)}`);
    return this.get<T>(ref, name, namespace);
  }
}
