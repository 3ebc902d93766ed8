import { CronExpressionParser } from 'cron-parser';

/**
 * CronJob schedules as the cronjob controller reads them (robfig/cron's standard parser):
 * five fields, the @yearly…@hourly descriptors, @every DURATION, and an optional
 * CRON_TZ=/TZ= prefix; times in spec.timeZone, else the controller-manager's zone (UTC).
 */
export interface ValidSchedule {
  ok: true;
  /** the run times after a moment, in order (parsed once, then stepped) */
  runsAfter(after: Date): Iterator<Date>;
}

export type CronSchedule = ValidSchedule | { ok: false; error: string };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const GO_DURATION_UNIT: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("1h30m", "90s") in milliseconds. */
function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(value) * (GO_DURATION_UNIT[unit ?? ''] ?? 0);
  return total;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Rewords cron-parser's errors for the schedules that parse in Kubernetes but never fire. */
function explainParseError(message: string): string {
  if (/Invalid explicit day of month/.test(message)) return 'it never fires: that day does not exist in the given month(s)';
  return message;
}

export function parseSchedule(schedule: string, timeZone: string | undefined): CronSchedule {
  let text = schedule.trim();
  let zone = timeZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (prefix) {
    zone = prefix[1];
    text = text.slice(prefix[0].length);
  }
  zone ??= 'UTC';
  if (!validTimeZone(zone)) return { ok: false, error: `unknown time zone ${zone}` };
  if (text.startsWith('@every ')) {
    const interval = parseGoDuration(text.slice('@every '.length).trim());
    if (!interval || interval < 1000) return { ok: false, error: `invalid @every interval ${JSON.stringify(text.slice(7))}` };
    return {
      ok: true,
      *runsAfter(after) {
        for (let at = after.getTime() + interval; ; at += interval) yield new Date(Math.floor(at / 1000) * 1000);
      },
    };
  }
  const expression = DESCRIPTORS[text] ?? text;
  const fields = expression.split(/\s+/).length;
  if (text.startsWith('@') && !DESCRIPTORS[text]) return { ok: false, error: `unknown descriptor ${text}` };
  if (fields !== 5) return { ok: false, error: `expected 5 fields (minute hour day-of-month month day-of-week), found ${fields}` };
  try {
    CronExpressionParser.parse(expression, { tz: zone });
  } catch (error) {
    return { ok: false, error: explainParseError((error as Error).message) };
  }
  return {
    ok: true,
    *runsAfter(after) {
      const runs = CronExpressionParser.parse(expression, { tz: zone, currentDate: after });
      for (;;) yield runs.next().toDate();
    },
  };
}

/** How many times the schedule fired after `from` up to `to` (counting stops at `max`). */
export function firesBetween(schedule: ValidSchedule, from: Date, to: Date, max = 100): { count: number; first: Date | undefined } {
  let count = 0;
  let first: Date | undefined;
  const runs = schedule.runsAfter(from);
  for (let run = runs.next(); !run.done && run.value <= to && count < max; run = runs.next()) {
    first ??= run.value;
    count++;
  }
  return { count, first };
}
