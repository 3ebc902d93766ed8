import { describe, expect, it } from 'vitest';
import type { Node } from '../../../../../src/kube/types.js';
import { formatLabelSelector, matchesLabelSelector, matchesNodeSelectorTerms } from '../../../../../src/workload/selectors.js';

const node = (name: string, labels: Record<string, string>): Node => ({ metadata: { name, labels } });

describe('selectors', () => {
  it('matches label selectors with expressions; an absent selector matches nothing', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'edge' })).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'edge', canary: 'true' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'back' })).toBe(false);
    expect(matchesLabelSelector({}, { any: 'thing' })).toBe(true);
    expect(matchesLabelSelector(undefined, { any: 'thing' })).toBe(false);
  });

  it('ORs node selector terms and ANDs their expressions, with Gt/Lt and metadata.name fields', () => {
    const terms = [
      { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }, { key: 'zone', operator: 'NotIn', values: ['zone-c'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['special'] }] },
    ];
    expect(matchesNodeSelectorTerms(terms, node('big', { cores: '16', zone: 'zone-a' }))).toBe(true);
    expect(matchesNodeSelectorTerms(terms, node('big-c', { cores: '16', zone: 'zone-c' }))).toBe(false);
    expect(matchesNodeSelectorTerms(terms, node('small', { cores: '4' }))).toBe(false);
    expect(matchesNodeSelectorTerms(terms, node('special', {}))).toBe(true);
    expect(matchesNodeSelectorTerms([{}], node('any', {}))).toBe(false);
  });

  it('writes selectors as kubectl -l takes them', () => {
    expect(formatLabelSelector({ app: 'web', tier: 'front' })).toBe('app=web,tier=front');
    expect(formatLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }] })).toBe('app=web,tier notin (a,b),x');
  });
});
