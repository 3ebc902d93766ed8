import { describe, expect, it } from 'vitest';
import { firesBetween, parseSchedule } from '../../../../../src/workload/cron.js';

const ok = (schedule: string, zone?: string) => {
  const parsed = parseSchedule(schedule, zone);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed;
};
const nextRun = (schedule: string, after: string, zone?: string): string => (ok(schedule, zone).runsAfter(new Date(after)).next().value as Date).toISOString();

describe('CronJob schedules', () => {
  it('computes the next run in the time zone of the CronJob', () => {
    expect(nextRun('0 3 * * *', '2026-11-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-11-02T02:00:00.000Z');
    expect(nextRun('CRON_TZ=America/New_York 0 9 * * *', '2026-11-01T12:00:00Z')).toBe('2026-11-01T14:00:00.000Z');
    expect(nextRun('@midnight', '2026-11-01T12:00:00Z')).toBe('2026-11-02T00:00:00.000Z');
    expect(nextRun('@every 1h30m', '2026-11-01T12:00:00Z')).toBe('2026-11-01T13:30:00.000Z');
  });

  it('refuses what the cronjob controller would not run', () => {
    expect(parseSchedule('0 0 30 2 *', undefined)).toEqual({ ok: false, error: 'it never fires: that day does not exist in the given month(s)' });
    expect(parseSchedule('0 0 * * * *', undefined)).toEqual({ ok: false, error: 'expected 5 fields (minute hour day-of-month month day-of-week), found 6' });
    expect(parseSchedule('61 * * * *', undefined).ok).toBe(false);
    expect(parseSchedule('@often', undefined)).toEqual({ ok: false, error: 'unknown descriptor @often' });
    expect(parseSchedule('0 * * * *', 'Mars/Olympus')).toEqual({ ok: false, error: 'unknown time zone Mars/Olympus' });
  });

  it('counts the runs due in a window, up to a bound', () => {
    const { count, first } = firesBetween(ok('*/15 * * * *'), new Date('2026-11-01T11:00:00Z'), new Date('2026-11-01T12:00:00Z'));
    expect(count).toBe(4);
    expect(first?.toISOString()).toBe('2026-11-01T11:15:00.000Z');
    expect(firesBetween(ok('* * * * *'), new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T12:00:00Z')).count).toBe(100);
    expect(firesBetween(ok('@every 10m'), new Date('2026-11-01T11:00:00Z'), new Date('2026-11-01T12:00:00Z')).count).toBe(6);
  });
});
