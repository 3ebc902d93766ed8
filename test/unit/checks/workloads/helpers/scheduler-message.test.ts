import { describe, expect, it } from 'vitest';
import { parseSchedulingMessage, schedulingSummary } from '../../../../../src/workload/scheduler-message.js';

describe('parseSchedulingMessage', () => {
  it('splits the reasons with their node counts and leaves out preemption', () => {
    const parsed = parseSchedulingMessage(
      '0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(parsed.available).toBe(0);
    expect(parsed.total).toBe(3);
    expect(parsed.failures).toEqual([
      { nodes: 1, text: 'node(s) had untolerated taint {key: value}', reason: { kind: 'taint', key: 'key', value: 'value' } },
      { nodes: 2, text: 'Insufficient cpu', reason: { kind: 'insufficient', resource: 'cpu' } },
    ]);
  });

  it('reads the taint key of a taint without value', () => {
    const [failure] = parseSchedulingMessage('0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.').failures;
    expect(failure?.reason).toEqual({ kind: 'taint', key: 'node-role.kubernetes.io/control-plane', value: '' });
  });

  it('classifies the other reasons the scheduler writes', () => {
    const kinds = (message: string) => parseSchedulingMessage(message).failures.map((f) => [f.nodes, f.reason.kind]);
    expect(kinds("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")).toEqual([[3, 'node-affinity']]);
    expect(kinds('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: x')).toEqual([[undefined, 'pvc-unbound']]);
    expect(kinds('0/2 nodes are available: persistentvolumeclaim "data" not found.')).toEqual([[undefined, 'pvc-not-found']]);
    expect(kinds("0/4 nodes are available: 1 node(s) were unschedulable, 1 Too many pods, 2 node(s) didn't match pod topology spread constraints.")).toEqual([
      [1, 'node-unschedulable'],
      [1, 'too-many-pods'],
      [2, 'topology-spread'],
    ]);
    expect(kinds("0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules, 1 node(s) had volume node affinity conflict.")).toEqual([
      [2, 'pod-anti-affinity'],
      [1, 'volume-node-affinity'],
    ]);
    expect(kinds('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.')).toEqual([[1, 'insufficient']]);
  });
});

describe('schedulingSummary', () => {
  it('keeps the sentence about the nodes and drops what the scheduler tried next', () => {
    expect(schedulingSummary('0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')).toBe(
      '0/3 nodes are available: 3 Insufficient cpu',
    );
    expect(schedulingSummary('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found')).toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims');
    expect(schedulingSummary('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.')).toBe('0/1 nodes are available: 1 Insufficient nvidia.com/gpu');
    expect(schedulingSummary('persistentvolumeclaim "data.v2" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.')).toBe('persistentvolumeclaim "data.v2" not found');
    expect(schedulingSummary('no nodes available to schedule pods')).toBe('no nodes available to schedule pods');
  });

  it('parses the reasons of a message with DRA and preemption sentences', () => {
    const [failure] = parseSchedulingMessage('0/3 nodes are available: 3 Insufficient memory. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.').failures;
    expect(failure).toEqual({ nodes: 3, text: 'Insufficient memory', reason: { kind: 'insufficient', resource: 'memory' } });
  });
});
