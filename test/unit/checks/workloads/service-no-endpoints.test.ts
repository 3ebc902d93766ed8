import { describe, expect, it } from 'vitest';
import { serviceNoEndpoints } from '../../../../checks/workloads/service-no-endpoints.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(serviceNoEndpoints, 'service-no-endpoints/services.yaml');

describe('service-no-endpoints', () => {
  it('says the selector matches no pod and shows the labels the pods do have', () => {
    const finding = findings().get('checkout');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'Service', name: 'checkout', namespace: 'shop' } });
    expect(finding?.message).toBe('has no endpoints: selector app=checkuot matches no pod in namespace shop');
    expect(finding?.evidence).toContain('pods in the namespace have app=checkout, app=orders, app=search, app=web');
  });

  it("explains unready endpoints by the pods' state", () => {
    const finding = findings().get('orders');
    expect(finding?.message).toBe('has no ready endpoints: none of its 1 selected pod(s) is ready (Running but not ready (container orders))');
    expect(finding?.evidence).toContain('EndpointSlices: 1, endpoints: 1, ready: 0');
  });

  it('names a targetPort that no selected container declares', () => {
    expect(findings().get('search')?.message).toBe('has no endpoints: targetPort rest is not a port name of the 1 selected pod(s)');
    expect(findings().get('search')?.evidence).toContain('port http: targetPort rest; container ports: http:9200, transport:9300');
  });

  it('leaves healthy, ExternalName and selector-less Services alone', () => {
    expect([...findings().keys()].sort()).toEqual(['checkout', 'orders', 'search']);
  });
});
