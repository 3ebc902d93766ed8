import { describe, expect, it } from 'vitest';
import { trimObject } from '../../../src/collect/trim.js';
import type { KubeObject, Pod } from '../../../src/kube/types.js';
import { snapshotFromFixture } from '../../helpers/snapshot.js';

const snapshot = snapshotFromFixture('engine/secrets.yaml');
const find = (resource: 'secrets' | 'configmaps' | 'pods' | 'nodes', name: string): KubeObject => {
  const object = snapshot.resources[resource]?.find((o) => o.metadata.name === name);
  if (!object) throw new Error(`fixture has no ${resource} ${name}`);
  return trimObject(resource, object);
};
const decode = (value: unknown): unknown => JSON.parse(Buffer.from(String(value), 'base64').toString('utf8'));

describe('trimObject', () => {
  it('keeps the key names of a Secret but none of its values, nor the copy in last-applied', () => {
    const secret = find('secrets', 'db-password');
    expect(secret.data).toEqual({ password: '', username: '' });
    expect(secret.stringData).toBeUndefined();
    expect(secret.metadata.annotations).toEqual({ team: 'payments' });
    expect(JSON.stringify(secret)).not.toMatch(/aHVudGVyMg|hunter2|plain-text-secret/);
  });

  it('keeps the public certificate of a TLS Secret and drops its private key', () => {
    expect(find('secrets', 'web-tls').data).toEqual({ 'tls.crt': 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t', 'tls.key': '', 'ca.crt': 'Q0EtQ0VSVA==' });
  });

  it('reduces a docker config to the registry hosts it covers, never the credentials', () => {
    const secret = find('secrets', 'regcred');
    const data = secret.data as Record<string, string>;
    expect(decode(data['.dockerconfigjson'])).toEqual({ auths: { 'registry.example.com': {}, 'ghcr.example.org': {} } });
    expect(JSON.stringify(secret)).not.toMatch(/s3cr3t|Ym90/);
  });

  it('blanks ConfigMap values except the CoreDNS Corefile', () => {
    expect(find('configmaps', 'app-config')).toMatchObject({ data: { DATABASE_URL: '', LOG_LEVEL: '' }, binaryData: { blob: '' } });
    expect((find('configmaps', 'coredns').data as Record<string, string>).Corefile).toContain('kubernetes cluster.local');
  });

  it('keeps who wrote an object with which apiVersion, not the field sets', () => {
    expect(find('secrets', 'db-password').metadata.managedFields).toEqual([
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: '2026-10-01T00:00:00Z' },
    ]);
  });

  it('keeps the pod fields checks read and drops env values, args and the token volume parts', () => {
    const pod = find('pods', 'web-1') as Pod;
    const container = pod.spec.containers[0];
    expect(container).toEqual({
      name: 'app',
      image: 'shop/web:1.4',
      command: ['/app/server'],
      env: [{ name: 'API_TOKEN' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } } }],
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
    });
    expect(pod.spec.nodeName).toBe('worker-1');
    expect(pod.spec).not.toHaveProperty('enableServiceLinks');
    expect(pod.spec.volumes).toEqual([{ name: 'kube-api-access', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }]);
    expect(pod.status?.containerStatuses?.[0]).toEqual({
      name: 'app',
      ready: true,
      restartCount: 0,
      image: 'shop/web:1.4',
      imageID: 'sha256:abc',
      state: { running: { startedAt: '2026-11-01T10:00:00Z' } },
    });
    expect(pod.metadata.annotations).toBeUndefined();
    expect(JSON.stringify(pod)).not.toMatch(/hunter2|plain-token/);
  });

  it("drops a node's image list", () => {
    const node = find('nodes', 'worker-1');
    expect(node.status).toEqual({ allocatable: { cpu: '4' }, nodeInfo: { kubeletVersion: 'v1.33.1' } });
  });

  it('trims the pod template of workloads the same way', () => {
    const deployment: KubeObject = {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x', args: ['--secret=1'], env: [{ name: 'A', value: 'b' }] }] } } },
    };
    expect(trimObject('deployments', deployment).spec).toEqual({
      replicas: 2,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x', env: [{ name: 'A' }] }] } },
    });
    const cronJob: KubeObject = { metadata: { name: 'n', namespace: 'b' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', args: ['x'] }] } } } } } };
    expect(trimObject('cronjobs', cronJob).spec).toEqual({ schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } });
  });
});
