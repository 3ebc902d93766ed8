import { describe, expect, it } from 'vitest';
import { podEvicted } from '../../../../checks/workloads/pod-evicted.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { fixture } from './load.js';

describe('pod-evicted', () => {
  const findings = runCheck(podEvicted, fixture('pod-evicted/evicted.yaml'));

  it('groups the evicted pods of a workload into one finding with the node pressure', () => {
    const worker = findings.find((f) => f.owner?.name === 'worker');
    expect(worker).toMatchObject({
      checkId: 'pod-evicted',
      severity: 'warning',
      object: { kind: 'Pod', name: 'worker-58d9c7b6f-g5h6i', namespace: 'jobs' },
      owner: { kind: 'Deployment', name: 'worker', namespace: 'jobs' },
    });
    expect(worker?.objects?.map((o) => o.name)).toEqual(['worker-58d9c7b6f-g5h6i', 'worker-58d9c7b6f-d3e4f', 'worker-58d9c7b6f-a1b2c']);
    expect(worker?.message).toBe('3 pods of Deployment worker were evicted by the kubelet under MemoryPressure');
    expect(worker?.evidence).toContain('node kwok-node-1: 3 evicted (MemoryPressure now False)');
    expect(worker?.evidence).toContain('3 of them BestEffort (no requests): evicted first');
    expect(worker?.remediation).toContain('kubectl delete pods -n jobs --field-selector=status.phase=Failed');
  });

  it('reports a standalone pod on its own, with the disk pressure still on', () => {
    const scratch = findings.find((f) => f.object.name === 'scratch');
    expect(scratch?.message).toBe('pod was evicted by the kubelet under DiskPressure');
    expect(scratch?.evidence).toContain('node kwok-node-0: 1 evicted (DiskPressure still True)');
  });

  it('does not report running pods', () => {
    expect(findings).toHaveLength(2);
  });
});
