import { Readable } from 'node:stream';
import type { CollectClient } from '../../../src/collect/extras.js';
import type { AccessCheck, ListOptions, ResourceRef } from '../../../src/kube/client.js';
import type { ApiRequest } from '../../../src/kube/http.js';
import { ApiError } from '../../../src/kube/http.js';
import type { KnownResource } from '../../../src/kube/resources.js';
import type { KubeObject } from '../../../src/kube/types.js';
import type { Snapshot } from '../../../src/engine/types.js';

export interface FakeClusterOptions {
  /** `list <resource>` permissions denied, as "resource" or "resource@namespace" */
  deny?: string[];
  /** objects per page */
  pageSize?: number;
  /** resources whose LIST answers this HTTP status */
  failing?: Partial<Record<KnownResource, number>>;
  /** `ns/pod/container` → previous log text */
  logs?: Record<string, string>;
  readyz?: { status: number; body: string };
}

/**
 * A cluster behind the collector's client interface, serving a fixture snapshot: enough to
 * test what the collector asks for and what it keeps, without a server.
 */
export class FakeCluster {
  readonly server = 'https://fake.cluster:6443';
  readonly lists: { resource: string; namespace: string | undefined; labelSelector: string | undefined; pages: number }[] = [];
  readonly reviews: AccessCheck[] = [];
  readonly requests: string[] = [];

  constructor(
    private readonly snapshot: Snapshot,
    private readonly options: FakeClusterOptions = {},
  ) {}

  get client(): CollectClient {
    return this as unknown as CollectClient;
  }

  path(ref: ResourceRef, at: { namespace?: string; name?: string; subresource?: string } = {}): string {
    const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
    return `${base}${at.namespace ? `/namespaces/${at.namespace}` : ''}/${ref.resource}${at.name ? `/${at.name}` : ''}${at.subresource ? `/${at.subresource}` : ''}`;
  }

  async can(check: AccessCheck): Promise<boolean> {
    this.reviews.push(check);
    const deny = this.options.deny ?? [];
    return !deny.includes(check.resource) && !deny.includes(`${check.resource}@${check.namespace ?? ''}`);
  }

  async *listPages(ref: ResourceRef & { resource: string }, options: ListOptions = {}): AsyncGenerator<{ items: KubeObject[]; resourceVersion: string }> {
    const resource = ref.resource as KnownResource;
    const record = { resource, namespace: options.namespace, labelSelector: options.labelSelector, pages: 0 };
    this.lists.push(record);
    const status = this.options.failing?.[resource];
    if (status) throw new ApiError('x', `HTTP ${status}`, status, 'cluster', undefined, undefined);
    const selector = options.labelSelector?.split('=');
    const items = (this.snapshot.resources[resource] ?? []).filter(
      (o) => (options.namespace === undefined || o.metadata.namespace === options.namespace) && (!selector || o.metadata.labels?.[selector[0] ?? ''] === selector[1]),
    );
    const size = this.options.pageSize ?? 2;
    for (let start = 0; start === 0 || start < items.length; start += size) {
      record.pages++;
      // a fresh copy per page, as JSON off the wire would be
      yield { items: structuredClone(items.slice(start, start + size)), resourceVersion: '1' };
    }
  }

  async version(): Promise<{ gitVersion: string; major: string; minor: string }> {
    this.requests.push('/version');
    return { gitVersion: 'v1.33.1', major: '1', minor: '33' };
  }

  async text(request: ApiRequest): Promise<string> {
    this.requests.push(`${request.path}${request.query?.container ? `?container=${request.query.container}` : ''}`);
    const log = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(request.path);
    if (log) {
      const text = this.options.logs?.[`${log[1]}/${log[2]}/${String(request.query?.container)}`];
      if (text === undefined) throw new ApiError('x', 'the kubelet is unreachable', 502, 'cluster', undefined, undefined);
      return text;
    }
    if (request.path === '/metrics') return 'apiserver_request_total{code="200"} 10\n';
    throw new ApiError('not-found', `not found: ${request.path}`, 404, 'notFound', undefined, undefined);
  }

  readonly transport = {
    open: async (request: ApiRequest) => {
      this.requests.push(request.path);
      const answer = request.path === '/readyz' ? (this.options.readyz ?? { status: 200, body: 'ok' }) : { status: 200, body: 'ok' };
      return Object.assign(Readable.from([Buffer.from(answer.body)]), { statusCode: answer.status });
    },
  };
}
