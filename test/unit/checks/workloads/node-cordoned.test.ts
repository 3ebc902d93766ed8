import { describe, expect, it } from 'vitest';
import { nodeCordoned } from '../../../../checks/workloads/node-cordoned.js';
import { findingsByName } from './load.js';

describe('node-cordoned', () => {
  const findings = findingsByName(nodeCordoned, 'node-cordoned/cordoned.yaml');

  it('counts the pods still on a cordoned node, DaemonSet pods aside', () => {
    const finding = findings.get('worker-1');
    expect(finding).toMatchObject({ severity: 'warning', message: 'is cordoned (unschedulable) for 3h with 1 pod(s) still on it' });
    expect(finding?.evidence).toContain('pods still running (DaemonSet pods not counted): shop/api-7d9f8c6b5-x2v9k');
    expect(finding?.remediation).toContain('kubectl drain worker-1 --ignore-daemonsets');
  });

  it('suggests uncordoning an empty cordoned node, and ignores schedulable ones', () => {
    expect(findings.get('worker-2')?.remediation).toBe('When the maintenance is over, let pods back on: kubectl uncordon worker-2.');
    expect(findings.has('worker-3')).toBe(false);
  });
});
