import { describe, expect, it } from 'vitest';
import { nodeKubeletSkew } from '../../../../checks/workloads/node-kubelet-skew.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(nodeKubeletSkew, 'node-kubelet-skew/skew.yaml', { version: { gitVersion: 'v1.34.1', major: '1', minor: '34' } });

describe('node-kubelet-skew', () => {
  it('is an error for a kubelet newer than the API server or more than three minors behind', () => {
    expect(findings().get('worker-new')).toMatchObject({ severity: 'error', message: 'kubelet v1.35.0 is newer than the API server: the skew policy forbids it' });
    expect(findings().get('worker-ancient')).toMatchObject({ severity: 'error', message: 'kubelet v1.30.14 is 4 minor versions behind the API server (at most 3 are supported)' });
  });

  it('is info within the policy, and silent for the same minor or a non-version', () => {
    expect(findings().get('worker-old')).toMatchObject({ severity: 'info', message: 'kubelet v1.32.9 is 2 minor versions behind the API server (within the policy)' });
    expect(findings().has('worker-same')).toBe(false);
    expect(findings().has('kwok-node-0')).toBe(false);
  });
});
