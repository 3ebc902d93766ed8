import { describe, expect, it } from 'vitest';
import { cronJobBadSchedule } from '../../../../checks/workloads/cronjob-bad-schedule.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(cronJobBadSchedule, 'cronjob-bad-schedule/schedules.yaml');

describe('cronjob-bad-schedule', () => {
  it('reports a schedule that parses but never fires', () => {
    const finding = findings().get('leap-report');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'CronJob', name: 'leap-report', namespace: 'finance' } });
    expect(finding?.message).toBe('schedule "0 0 30 2 *" is wrong: it never fires: that day does not exist in the given month(s)');
  });

  it("reports the cronjob controller's warnings about a valid schedule", () => {
    const finding = findings().get('sync');
    expect(finding?.message).toBe('the cronjob controller cannot use schedule "*/10 * * * *"');
    expect(finding?.evidence.join('\n')).toContain('Warning UnexpectedJob');
  });

  it('accepts descriptors with a time zone', () => {
    expect(findings().has('rotate')).toBe(false);
  });
});
