import { describe, expect, it } from 'vitest';
import { podCreateConfigError } from '../../../../checks/workloads/pod-create-config-error.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { findingsByName, fixture } from './load.js';

describe('pod-create-config-error', () => {
  it('names the missing key and the missing ConfigMap by comparing the references with the snapshot', () => {
    const findings = findingsByName(podCreateConfigError, 'pod-create-config-error/config-error.yaml');
    expect([...findings.keys()]).toEqual(['billing-84c7d9f5b-vx2mq']);
    const finding = findings.get('billing-84c7d9f5b-vx2mq');
    expect(finding).toMatchObject({ severity: 'error', owner: { kind: 'Deployment', name: 'billing', namespace: 'finance' } });
    expect(finding?.message).toBe('container billing cannot be created: Secret billing-db has no key password (env DB_PASSWORD); it has username, host');
    expect(finding?.evidence).toEqual([
      'Secret billing-db has no key password (env DB_PASSWORD); it has username, host',
      'ConfigMap billing-settings does not exist (envFrom)',
      "kubelet: couldn't find key password in Secret finance/billing-db",
    ]);
  });
});

describe('pod-create-config-error without access to ConfigMaps and Secrets', () => {
  it("falls back to the kubelet's message", () => {
    const snapshot = fixture('pod-create-config-error/config-error.yaml');
    delete snapshot.resources.configmaps;
    delete snapshot.resources.secrets;
    const [finding] = runCheck(podCreateConfigError, snapshot);
    expect(finding?.message).toBe("container billing cannot be created: couldn't find key password in Secret finance/billing-db");
    expect(finding?.evidence).toEqual(["kubelet: couldn't find key password in Secret finance/billing-db"]);
    expect(finding?.remediation).toMatch(/^Create the missing ConfigMap\/Secret or key in namespace finance/);
  });
});
