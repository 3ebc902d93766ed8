import { describe, expect, it } from 'vitest';
import { jobSidecarRunning } from '../../../../checks/workloads/job-sidecar-running.js';
import { findingsByName } from './load.js';

describe('job-sidecar-running', () => {
  it('reports the sidecar that keeps a finished Job pod running', () => {
    const findings = findingsByName(jobSidecarRunning, 'job-sidecar-running/sidecar.yaml');
    expect([...findings.keys()]).toEqual(['export-q8w7e']);
    const finding = findings.get('export-q8w7e');
    expect(finding).toMatchObject({ severity: 'warning', owner: { kind: 'Job', name: 'export', namespace: 'etl' } });
    expect(finding?.message).toBe('Job export cannot complete: container export finished 25m ago but cloud-sql-proxy still runs');
    expect(finding?.remediation).toContain('native sidecar');
  });
});
