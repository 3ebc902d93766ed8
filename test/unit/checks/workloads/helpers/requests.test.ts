import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../../../src/kube/types.js';
import { podRequests } from '../../../../../src/workload/requests.js';

const c = (name: string, cpu: string, restartPolicy?: string): Container => ({ name, resources: { requests: { cpu } }, ...(restartPolicy ? { restartPolicy } : {}) });
const pod = (containers: Container[], initContainers: Container[] = [], extra: Partial<Pod['spec']> = {}): Pod => ({ metadata: { name: 'p' }, spec: { containers, initContainers, ...extra } });

describe('podRequests, as the scheduler computes them', () => {
  it('sums the app containers', () => {
    expect(podRequests(pod([c('a', '250m'), c('b', '500m')])).cpu).toBe(0.75);
  });

  it('takes the larger of the app containers and the biggest init container', () => {
    expect(podRequests(pod([c('a', '500m')], [c('init', '2')])).cpu).toBe(2);
    expect(podRequests(pod([c('a', '3')], [c('init', '2')])).cpu).toBe(3);
  });

  it('adds native sidecars to the app containers and to every later init container', () => {
    // sidecar 500m runs with the app (1) = 1.5; the init after it runs alone with the sidecar: 500m + 1.2 = 1.7
    expect(podRequests(pod([c('app', '1')], [c('proxy', '500m', 'Always'), c('migrate', '1200m')])).cpu).toBeCloseTo(1.7);
    // an init container before the sidecar does not run next to it
    expect(podRequests(pod([c('app', '1')], [c('migrate', '1200m'), c('proxy', '500m', 'Always')])).cpu).toBeCloseTo(1.5);
  });

  it('adds the RuntimeClass overhead', () => {
    expect(podRequests(pod([c('a', '1')], [], { overhead: { cpu: '250m', memory: '120Mi' } }))).toEqual({ cpu: 1.25, memory: 120 * 1024 ** 2 });
  });
});
