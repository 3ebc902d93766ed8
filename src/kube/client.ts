import type { IncomingMessage } from 'node:http';
import { K8sdocError } from '../errors.js';
import type { ResolvedKubeConfig } from './config.js';
import { AGGREGATED_DISCOVERY_ACCEPT, matchResource, parseAggregatedDiscovery, parseResourceList } from './discovery.js';
import type { ApiResource } from './discovery.js';
import { ApiError, Transport, errorFromResponse } from './http.js';
import { R } from './resources.js';
import type { ApiRequest, TransportOptions } from './http.js';
import type { KubeList, KubeObject, KubeTable, TableColumnDefinition, TableRow } from './types.js';

/** The part of a resource needed to build its URL. */
export type ResourceRef = Pick<ApiResource, 'group' | 'version' | 'resource' | 'namespaced'> & { kind?: string };

export interface ListOptions {
  /** undefined lists across all namespaces */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** page size; the API server caps it */
  limit?: number;
}

export interface ListPage<T> {
  items: T[];
  resourceVersion: string | undefined;
}

export interface ObjectPath {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 500;

/** How many times one LIST resumes after 410 Gone before it gives up. */
const MAX_GONE_RECOVERIES = 3;

/** Asks for the server-side Table (the columns kubectl prints), falling back to the plain object. */
export const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** One page of a LIST in Table format; `columns` is empty when the server sent plain objects. */
export interface TablePage {
  columns: TableColumnDefinition[];
  rows: TableRow[];
}

function tableRows(page: KubeTable | KubeList): TableRow[] {
  if (page.kind === 'Table') return (page as KubeTable).rows ?? [];
  return ((page as KubeList).items ?? []).map((object) => ({ cells: [], object }));
}

export const DEFAULT_TRANSPORT: TransportOptions = { timeoutMs: 30_000, maxAttempts: 4, maxBackoffMs: 10_000 };

export interface VersionInfo {
  gitVersion: string;
  major: string;
  minor: string;
  platform?: string;
  goVersion?: string;
  buildDate?: string;
}

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string | undefined;
}

/** The one client every command and collector uses to reach the Kubernetes API. */
export class KubeClient {
  readonly transport: Transport;
  private discovered: Promise<ApiResource[]> | undefined;

  constructor(
    readonly resolved: ResolvedKubeConfig,
    transportOptions: Partial<TransportOptions> = {},
  ) {
    this.transport = new Transport(resolved.config, { ...DEFAULT_TRANSPORT, ...transportOptions });
  }

  get server(): string {
    return this.transport.server;
  }

  /** The namespace of the current context (kubectl's default for -n). */
  get defaultNamespace(): string {
    return this.resolved.namespace;
  }

  path(ref: ResourceRef, at: ObjectPath = {}): string {
    const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
    const ns = ref.namespaced && at.namespace ? `/namespaces/${encodeURIComponent(at.namespace)}` : '';
    const name = at.name ? `/${encodeURIComponent(at.name)}` : '';
    const sub = at.subresource ? `/${at.subresource}` : '';
    return `${base}${ns}/${ref.resource}${name}${sub}`;
  }

  async json<T>(request: ApiRequest): Promise<T> {
    const response = await this.transport.send(request);
    return JSON.parse(response.body.toString('utf8')) as T;
  }

  async text(request: ApiRequest): Promise<string> {
    const response = await this.transport.send({ accept: 'text/plain, */*', ...request });
    return response.body.toString('utf8');
  }

  /** A streaming response (logs -f, large downloads); the caller consumes and closes it. */
  async stream(request: ApiRequest): Promise<IncomingMessage> {
    const response = await this.transport.open(request);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    throw errorFromResponse({ status, headers: response.headers, body: Buffer.concat(chunks) }, request.what ?? request.path, this.server);
  }

  async version(): Promise<VersionInfo> {
    return this.json<VersionInfo>({ path: '/version', what: 'read the server version' });
  }

  /** Every resource the server serves, in the preferred version of each group; cached for the run. */
  async resources(): Promise<ApiResource[]> {
    this.discovered ??= this.discover();
    return this.discovered;
  }

  private async discover(): Promise<ApiResource[]> {
    const [core, groups] = await Promise.all(
      ['/api', '/apis'].map((path) => this.json<unknown>({ path, accept: AGGREGATED_DISCOVERY_ACCEPT, what: 'discover the API' })),
    );
    const aggregatedCore = parseAggregatedDiscovery(core);
    const aggregatedGroups = parseAggregatedDiscovery(groups);
    if (aggregatedCore && aggregatedGroups) return [...aggregatedCore, ...aggregatedGroups];
    // servers older than aggregated discovery: one request per group version
    const legacy = groups as { groups?: { preferredVersion?: { groupVersion: string } }[] };
    const paths = ['/api/v1', ...(legacy.groups ?? []).flatMap((g) => (g.preferredVersion ? [`/apis/${g.preferredVersion.groupVersion}`] : []))];
    const lists = await Promise.all(
      paths.map((path) =>
        this.json<unknown>({ path, what: 'discover the API' }).catch((error: unknown) => {
          // an unavailable aggregated API must not break discovery of everything else
          if (error instanceof ApiError && error.status >= 500) return { resources: [] };
          throw error;
        }),
      ),
    );
    return lists.flatMap(parseResourceList);
  }

  /** Resolves a type as kubectl accepts it: po, pods, pod, deployments.apps, Deployment. */
  async resolveResource(name: string): Promise<ApiResource> {
    return matchResource(await this.resources(), name);
  }

  async get<T extends KubeObject>(ref: ResourceRef, name: string, namespace?: string): Promise<T> {
    return this.json<T>({ path: this.path(ref, { namespace, name }), what: `get ${ref.resource} ${name}` });
  }

  /** GET that answers undefined for 404 instead of throwing. */
  async find<T extends KubeObject>(ref: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.get<T>(ref, name, namespace);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * LIST delivered page by page (limit + continue), so a caller never holds the whole
   * collection as raw JSON. An expired continue token (410 Gone) is resumed with the token the
   * server offers, or else the list starts over and already-delivered objects are skipped.
   */
  async *listPages<T extends KubeObject>(ref: ResourceRef, options: ListOptions = {}): AsyncGenerator<ListPage<T>> {
    yield* this.objectPages<T>(ref, options, undefined);
  }

  /**
   * LIST of the objects' metadata only (PartialObjectMetadataList: names, labels, annotations,
   * managedFields; no spec, no status), for scans that read nothing else.
   */
  async *metadataPages(ref: ResourceRef, options: ListOptions = {}): AsyncGenerator<ListPage<KubeObject>> {
    yield* this.objectPages<KubeObject>(ref, options, METADATA_ACCEPT);
  }

  private async *objectPages<T extends KubeObject>(ref: ResourceRef, options: ListOptions, accept: string | undefined): AsyncGenerator<ListPage<T>> {
    const pages = this.paginate<KubeList<T>, T>(ref, options, accept, (page) => page.items ?? [], (item) => item.metadata.uid);
    for await (const { page, items } of pages) yield { items, resourceVersion: page.metadata?.resourceVersion };
  }

  /**
   * LIST in the server's Table format (the columns kubectl prints), page by page. A server that
   * cannot print tables (some aggregated APIs) answers with a plain list: its objects come back
   * as rows without cells and `columns` is empty.
   */
  async *tablePages(ref: ResourceRef, options: ListOptions = {}): AsyncGenerator<TablePage> {
    const pages = this.paginate<KubeTable | KubeList, TableRow>(ref, options, TABLE_ACCEPT, tableRows, (row) => row.object?.metadata?.uid);
    for await (const { page, items } of pages) yield { columns: page.kind === 'Table' ? ((page as KubeTable).columnDefinitions ?? []) : [], rows: items };
  }

  /** One object in the server's Table format; see tablePages. */
  async getTable(ref: ResourceRef, name: string, namespace?: string): Promise<TablePage> {
    const page = await this.json<KubeTable | KubeObject>({ path: this.path(ref, { namespace, name }), accept: TABLE_ACCEPT, what: `get ${ref.resource} ${name}` });
    if (page.kind === 'Table') return { columns: (page as KubeTable).columnDefinitions ?? [], rows: (page as KubeTable).rows ?? [] };
    return { columns: [], rows: [{ cells: [], object: page as KubeObject }] };
  }

  private async *paginate<P extends { metadata?: KubeList['metadata'] }, I>(
    ref: ResourceRef,
    options: ListOptions,
    accept: string | undefined,
    itemsOf: (page: P) => I[],
    uidOf: (item: I) => string | undefined,
  ): AsyncGenerator<{ page: P; items: I[] }> {
    const delivered = new Set<string>();
    let token: string | undefined;
    let restarted = false;
    // a server that keeps answering 410 must not keep us listing forever
    let recoveries = 0;
    const path = this.path(ref, { namespace: options.namespace });
    const where = ref.namespaced ? (options.namespace ? ` in namespace ${options.namespace}` : ' in all namespaces') : '';
    for (;;) {
      let page: P;
      try {
        page = await this.json<P>({
          path,
          ...(accept ? { accept } : {}),
          query: { limit: options.limit ?? DEFAULT_PAGE_SIZE, continue: token, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
          what: `list ${ref.resource}${where}`,
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 410 && token !== undefined && recoveries < MAX_GONE_RECOVERIES) {
          recoveries++;
          token = error.continueToken;
          if (token === undefined) restarted = true;
          continue;
        }
        throw error;
      }
      const all = itemsOf(page);
      const items = restarted ? all.filter((item) => !delivered.has(uidOf(item) ?? '')) : all;
      for (const item of all) {
        const uid = uidOf(item);
        if (uid) delivered.add(uid);
      }
      yield { page, items };
      token = page.metadata?.continue || undefined;
      if (!token) return;
    }
  }

  /** The whole list, for collections known to be small (namespaces, storage classes...). */
  async list<T extends KubeObject>(ref: ResourceRef, options: ListOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.listPages<T>(ref, options)) out.push(...page.items);
    return out;
  }

  async create<T extends KubeObject>(ref: ResourceRef, body: KubeObject, namespace?: string): Promise<T> {
    return this.json<T>({ method: 'POST', path: this.path(ref, { namespace }), body, what: `create ${ref.resource} ${body.metadata.name}` });
  }

  async patch<T extends KubeObject>(ref: ResourceRef, name: string, patch: unknown, namespace?: string, subresource?: string): Promise<T> {
    return this.json<T>({
      method: 'PATCH',
      path: this.path(ref, { namespace, name, subresource }),
      body: patch,
      contentType: 'application/merge-patch+json',
      what: `patch ${ref.resource} ${name}`,
    });
  }

  /** Server-side apply: creates or updates the fields k8sdoc manages, idempotently. */
  async apply<T extends KubeObject>(ref: ResourceRef, body: KubeObject, fieldManager = 'k8sdoc'): Promise<T> {
    const name = body.metadata.name;
    return this.json<T>({
      method: 'PATCH',
      path: this.path(ref, { namespace: body.metadata.namespace, name }),
      query: { fieldManager, force: true },
      body,
      contentType: 'application/apply-patch+yaml',
      what: `apply ${ref.resource} ${name}`,
    });
  }

  async delete(ref: ResourceRef, name: string, namespace?: string, body?: unknown): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: this.path(ref, { namespace, name }), body, what: `delete ${ref.resource} ${name}` });
  }

  /**
   * Evicts a pod through the Eviction API (policy/v1), which honours PodDisruptionBudgets. A
   * budget that forbids it answers 429 (ApiError.status, the budget named in ApiError.causes).
   * A dry run asks the same question and evicts nothing.
   */
  async evict(name: string, namespace: string, gracePeriodSeconds?: number, dryRun = false): Promise<void> {
    await this.transport.send({
      method: 'POST',
      path: this.path(R.pods, { namespace, name, subresource: 'eviction' }),
      ...(dryRun ? { query: { dryRun: 'All' } } : {}),
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace },
        ...(gracePeriodSeconds === undefined ? {} : { deleteOptions: { gracePeriodSeconds } }),
      },
      what: `evict pod ${name} in namespace ${namespace}`,
    });
  }

  /** SelfSubjectAccessReview: may the current user do this? */
  async can(check: AccessCheck): Promise<boolean> {
    const review = await this.json<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: check } },
      what: 'check permissions',
    });
    return review.status?.allowed === true;
  }

  close(): void {
    this.transport.close();
  }
}

/** Thrown by commands that need a namespace-scoped object when none applies. */
export function notFound(kind: string, name: string, namespace?: string): K8sdocError {
  const where = namespace ? ` in namespace ${namespace}` : '';
  // a node or another cluster-scoped object has no namespace to check
  return new K8sdocError('not-found', `${kind} "${name}" not found${where}`, { exit: 'notFound', hint: namespace ? 'check the name and the namespace (-n)' : 'check the name' });
}
