import { describe, expect, it } from 'vitest';
import { nodeNotReady } from '../../../../checks/workloads/node-not-ready.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(nodeNotReady, 'node-not-ready/nodes.yaml');

describe('node-not-ready', () => {
  it('reports an Unknown node with its Lease age, taints and stranded pods', () => {
    const finding = findings().get('worker-2');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'Node', name: 'worker-2' } });
    expect(finding?.message).toBe('status is Unknown for 11m: the kubelet stopped reporting (Lease last renewed 12m ago)');
    expect(finding?.evidence).toEqual(
      expect.arrayContaining([
        'Lease kube-node-lease/worker-2 last renewed 12m ago (kubelet renews it every 10s)',
        'taint node.kubernetes.io/unreachable:NoExecute added 11m ago',
        '1 pod(s) still bound to it',
      ]),
    );
  });

  it("quotes the kubelet's reason for NotReady", () => {
    expect(findings().get('worker-3')?.message).toBe(
      'is NotReady for 30m: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    );
  });

  it('warns when a Ready node has stopped renewing its Lease', () => {
    const finding = findings().get('worker-4');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('kubelet has not renewed its Lease for 2m: the node will turn Unknown');
  });

  it('reports a node no kubelet ever reported for', () => {
    expect(findings().get('worker-5')?.message).toBe('has never reported Ready: the kubelet has not posted its status');
  });

  it('leaves a healthy node alone', () => {
    expect(findings().has('worker-1')).toBe(false);
  });
});
