import { describe, expect, it } from 'vitest';
import { deploymentUnavailable } from '../../../../checks/workloads/deployment-unavailable.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(deploymentUnavailable, 'deployment-unavailable/unavailable.yaml');

describe('deployment-unavailable', () => {
  it("names the pods' problem: Pending on the scheduler's reason", () => {
    const finding = findings().get('api');
    expect(finding).toMatchObject({ checkId: 'deployment-unavailable', severity: 'error', object: { kind: 'Deployment', name: 'api', namespace: 'shop' } });
    // a Deployment is the top of its chain: nothing owns it
    expect(finding?.owner).toBeUndefined();
    expect(finding?.message).toBe(
      'has 0 of 2 replicas available: Pending: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu',
    );
    expect(finding?.evidence).toContain('replicas: 2 desired, 2 updated, 0 ready, 0 available');
    expect(finding?.evidence.join('\n')).toContain('2 pods Pending: 0/3 nodes are available');
  });

  it('falls back to the ReplicaSet FailedCreate cause when no pod exists', () => {
    const finding = findings().get('batch-api');
    expect(finding?.message).toBe('has 0 of 1 replicas available: pods cannot be created: ResourceQuota compute is exhausted');
    expect(finding?.evidence.join('\n')).toContain('ReplicaSet batch-api-5d8f7c9b6: Warning FailedCreate (x12 over 10m, last 2m ago)');
    expect(finding?.remediation).toContain("Raise the quota's hard limits");
  });

  it('leaves available deployments alone', () => {
    expect(findings().has('web')).toBe(false);
  });
});
