import { describe, expect, it } from 'vitest';
import { cronJobMissedSchedule } from '../../../../checks/workloads/cronjob-missed-schedule.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(cronJobMissedSchedule, 'cronjob-missed-schedule/missed.yaml');

describe('cronjob-missed-schedule', () => {
  it('counts the missed runs and blames the active job under Forbid', () => {
    const finding = findings().get('poller');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe('has not run for 45m: 4 scheduled runs missed (job poller-29366100 is still active and concurrencyPolicy is Forbid)');
    expect(finding?.evidence).toContain('concurrencyPolicy Forbid, 1 active job(s): poller-29366100');
    expect(finding?.evidence.join('\n')).toContain('Normal JobAlreadyActive (x4 over 45m, last 0s ago)');
  });

  it('counts from the creation time when the CronJob never ran', () => {
    const finding = findings().get('digest');
    expect(finding?.message).toBe('has not run for 2d6h: 3 scheduled runs missed');
    expect(finding?.evidence).toContain('startingDeadlineSeconds 10');
  });

  it('allows one late run and respects the time zone', () => {
    expect(findings().has('heartbeat')).toBe(false);
    expect(findings().has('morning')).toBe(false);
  });
});
