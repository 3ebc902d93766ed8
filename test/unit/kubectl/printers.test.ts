import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { builtinPrinter } from '../../../src/kubectl/printers.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const objects = (yaml.load(readFileSync(path.join(FIXTURES, 'printers/objects.yaml'), 'utf8')) as { items: KubeObject[] }).items;
const byKind = (kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);

function table(group: string, resource: string, kind: string, wide = false): { header: string[]; rows: string[][] } {
  const printer = builtinPrinter({ group, resource }, wide);
  if (!printer) throw new Error(`no printer for ${resource}`);
  const visible = printer.columns.flatMap((c, i) => (wide || !c.priority ? [i] : []));
  return {
    header: visible.map((i) => printer.columns[i]?.name.toUpperCase() ?? ''),
    rows: byKind(kind).map((o) => {
      const cells = printer.cells(o, NOW);
      return visible.map((i) => cells[i] ?? '');
    }),
  };
}

// expected cells follow kubectl 1.36's printers.go for the same objects
describe('client-side printers', () => {
  it('nodes: status with SchedulingDisabled, roles from both label styles, wide addresses and system info', () => {
    const { header, rows } = table('', 'nodes', 'Node', true);
    expect(header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(rows).toEqual([
      ['cp-1', 'Ready,SchedulingDisabled', 'control-plane,etcd,master', '31d', 'v1.36.3', '10.0.0.10', '<none>', 'Ubuntu 24.04', '6.8.0 (arm64)', 'containerd://2.1.0'],
      ['worker-1', 'NotReady', '<none>', '60m', '', '<none>', '203.0.113.7', '<unknown>', '<unknown>', '<unknown>'],
      ['fresh', 'Unknown', '<none>', '30s', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ]);
  });

  it('deployments: READY ready/desired, and a selector as kubectl writes it (sorted by key)', () => {
    expect(table('apps', 'deployments', 'Deployment')).toEqual({ header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], rows: [['web', '1/3', '2', '1', '3h']] });
    expect(table('apps', 'deployments', 'Deployment', true).rows[0]?.slice(5)).toEqual(['web,proxy', 'shop/web:1.4,envoy', 'app=web,!canary,tier notin (cache,db)']);
  });

  it('services: external addresses per type, load balancers cut at 16 characters unless wide', () => {
    expect(table('', 'services', 'Service').rows).toEqual([
      ['web', 'ClusterIP', '10.96.0.20', '<none>', '80/TCP,443/TCP', '5m'],
      ['public', 'LoadBalancer', '10.96.0.21', '198.51.100.4,...', '80:30080/TCP', '5m'],
      ['pending-lb', 'LoadBalancer', '10.96.0.22', '<pending>', '53:31053/UDP', '5m'],
      ['upstream', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m'],
    ]);
    const wide = table('', 'services', 'Service', true).rows;
    expect(wide[0]?.[6]).toBe('app=web,tier=front');
    expect(wide[1]?.[3]).toBe('198.51.100.4,a1b2c3d4e5f6-1234567890.elb.example.com');
    expect(wide[1]?.[6]).toBe('<none>');
  });

  it('persistentvolumeclaims: capacity and modes only once bound; the beta class annotation wins', () => {
    const { header, rows } = table('', 'persistentvolumeclaims', 'PersistentVolumeClaim', true);
    expect(header).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE', 'VOLUMEMODE']);
    expect(rows).toEqual([
      ['data', 'Bound', 'pv-1', '2Gi', 'RWO,RWX', 'fast', '<unset>', '60m', '<unset>'],
      ['waiting', 'Pending', '', '', '', 'legacy', '<unset>', '60m', 'Block'],
    ]);
  });

  it('events: last seen from the series or timestamps, object as kind/name, source from the newer fields', () => {
    const { header, rows } = table('', 'events', 'Event', true);
    expect(header).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    expect(rows).toEqual([
      ['2m', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{web}', 'kubelet, worker-1', 'Back-off restarting failed container web', '60m', '7', 'web.1'],
      ['60m', 'Normal', 'Scheduled', 'pod/web-1', '', 'default-scheduler, default-scheduler-cp-1', 'Successfully assigned shop/web-1 to worker-1', '60m', '1', 'web.2'],
      ['60s', 'Warning', 'Unhealthy', 'pod/web-2', '', 'kubelet', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '30m', '12', 'web.3'],
    ]);
    expect(table('', 'events', 'Event').header).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  });

  it('leaves every other type to the server', () => {
    expect(builtinPrinter({ group: '', resource: 'configmaps' }, false)).toBeUndefined();
    expect(builtinPrinter({ group: 'events.k8s.io', resource: 'events' }, false)).toBeUndefined();
  });
});
