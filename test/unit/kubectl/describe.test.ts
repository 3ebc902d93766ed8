import { beforeAll, describe, expect, it } from 'vitest';
import { describeDeployment } from '../../../src/kubectl/describe/deployment.js';
import { describeGeneric, describeSecret } from '../../../src/kubectl/describe/generic.js';
import { describeNode } from '../../../src/kubectl/describe/node.js';
import { describePod } from '../../../src/kubectl/describe/pod.js';
import { describeService } from '../../../src/kubectl/describe/service.js';
import { DescribeWriter, rfc1123z } from '../../../src/kubectl/describe/writer.js';
import type { Deployment, EndpointSlice, ReplicaSet, Service } from '../../../src/kubectl/objects.js';
import type { KubeEvent, KubeObject, Node, Pod } from '../../../src/kube/types.js';
import { loadObjects } from './fake-client.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const objects = loadObjects('printers/describe.yaml');
const one = <T extends KubeObject>(kind: string, name?: string): T => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name)) as T;
const all = <T extends KubeObject>(kind: string): T[] => objects.filter((o) => o.kind === kind) as T[];

function render(write: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  write(w);
  return w.toString();
}

beforeAll(() => {
  // describe prints times in local time, as kubectl does; the tests pin the zone
  process.env.TZ = 'UTC';
});

describe('describe', () => {
  it('formats times like Go RFC1123Z', () => {
    expect(rfc1123z('2026-11-01T09:05:03Z')).toBe('Sun, 01 Nov 2026 09:05:03 +0000');
    expect(rfc1123z(undefined)).toBe('<unset>');
  });

  it('a pod: identity, container state and last state, env without secret values, conditions, volumes, events', () => {
    const text = render((w) => describePod(w, one<Pod>('Pod'), all<KubeEvent>('Event'), NOW));
    expect(text).toBe(
      [
        'Name:             web-1',
        'Namespace:        shop',
        'Priority:         0',
        'Service Account:  web',
        'Node:             worker-1/10.0.0.11',
        'Start Time:       Sun, 01 Nov 2026 10:00:01 +0000',
        'Labels:           app=web',
        '                  tier=front',
        'Annotations:      team: payments',
        'Status:           Running',
        'IP:               10.244.1.7',
        'IPs:',
        '  IP:           10.244.1.7',
        'Controlled By:  ReplicaSet/web-6d4cf56db6',
        'Containers:',
        '  web:',
        '    Container ID:   ',
        '    Image:          shop/web:1.4',
        '    Image ID:       ',
        '    Port:           8080/TCP (http)',
        '    Host Port:      <none>',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '      Message:      back-off 1m20s restarting failed container=web',
        '    Last State:     Terminated',
        '      Reason:       OOMKilled',
        '      Exit Code:    137',
        '      Started:      Sun, 01 Nov 2026 11:57:00 +0000',
        '      Finished:     Sun, 01 Nov 2026 11:58:00 +0000',
        '    Ready:          False',
        '    Restart Count:  4',
        '    Limits:',
        '      memory:  256Mi',
        '    Requests:',
        '      cpu:      250m',
        '      memory:   128Mi',
        '    Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
        '    Environment:',
        '      MODE:         fast',
        "      DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false",
        '      POD_NAME:     web-1 (v1:metadata.name)',
        '    Mounts:',
        '      /data from data (rw)',
        'Conditions:',
        '  Type    Status',
        '  Ready   False',
        'Volumes:',
        '  data:',
        '    Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:   web-data',
        'QoS Class:       Burstable',
        'Node-Selectors:  <none>',
        'Tolerations:     node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type     Reason   Age                From     Message',
        '  ----     ------   ----               ----     -------',
        '  Warning  BackOff  60s (x4 over 10m)  kubelet  spec.containers{web}: Back-off restarting failed container web',
        '',
      ].join('\n'),
    );
  });

  it('a secret: key names and sizes, never the values', () => {
    const text = render((w) => describeSecret(w, one('Secret')));
    expect(text).toBe(['Name:         db', 'Namespace:    shop', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====', 'password:  14 bytes', 'user:      3 bytes', ''].join('\n'));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('aHVudGVy');
  });

  it('a deployment: the replicas line, strategy, conditions, and the new and old ReplicaSets', () => {
    const text = render((w) => describeDeployment(w, one<Deployment>('Deployment'), all<ReplicaSet>('ReplicaSet'), [], NOW));
    expect(text).toMatch(/^Replicas:\s+3 desired \| 2 updated \| 4 total \| 3 available \| 1 unavailable$/m);
    expect(text).toMatch(/^RollingUpdateStrategy:\s+0 max unavailable, 25% max surge$/m);
    expect(text).toMatch(/^ {2}Progressing\s+True\s+ReplicaSetUpdated$/m);
    expect(text).toMatch(/^OldReplicaSets:\s+web-58b9d7c5f \(2\/2 replicas created\)$/m);
    expect(text).toMatch(/^NewReplicaSet:\s+web-6d4cf56db6 \(2\/2 replicas created\)$/m);
    expect(text).toMatch(/^ {2}Containers:\n {3}web:\n {4}Image:\s+shop\/web:1\.4$/m);
    expect(text).toMatch(/^Events:\s+<none>$/m);
  });

  it('a service: each port with its target and ready endpoints, three shown and the rest counted', () => {
    const text = render((w) => describeService(w, one<Service>('Service'), all<EndpointSlice>('EndpointSlice'), undefined, NOW));
    expect(text).toMatch(/^Selector:\s+app=web$/m);
    expect(text).toMatch(/^Port:\s+http {2}80\/TCP$/m);
    expect(text).toMatch(/^TargetPort:\s+8080\/TCP$/m);
    expect(text).toMatch(/^Endpoints:\s+10\.244\.2\.3:8080,10\.244\.2\.4:8080,10\.244\.3\.5:8080 \+ 1 more\.\.\.$/m);
    expect(text).not.toContain('Events');
  });

  it("a node: taints, conditions, its pods' requests against allocatable, and the totals", () => {
    const pods = [one<Pod>('Pod')];
    const text = render((w) => describeNode(w, one<Node>('Node'), pods, undefined, [], NOW));
    expect(text).toMatch(/^Taints:\s+dedicated=shop:NoSchedule$/m);
    expect(text).toMatch(/^Unschedulable:\s+false$/m);
    expect(text).toMatch(/^ {2}Ready\s+True\s+Sun, 01 Nov 2026 11:59:50 \+0000\s+Thu, 01 Oct 2026 00:01:00 \+0000\s+KubeletReady\s+kubelet is posting ready status$/m);
    expect(text).toMatch(/^Non-terminated Pods:\s+\(1 in total\)$/m);
    expect(text).toMatch(/^ {2}shop\s+web-1\s+250m \(12%\)\s+0 \(0%\)\s+128Mi \(3%\)\s+256Mi \(6%\)\s+120m$/m);
    expect(text).toMatch(/^ {2}cpu\s+250m \(12%\)\s+0 \(0%\)$/m);
    expect(text).toMatch(/^ {2}memory\s+128Mi \(3%\)\s+256Mi \(6%\)$/m);
    // when RBAC hides the pods, the description says so instead of failing
    expect(render((w) => describeNode(w, one<Node>('Node'), undefined, undefined, undefined, NOW))).toMatch(/^Non-terminated Pods:\s+not authorized$/m);
  });

  it('any other type: metadata, Controlled By, then its fields as YAML', () => {
    const text = render((w) => describeGeneric(w, one('ConfigMap'), [], NOW));
    expect(text).toBe(
      [
        'Name:           settings',
        'Namespace:      shop',
        'Labels:         <none>',
        'Annotations:    <none>',
        'API Version:    v1',
        'Kind:           ConfigMap',
        'Controlled By:  Service/web',
        'Data:',
        '  mode: fast',
        '  nested.yaml: |',
        '    a: 1',
        '    b: 2',
        // the YAML lines end the column block, so the last line aligns on its own (as Go's tabwriter does)
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });
});
