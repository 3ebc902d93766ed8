import { describe, expect, it } from 'vitest';
import { webhookNoEndpoints } from '../../../../checks/cluster/webhook-no-endpoints.js';
import { webhookTimeout } from '../../../../checks/cluster/webhook-timeout.js';
import { runCheck, snapshotFromFixture } from '../../../helpers/snapshot.js';

const collected = ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'services', 'endpointslices', 'pods'] as const;
const snapshot = (namespace?: string) => snapshotFromFixture('checks/cluster/webhooks.yaml', { collected: [...collected], ...(namespace ? { namespace } : {}) });

describe('webhook-no-endpoints', () => {
  const findings = runCheck(webhookNoEndpoints, snapshot());

  it('is an error for a Fail webhook whose Service has no ready endpoint, naming what it blocks and where', () => {
    const finding = findings.find((f) => f.object.name === 'policy.example.com');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'ValidatingWebhookConfiguration' } });
    expect(finding?.message).toBe(
      'webhook configmaps.policy.example.com cannot be called (its Service webhook-failing/policy-webhook has no ready endpoints) and its failurePolicy is Fail: the apiserver rejects every request it matches (CREATE,UPDATE on configmaps)',
    );
    expect(finding?.evidence).toEqual(expect.arrayContaining(['namespaceSelector: k8sdoc.dev/policy=enforced', 'failurePolicy: Fail, timeoutSeconds: 15']));
    expect(finding?.remediation).toContain('kubectl delete validatingwebhookconfiguration policy.example.com');
  });

  it('is a warning for an Ignore webhook whose Service does not exist', () => {
    const finding = findings.find((f) => f.object.name === 'sidecar-injector');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('webhook inject.sidecar.example.io cannot be called (its Service mesh-system/injector does not exist); with failurePolicy Ignore matching requests (CREATE on pods) go through unchecked after waiting up to 10s');
  });

  it('leaves webhooks with ready endpoints and URL webhooks alone', () => {
    expect(findings.map((f) => f.object.name).sort()).toEqual(['policy.example.com', 'sidecar-injector']);
  });

  it('does not guess about Services outside the namespace a snapshot covers', () => {
    expect(runCheck(webhookNoEndpoints, snapshot('shop'))).toEqual([]);
  });
});

describe('webhook-timeout', () => {
  it('warns about webhooks allowed more than 10 seconds, whatever their backend', () => {
    const findings = runCheck(webhookTimeout, snapshot());
    expect(findings.map((f) => `${f.severity} ${f.object.name}`)).toEqual(['warning policy.example.com', 'warning external-audit']);
    expect(findings[1]?.message).toBe(
      'webhook audit.corp.example.com may take up to 30s: a slow backend adds that to every matching request (CREATE,UPDATE,DELETE on deployments.apps, statefulsets.apps), and clients with shorter timeouts fail first',
    );
  });
});
