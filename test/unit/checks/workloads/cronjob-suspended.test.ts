import { describe, expect, it } from 'vitest';
import { cronJobSuspended } from '../../../../checks/workloads/cronjob-suspended.js';
import { findingsByName } from './load.js';

describe('cronjob-suspended', () => {
  it('reports suspended CronJobs as info with their last run', () => {
    const findings = findingsByName(cronJobSuspended, 'cronjob-suspended/suspended.yaml');
    expect([...findings.keys()]).toEqual(['cleanup']);
    expect(findings.get('cleanup')).toMatchObject({ severity: 'info', message: 'is suspended: schedule "0 4 * * *" starts no jobs' });
    expect(findings.get('cleanup')?.evidence).toContain('last scheduled 12d ago');
  });
});
