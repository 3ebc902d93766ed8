import { describe, expect, it } from 'vitest';
import { nodeAllocatableExhausted } from '../../../../checks/workloads/node-allocatable-exhausted.js';
import { findingsByName } from './load.js';

describe('node-allocatable-exhausted', () => {
  it('reports the share of allocatable requested and the largest requests, not counting finished pods', () => {
    const findings = findingsByName(nodeAllocatableExhausted, 'node-allocatable-exhausted/allocatable.yaml');
    expect([...findings.keys()]).toEqual(['worker-1']);
    const finding = findings.get('worker-1');
    expect(finding?.message).toBe('has 95% of its cpu requested: new pods will not fit');
    expect(finding?.evidence).toEqual(['cpu requests 1.9 of 2 allocatable (95%)', 'shop/search-0 requests cpu 1.2', 'shop/api-0 requests cpu 700m']);
  });
});
