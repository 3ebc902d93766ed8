import { describe, expect, it } from 'vitest';
import { deploymentProgressDeadline } from '../../../../checks/workloads/deployment-progress-deadline.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(deploymentProgressDeadline, 'deployment-progress-deadline/stuck-rollout.yaml');

describe('deployment-progress-deadline', () => {
  it("explains a stuck rollout by the new ReplicaSet's pods, as a warning while the old version serves", () => {
    const finding = findings().get('web');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe(
      'rollout is stuck: no progress within progressDeadlineSeconds 600: new pods ImagePullBackOff (container web: Back-off pulling image "nginx:1.28-typo") (the previous version still serves)',
    );
    // only the new ReplicaSet's pod, not the healthy old one
    expect(finding?.evidence.join('\n')).not.toContain('web-5c8d7b9f4-abcde');
  });

  it('is an error when nothing is available', () => {
    expect(findings().get('portal')?.severity).toBe('error');
  });

  it('ignores paused and progressing deployments', () => {
    expect(findings().has('paused')).toBe(false);
  });
});
