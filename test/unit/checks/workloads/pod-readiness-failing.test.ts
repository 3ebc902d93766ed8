import { describe, expect, it } from 'vitest';
import { podReadinessFailing } from '../../../../checks/workloads/pod-readiness-failing.js';
import { findingsByName } from './load.js';

describe('pod-readiness-failing', () => {
  it('reports a running pod whose readiness probe keeps failing, with the probe and its events', () => {
    const findings = findingsByName(podReadinessFailing, 'pod-readiness-failing/readiness.yaml');
    // cart is ready and warming is within its start-up time
    expect([...findings.keys()]).toEqual(['orders-5b9c7d8f6-t2v4x']);
    const finding = findings.get('orders-5b9c7d8f6-t2v4x');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('is Running but not Ready: container orders fails its readiness probe');
    expect(finding?.evidence).toContain('container orders readinessProbe: GET /ready on port http, every 5s, timeout 2s, failureThreshold 3');
    expect(finding?.evidence.join('\n')).toContain('Warning Unhealthy (x710 over 59m, last 5s ago): Readiness probe failed: HTTP probe failed with statuscode: 503');
  });
});
