import { describe, expect, it } from 'vitest';
import { podStuckTerminating } from '../../../../checks/workloads/pod-stuck-terminating.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(podStuckTerminating, 'pod-stuck-terminating/terminating.yaml');

describe('pod-stuck-terminating', () => {
  it('names the finalizer that holds the pod', () => {
    const finding = findings().get('uploader');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('stuck Terminating for 119m past its grace period: finalizer media.example.com/flush-uploads not removed');
    expect(finding?.evidence).toContain('node kwok-node-0 is Ready');
  });

  it('explains a pod on a node that stopped reporting, and how to force it safely', () => {
    const finding = findings().get('legacy-0');
    expect(finding?.owner).toEqual({ kind: 'StatefulSet', name: 'legacy', namespace: 'media' });
    expect(finding?.message).toContain('the kubelet on kwok-node-2 cannot confirm the containers stopped');
    expect(finding?.evidence).toContain('node kwok-node-2 is Unknown (kubelet not reporting)');
    expect(finding?.remediation).toContain('--force --grace-period=0');
  });

  it('leaves a pod within its grace period alone', () => {
    expect(findings().has('leaving')).toBe(false);
  });
});
