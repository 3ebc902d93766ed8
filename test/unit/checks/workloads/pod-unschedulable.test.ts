import { describe, expect, it } from 'vitest';
import { podUnschedulable } from '../../../../checks/workloads/pod-unschedulable.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { findingsByName, fixture } from './load.js';

describe('pod-unschedulable', () => {
  it('compares the request with the free cpu of the best eligible node and names the untolerated taint', () => {
    const findings = runCheck(podUnschedulable, fixture('pod-unschedulable/insufficient-cpu.yaml'));
    // the running web pods and the finished job pod are not findings
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      checkId: 'pod-unschedulable',
      severity: 'error',
      object: { kind: 'Pod', name: 'api-7d9f8c6b5-x2v9k', namespace: 'shop' },
      owner: { kind: 'Deployment', name: 'api', namespace: 'shop' },
    });
    expect(finding?.message).toContain('2 Insufficient cpu');
    // kwok-node-1 has 1 cpu requested (its init container's 1 beats 500m+250m), kwok-node-0 only 250m
    expect(finding?.evidence).toContain('requests cpu 4; the node with the most free cpu (kwok-node-0) has 1.75 free of 2 allocatable');
    expect(finding?.evidence).toContain('no node has 4 cpu allocatable at all (largest: 2)');
    expect(finding?.evidence.join('\n')).toContain(
      'taint node-role.kubernetes.io/control-plane:NoSchedule on 1 node(s) (kwok-control-plane) is not tolerated; missing toleration {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}',
    );
    expect(finding?.evidence.join('\n')).toMatch(/Warning FailedScheduling \(x7 over 30m, last 5m ago\)/);
    // the reason that rules out most nodes comes first
    expect(finding?.remediation).toMatch(/^Lower the cpu request to at most 2/);
  });

  it('names the labels a nodeSelector asks for and what the nodes have', () => {
    const finding = findingsByName(podUnschedulable, 'pod-unschedulable/scheduling-constraints.yaml').get('reports-0');
    expect(finding?.owner).toEqual({ kind: 'StatefulSet', name: 'reports', namespace: 'analytics' });
    expect(finding?.evidence).toContain('nodeSelector asks for disktype=ssd: 0 of 2 node(s) have it (nodes have disktype=hdd)');
  });

  it('names the toleration missing for the only node that matches the affinity', () => {
    const finding = findingsByName(podUnschedulable, 'pod-unschedulable/scheduling-constraints.yaml').get('trainer');
    expect(finding?.evidence).toContain('required node affinity accelerator in (nvidia): matched by 1 of 2 node(s)');
    expect(finding?.evidence.join('\n')).toContain('missing toleration {key: nvidia.com/gpu, operator: Equal, value: "present", effect: NoSchedule}');
  });

  it('explains an unbound claim by its missing StorageClass, and a claim that does not exist', () => {
    const findings = findingsByName(podUnschedulable, 'pod-unschedulable/scheduling-constraints.yaml');
    expect(findings.get('db-0')?.evidence).toContain('PersistentVolumeClaim data-db-0 is Pending: StorageClass fast-ssd does not exist');
    expect(findings.get('db-0')?.remediation).toContain('Create StorageClass fast-ssd');
    expect(findings.get('cache')?.evidence).toContain('PersistentVolumeClaim cache-data does not exist in namespace analytics');
  });

  it('counts the matching pods per topology domain for a DoNotSchedule spread constraint', () => {
    const finding = findingsByName(podUnschedulable, 'pod-unschedulable/scheduling-constraints.yaml').get('web-2');
    expect(finding?.evidence.join('\n')).toContain('maxSkew 1 over topology.kubernetes.io/zone (DoNotSchedule, selector app=web): matching pods per domain zone-a=2, zone-b=0');
  });

  it('reports nothing for pods that run', () => {
    const names = [...findingsByName(podUnschedulable, 'pod-unschedulable/scheduling-constraints.yaml').keys()];
    expect(names.sort()).toEqual(['cache', 'db-0', 'reports-0', 'trainer', 'web-2']);
  });
});

describe('pod-unschedulable for a user who may not list nodes, claims or StorageClasses', () => {
  it("keeps the scheduler's reasons as evidence", () => {
    const snapshot = fixture('pod-unschedulable/insufficient-cpu.yaml');
    delete snapshot.resources.nodes;
    const [finding] = runCheck(podUnschedulable, snapshot);
    expect(finding?.evidence).toContain('2 node(s): Insufficient cpu (nodes not readable: no comparison with their allocatable)');
    expect(finding?.evidence).toContain('1 node(s) have taint node-role.kubernetes.io/control-plane the pod does not tolerate');
  });
});
