import { describe, expect, it } from 'vitest';
import { statefulSetNotReady } from '../../../../checks/workloads/statefulset-not-ready.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(statefulSetNotReady, 'statefulset-not-ready/statefulset.yaml');

describe('statefulset-not-ready', () => {
  it('counts ready replicas and names the crashing pod that holds the ordered rollout', () => {
    const finding = findings().get('db');
    expect(finding).toMatchObject({ severity: 'warning', object: { kind: 'StatefulSet', name: 'db', namespace: 'data' } });
    expect(finding?.message).toBe('has 1 of 3 replicas ready: CrashLoopBackOff (container postgres: exit code 1 (the application exited with an error))');
    expect(finding?.evidence).toContain('replicas: 3 desired, 2 created, 2 updated, 1 ready');
    expect(finding?.evidence).toContain('podManagementPolicy OrderedReady: later ordinals wait for the earlier ones to be ready');
  });

  it('is an error when no replica is ready', () => {
    const finding = findings().get('queue');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('has 0 of 1 replicas ready: Pending: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims');
  });

  it('leaves ready StatefulSets alone', () => {
    expect(findings().has('cache')).toBe(false);
  });
});
