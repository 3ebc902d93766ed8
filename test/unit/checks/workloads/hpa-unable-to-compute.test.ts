import { describe, expect, it } from 'vitest';
import { hpaUnableToCompute } from '../../../../checks/workloads/hpa-unable-to-compute.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(hpaUnableToCompute, 'hpa-unable-to-compute/hpa.yaml');

describe('hpa-unable-to-compute', () => {
  it("names the target's container without a cpu request", () => {
    const finding = findings().get('worker');
    expect(finding).toMatchObject({ severity: 'warning', object: { kind: 'HorizontalPodAutoscaler', name: 'worker' }, owner: { kind: 'Deployment', name: 'worker', namespace: 'jobs' } });
    expect(finding?.message).toBe('cannot scale Deployment worker: container worker of Deployment worker set no cpu request, so cpu utilization cannot be computed');
    expect(finding?.remediation).toContain('resources.requests.cpu');
  });

  it('says when the resource metrics API is missing', () => {
    const finding = findings().get('web');
    expect(finding?.message).toBe('cannot scale Deployment web: the resource metrics API (metrics-server) is not available');
    expect(finding?.remediation).toContain('Install metrics-server');
  });

  it('ignores working HPAs and targets scaled to zero', () => {
    expect(findings().has('api')).toBe(false);
    expect(findings().has('idle')).toBe(false);
  });
});
