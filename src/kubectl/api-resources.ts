import type { ApiResource } from '../kube/discovery.js';
import { qualifiedName } from '../kube/discovery.js';
import { TABLE_LAYOUT, Tabwriter } from './table.js';

export interface ApiResourcesOptions {
  /** only namespaced (true) or cluster-scoped (false) types */
  namespaced?: boolean | undefined;
  apiGroup?: string | undefined;
  /** only types that support all of these verbs */
  verbs?: string[] | undefined;
  sortBy?: 'name' | 'kind' | undefined;
  output?: 'table' | 'wide' | 'name' | undefined;
  noHeaders?: boolean | undefined;
}

/** The types `kubectl api-resources` would list, in its order: by group (or --sort-by), then name. */
export function selectApiResources(resources: ApiResource[], options: ApiResourcesOptions = {}): ApiResource[] {
  const key = (r: ApiResource): string => (options.sortBy === 'name' ? r.resource : options.sortBy === 'kind' ? r.kind : r.group);
  return resources
    .filter(
      (r) =>
        r.verbs.length > 0 &&
        (options.apiGroup === undefined || r.group === options.apiGroup) &&
        (options.namespaced === undefined || r.namespaced === options.namespaced) &&
        (options.verbs ?? []).every((verb) => r.verbs.includes(verb)),
    )
    .sort((a, b) => compare(key(a), key(b)) || compare(a.resource, b.resource));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** NAME SHORTNAMES APIVERSION NAMESPACED KIND (+ VERBS CATEGORIES with -o wide), or names. */
export function renderApiResources(resources: ApiResource[], options: ApiResourcesOptions = {}): string {
  const selected = selectApiResources(resources, options);
  if (options.output === 'name') return selected.map((r) => `${qualifiedName(r)}\n`).join('');
  const wide = options.output === 'wide';
  const rows: string[][] = [];
  if (!options.noHeaders) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const r of selected) {
    rows.push([
      r.resource,
      r.shortNames.join(','),
      r.group ? `${r.group}/${r.version}` : r.version,
      String(r.namespaced),
      r.kind,
      ...(wide ? [r.verbs.join(','), r.categories.join(',')] : []),
    ]);
  }
  return new Tabwriter(TABLE_LAYOUT).format(rows);
}
