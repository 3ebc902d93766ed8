import { describe, expect, it } from 'vitest';
import { jobSidecarRunning } from '../../../../checks/workloads/job-sidecar-running.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { findingsByName, fixture } from './load.js';

describe('job-sidecar-running', () => {
  it('reports the sidecar that keeps a finished Job pod running', () => {
    const findings = findingsByName(jobSidecarRunning, 'job-sidecar-running/sidecar.yaml');
    expect([...findings.keys()]).toEqual(['export-q8w7e']);
    const finding = findings.get('export-q8w7e');
    expect(finding).toMatchObject({ severity: 'warning', owner: { kind: 'Job', name: 'export', namespace: 'etl' } });
    expect(finding?.message).toBe('Job export cannot complete: container export finished 25m ago but cloud-sql-proxy still runs');
    expect(finding?.remediation).toContain('native sidecar');
  });

  it('waits sidecarGraceSeconds after the main container exited before it reports', () => {
    // the export container finished at 11:35; two minutes later a sidecar may still be stopping
    const twoMinutesLater = new Date('2026-11-01T11:37:00Z');
    expect(runCheck(jobSidecarRunning, fixture('job-sidecar-running/sidecar.yaml'), twoMinutesLater)).toEqual([]);
    const found = runCheck(jobSidecarRunning, fixture('job-sidecar-running/sidecar.yaml'), twoMinutesLater, { sidecarGraceSeconds: 60 });
    expect(found.map((f) => f.message)).toEqual(['Job export cannot complete: container export finished 2m ago but cloud-sql-proxy still runs']);
  });
});
