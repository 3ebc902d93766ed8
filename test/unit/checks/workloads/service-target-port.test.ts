import { describe, expect, it } from 'vitest';
import { serviceTargetPort } from '../../../../checks/workloads/service-target-port.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(serviceTargetPort, 'service-target-port/ports.yaml');

describe('service-target-port', () => {
  it('is an error for a port name the selected pods do not declare', () => {
    const finding = findings().get('search');
    expect(finding).toMatchObject({ severity: 'error', message: 'port http targets port name rest, which none of the selected pods declare: those pods get no endpoint for it' });
    expect(finding?.evidence).toContain('container ports of the selected pods: http:9200/TCP, transport:9300/TCP');
  });

  it('warns about a numeric target the pods do not declare when they declare other ports', () => {
    expect(findings().get('metrics')).toMatchObject({ severity: 'warning', message: 'port 80 targets port 9100, which none of the selected pods declare' });
  });

  it('accepts declared names and numbers on pods that declare no ports', () => {
    expect(findings().has('web')).toBe(false);
    expect(findings().has('raw')).toBe(false);
  });
});
