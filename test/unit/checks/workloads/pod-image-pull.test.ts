import { describe, expect, it } from 'vitest';
import { podImagePull } from '../../../../checks/workloads/pod-image-pull.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { findingsByName, fixture } from './load.js';

const findings = () => findingsByName(podImagePull, 'pod-image-pull/image-pull.yaml');

describe('pod-image-pull', () => {
  it('classifies a missing tag and names the workload', () => {
    const finding = findings().get('web-7c6b5d4f9-2kx8d');
    expect(finding).toMatchObject({ checkId: 'pod-image-pull', severity: 'error', owner: { kind: 'Deployment', name: 'web', namespace: 'shop' } });
    expect(finding?.message).toBe('container web cannot pull image nginx:1.18x: the image or tag does not exist in the registry');
    // the detailed kubelet event, not the bare "Error: ErrImagePull" one
    expect(finding?.evidence.join('\n')).toContain('Warning Failed (x7 over 29m, last 4m50s ago): Failed to pull image "nginx:1.18x"');
    expect(finding?.remediation).toContain('Fix the image name or tag');
  });

  it('checks every pull secret of the pod and its ServiceAccount against the registry host', () => {
    const finding = findings().get('api');
    expect(finding?.message).toContain('the registry refused access');
    expect(finding?.evidence).toEqual(
      expect.arrayContaining([
        'pull secret regcred (from pod): has entries for ghcr.io, none for registry.example.com',
        'pull secret legacy-creds (from pod): is of type Opaque, not kubernetes.io/dockerconfigjson',
        'pull secret registry-example (from ServiceAccount deployer): does not exist in namespace shop',
      ]),
    );
    expect(finding?.remediation).toContain('Create a kubernetes.io/dockerconfigjson secret with credentials for registry.example.com');
  });

  it('tells a DNS failure from an auth failure, even with a pull secret that covers the host', () => {
    const finding = findings().get('agent');
    expect(finding?.message).toContain('the node cannot reach the registry');
    expect(finding?.evidence).toContain('pull secret internal-registry (from pod): has an entry for registry.internal.example:5000');
  });

  it('recognises rate limiting and invalid names', () => {
    expect(findings().get('cache')?.message).toContain('rate limiting pulls (toomanyrequests)');
    expect(findings().get('typo')?.message).toContain('the image reference is not a valid name');
    expect(findings().get('typo')?.evidence.join('\n')).toContain('repository name must be lowercase');
  });

  it('leaves pods with pulled images alone', () => {
    expect(findings().has('healthy')).toBe(false);
  });
});

describe('pod-image-pull without access to Secrets and ServiceAccounts', () => {
  it('still classifies the failure and says the pull secrets were not checked', () => {
    const snapshot = fixture('pod-image-pull/image-pull.yaml');
    delete snapshot.resources.secrets;
    delete snapshot.resources.serviceaccounts;
    const api = runCheck(podImagePull, snapshot).find((f) => f.object.name === 'api');
    expect(api?.message).toContain('the registry refused access');
    expect(api?.evidence).toContain('ServiceAccount deployer not readable: its imagePullSecrets not checked');
    expect(api?.evidence).toContain('imagePullSecrets regcred, legacy-creds (Secrets not readable: not checked)');
    expect(api?.remediation).toContain('Check that the pull secret for registry.example.com holds valid credentials');
  });
});
