import { usageError } from '../errors.js';

/** One API resource as discovery describes it (the preferred version of its group). */
export interface ApiResource {
  group: string;
  version: string;
  /** plural name used in URLs: pods, deployments */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
}

export const AGGREGATED_DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface AggregatedResource {
  resource: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface AggregatedList {
  kind?: string;
  items?: { metadata?: { name?: string }; versions?: { version: string; resources?: AggregatedResource[] }[] }[];
}

/** Reads an aggregated discovery document (APIGroupDiscoveryList); the first version listed is the preferred one. */
export function parseAggregatedDiscovery(doc: unknown): ApiResource[] | undefined {
  const list = doc as AggregatedList;
  if (!list || list.kind !== 'APIGroupDiscoveryList' || !Array.isArray(list.items)) return undefined;
  const out: ApiResource[] = [];
  for (const item of list.items) {
    const group = item.metadata?.name ?? '';
    const preferred = item.versions?.[0];
    if (!preferred) continue;
    for (const r of preferred.resources ?? []) {
      out.push({
        group,
        version: preferred.version,
        resource: r.resource,
        singular: r.singularResource ?? '',
        kind: r.responseKind?.kind ?? '',
        namespaced: r.scope === 'Namespaced',
        shortNames: r.shortNames ?? [],
        verbs: r.verbs ?? [],
        categories: r.categories ?? [],
      });
    }
  }
  return out;
}

interface LegacyResourceList {
  groupVersion?: string;
  resources?: { name: string; singularName?: string; namespaced?: boolean; kind?: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
}

/** Reads one APIResourceList (legacy discovery), skipping subresources such as pods/log. */
export function parseResourceList(doc: unknown): ApiResource[] {
  const list = doc as LegacyResourceList;
  const groupVersion = list.groupVersion ?? 'v1';
  const [group, version] = groupVersion.includes('/') ? (groupVersion.split('/') as [string, string]) : ['', groupVersion];
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      group,
      version,
      resource: r.name,
      singular: r.singularName || (r.kind ?? '').toLowerCase(),
      kind: r.kind ?? '',
      namespaced: Boolean(r.namespaced),
      shortNames: r.shortNames ?? [],
      verbs: r.verbs ?? [],
      categories: r.categories ?? [],
    }));
}

interface ParsedName {
  name: string;
  group: string | undefined;
  version: string | undefined;
}

/** Splits `deployments.v1.apps`, `deployments.apps`, `deploy` into name, version and group. */
export function parseResourceName(input: string): ParsedName {
  const [name = '', ...rest] = input.trim().toLowerCase().split('.');
  if (rest.length === 0) return { name, group: undefined, version: undefined };
  if (/^v\d+((alpha|beta)\d+)?$/.test(rest[0] ?? '')) {
    return { name, version: rest[0], group: rest.slice(1).join('.') };
  }
  return { name, group: rest.join('.'), version: undefined };
}

/**
 * Finds the resource a user means, the way kubectl does: plural, singular, short name or kind,
 * optionally qualified with a group (and version). When several groups serve the name, the
 * first in discovery order wins (the core group first, then the server's priority order).
 */
export function matchResource(resources: ApiResource[], input: string): ApiResource {
  const parsed = parseResourceName(input);
  const names = (r: ApiResource): string[] => [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames.map((s) => s.toLowerCase())];
  const candidates = resources.filter(
    (r) =>
      names(r).includes(parsed.name) &&
      (parsed.group === undefined || r.group === parsed.group) &&
      (parsed.version === undefined || r.version === parsed.version),
  );
  const exact = candidates.find((r) => r.resource === parsed.name) ?? candidates[0];
  if (!exact) {
    throw usageError(`the server doesn't have a resource type "${input}"`, 'list the types with `k8sdoc api-resources`');
  }
  return exact;
}

/** kubectl's qualified name for a resource, e.g. deployments.apps. */
export function qualifiedName(r: Pick<ApiResource, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
