import { describe, expect, it } from 'vitest';
import { podRestartsClimbing } from '../../../../checks/workloads/pod-restarts-climbing.js';
import { findingsByName } from './load.js';

describe('pod-restarts-climbing', () => {
  it('warns at the restart threshold with the last exit explained, leaving crash loops and OOM kills to their checks', () => {
    const findings = findingsByName(podRestartsClimbing, 'pod-restarts-climbing/restarts.yaml');
    expect([...findings.keys()]).toEqual(['gateway-7xq2c']);
    const finding = findings.get('gateway-7xq2c');
    expect(finding).toMatchObject({ severity: 'warning', owner: { kind: 'DaemonSet', name: 'gateway', namespace: 'edge' } });
    expect(finding?.message).toBe('container envoy has restarted 7 times; last exit code 143 (terminated with SIGTERM: stopped from outside by a liveness probe, an eviction or a deletion)');
    expect(finding?.evidence).toContain('restartCount 7 (threshold 5)');
    expect(finding?.evidence).toContain('running again for 120m');
  });
});
