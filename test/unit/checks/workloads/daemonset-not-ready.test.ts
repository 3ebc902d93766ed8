import { describe, expect, it } from 'vitest';
import { daemonSetNotReady } from '../../../../checks/workloads/daemonset-not-ready.js';
import { findingsByName } from './load.js';

describe('daemonset-not-ready', () => {
  it('names the nodes without a ready pod and why', () => {
    const findings = findingsByName(daemonSetNotReady, 'daemonset-not-ready/daemonset.yaml');
    expect([...findings.keys()]).toEqual(['node-exporter']);
    const finding = findings.get('node-exporter');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('has 2 of 3 pods ready: ImagePullBackOff (container node-exporter: Back-off pulling image "quay.io/prometheus/node-exporter:v1.8.2")');
    expect(finding?.evidence).toContain('nodes without a ready pod: kwok-node-2');
  });
});
