import { describe, expect, it } from 'vitest';
import { nodePressure } from '../../../../checks/workloads/node-pressure.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { fixture } from './load.js';

describe('node-pressure', () => {
  it('reports the kubelet pressure conditions with their taint and evictions, not vendor conditions', () => {
    const findings = runCheck(nodePressure, fixture('node-pressure/pressure.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', object: { kind: 'Node', name: 'worker-1' }, message: 'has DiskPressure: disk space or inodes are running out' });
    expect(findings[0]?.evidence).toEqual([
      'condition DiskPressure=True (KubeletHasDiskPressure) for 40m: kubelet has disk pressure',
      'taint node.kubernetes.io/disk-pressure:NoSchedule: new pods stay off this node',
      '1 pod(s) evicted from it',
    ]);
  });
});
