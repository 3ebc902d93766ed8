import { describe, expect, it } from 'vitest';
import { replicaSetFailedCreate } from '../../../../checks/workloads/replicaset-failed-create.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(replicaSetFailedCreate, 'replicaset-failed-create/failed-create.yaml');

describe('replicaset-failed-create', () => {
  it('names the exhausted quota and the owning Deployment', () => {
    const finding = findings().get('batch-api-5d8f7c9b6');
    expect(finding).toMatchObject({ severity: 'error', owner: { kind: 'Deployment', name: 'batch-api', namespace: 'shop' } });
    expect(finding?.message).toBe('cannot create pods (1 of 2 exist): ResourceQuota compute is exhausted');
  });

  it('names the admission webhook that denies the pods', () => {
    const finding = findings().get('signup-6d7c8b9a5');
    expect(finding?.message).toBe('cannot create pods (0 of 1 exist): admission webhook validate.policy.example.com denied the pods');
    expect(finding?.evidence.join('\n')).toContain('must set resources.limits.memory');
  });

  it('ignores a ReplicaSet that has caught up despite old events', () => {
    expect(findings().has('recovered-55d6c7b8a')).toBe(false);
  });
});
