import { describe, expect, it } from 'vitest';
import { podStuckCreating } from '../../../../checks/workloads/pod-stuck-creating.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(podStuckCreating, 'pod-stuck-creating/stuck-creating.yaml');

describe('pod-stuck-creating', () => {
  it('names the ConfigMap volume that cannot be mounted', () => {
    const finding = findings().get('frontend-6c5d8b7f9-h7j6k');
    expect(finding).toMatchObject({ severity: 'error', owner: { kind: 'Deployment', name: 'frontend', namespace: 'web' } });
    expect(finding?.message).toBe('stuck in ContainerCreating for 25m on node kwok-node-1: a volume cannot be mounted (volume config: ConfigMap frontend-config does not exist)');
    expect(finding?.evidence.join('\n')).toContain('Warning FailedMount (x20 over 24m, last 2m ago): MountVolume.SetUp failed for volume "config"');
  });

  it('points at the CNI plugin when the sandbox cannot be created', () => {
    const finding = findings().get('ledger-0');
    expect(finding?.message).toContain('the pod sandbox cannot be created (container runtime or CNI network plugin failing)');
    expect(finding?.evidence.join('\n')).toContain('plugin type="calico" failed (add)');
    expect(finding?.remediation).toContain('Check the CNI plugin pods and the container runtime on kwok-node-0');
  });

  it('gives a pod that just started time to pull its image', () => {
    expect(findings().has('starting')).toBe(false);
  });
});
