import type { Node } from '../kube/types.js';

export interface SelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: SelectorRequirement[];
}

export interface NodeSelectorTerm {
  matchExpressions?: SelectorRequirement[];
  matchFields?: SelectorRequirement[];
}

/** The parts of spec.affinity the checks read. */
export interface Affinity {
  nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
  podAffinity?: unknown;
  podAntiAffinity?: unknown;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector;
  minDomains?: number;
}

function requirementMatches(requirement: SelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const [bound] = values;
      if (value === undefined || bound === undefined) return false;
      const [actual, limit] = [Number.parseInt(value, 10), Number.parseInt(bound, 10)];
      if (Number.isNaN(actual) || Number.isNaN(limit)) return false;
      return requirement.operator === 'Gt' ? actual > limit : actual < limit;
    }
    default:
      return false;
  }
}

/** Whether labels satisfy a LabelSelector; an empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const actual = labels ?? {};
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => actual[k] === v) &&
    (selector.matchExpressions ?? []).every((r) => requirementMatches(r, actual[r.key]))
  );
}

/** Whether a node satisfies one of the required node affinity terms (terms are ORed). */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  // an empty term matches no node (nodeaffinity.NewNodeSelector)
  return terms.some(
    (term) =>
      Boolean(term.matchExpressions?.length || term.matchFields?.length) &&
      (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels[r.key])) &&
      (term.matchFields ?? []).every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined)),
  );
}

export function formatRequirement(requirement: SelectorRequirement): string {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
    case 'Gt':
      return `${requirement.key} > ${values[0] ?? ''}`;
    case 'Lt':
      return `${requirement.key} < ${values[0] ?? ''}`;
    default:
      return `${requirement.key} ${requirement.operator.toLowerCase() === 'notin' ? 'notin' : 'in'} (${values.join(',')})`;
  }
}

/** A label selector as kubectl -l would take it: `app=web,tier in (a,b)`. */
export function formatLabelSelector(selector: LabelSelector | Record<string, string>): string {
  const isSelector = 'matchLabels' in selector || 'matchExpressions' in selector;
  const labels = (isSelector ? (selector as LabelSelector).matchLabels : (selector as Record<string, string>)) ?? {};
  const expressions = isSelector ? ((selector as LabelSelector).matchExpressions ?? []) : [];
  return [...Object.entries(labels).map(([k, v]) => `${k}=${v}`), ...expressions.map(formatRequirement)].join(',');
}

export function formatNodeSelectorTerm(term: NodeSelectorTerm): string {
  return [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])].map(formatRequirement).join(', ');
}
