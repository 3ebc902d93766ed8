import { describe, expect, it } from 'vitest';
import { podSchedulingGated } from '../../../../checks/workloads/pod-scheduling-gated.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { fixture } from './load.js';

describe('pod-scheduling-gated', () => {
  it('names the gate that keeps the pod from the scheduler, and only that pod', () => {
    const findings = runCheck(podSchedulingGated, fixture('pod-scheduling-gated/gated.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      checkId: 'pod-scheduling-gated',
      severity: 'warning',
      object: { kind: 'Pod', name: 'nightly-etl-x7k2p', namespace: 'batch' },
      owner: { kind: 'Job', name: 'nightly-etl' },
    });
    expect(findings[0]?.message).toContain('kueue.x-k8s.io/admission');
    expect(findings[0]?.evidence).toContain('Pending for 120m');
  });
});
