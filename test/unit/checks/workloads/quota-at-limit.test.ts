import { describe, expect, it } from 'vitest';
import { quotaAtLimit } from '../../../../checks/workloads/quota-at-limit.js';
import { findingsByName } from './load.js';

describe('quota-at-limit', () => {
  const findings = findingsByName(quotaAtLimit, 'quota-at-limit/quota.yaml');

  it('names the resource at its limit and the workload it blocks', () => {
    const finding = findings.get('compute');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'ResourceQuota', name: 'compute', namespace: 'shop' } });
    expect(finding?.message).toBe('is at its limit for requests.cpu: it blocks ReplicaSet batch-api-5d8f7c9b6 (Deployment batch-api)');
    expect(finding?.evidence[0]).toBe('requests.cpu: used 4 of 4 hard (100%)');
    expect(finding?.evidence[1]).toContain('ReplicaSet batch-api-5d8f7c9b6: Warning FailedCreate (x12 over 10m, last 2m ago)');
  });

  it('ignores quotas with room and hard limits of zero', () => {
    expect(findings.has('objects')).toBe(false);
    expect(findings.has('policy')).toBe(false);
  });
});
