import { isIPv4 } from 'node:net';
import type { DnsFailure, LookupExpectation, LookupResult } from './probe.js';
import { judge } from './probe.js';

/** Marks in the probe pod's output, so each lookup's lines can be told apart. */
const LOOKUP_MARK = '### k8sdoc-lookup ';
const MS_MARK = '### k8sdoc-ms ';

/**
 * The shell script the probe pod runs: nslookup of each name (absolute, with a trailing dot, so
 * search domains do not interfere), each framed by marks and timed when `date` has nanoseconds.
 */
export function probeScript(expectations: readonly LookupExpectation[]): string {
  return expectations
    .map((e) => `echo '${LOOKUP_MARK}${e.name}'; s=$(date +%s%N); nslookup '${e.name}.' 2>&1; e=$(date +%s%N); echo "${MS_MARK}$(( (e - s) / 1000000 ))" 2>/dev/null`)
    .join('; ');
}

export interface NslookupAnswer {
  answers: string[];
  failure?: DnsFailure;
  /** the line that says what went wrong */
  detail?: string;
}

const RCODES: Record<string, DnsFailure> = { NXDOMAIN: 'nxdomain', SERVFAIL: 'servfail', REFUSED: 'refused' };

/**
 * Reads the output of one nslookup run, busybox or BIND flavour. Addresses after the first
 * `Name:` line are answers (the `Address:` before it is the server's). An address answer wins
 * over the "No answer" busybox prints for the AAAA query it also makes.
 */
export function parseNslookup(output: string): NslookupAnswer {
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  const firstName = lines.findIndex((line) => /^Name:/.test(line));
  const answers: string[] = [];
  if (firstName !== -1) {
    for (const line of lines.slice(firstName)) {
      const match = /^Address(?:es)?(?:\s+\d+)?:\s*(.+)$/.exec(line);
      if (!match) continue;
      for (const word of (match[1] ?? '').split(/[\s,]+/)) if (isIPv4(word) && !answers.includes(word)) answers.push(word);
    }
  }
  if (answers.length > 0) return { answers };
  const find = (pattern: RegExp): string | undefined => lines.find((line) => pattern.test(line));
  const timedOut = find(/timed out|no servers could be reached/i);
  if (timedOut) return { answers, failure: 'timeout', detail: timedOut };
  const rcode = find(/can't find .*: (NXDOMAIN|SERVFAIL|REFUSED)/i);
  if (rcode) return { answers, failure: RCODES[/(NXDOMAIN|SERVFAIL|REFUSED)/i.exec(rcode)?.[1]?.toUpperCase() ?? ''] ?? 'error', detail: rcode };
  const refused = find(/connection refused|communications error/i);
  if (refused) return { answers, failure: 'refused', detail: refused };
  const noAnswer = find(/No answer/i);
  if (noAnswer) return { answers, failure: 'no-answer', detail: noAnswer };
  // busybox before 1.28: "nslookup: can't resolve 'name'"
  const cannot = find(/can't resolve/i);
  if (cannot) return { answers, failure: 'nxdomain', detail: cannot };
  const notFound = find(/not found|command not found/i);
  return { answers, failure: 'error', detail: notFound ?? (lines.find((line) => line !== '') || 'no output') };
}

/** Splits the probe pod's log by lookup and judges each; a lookup missing from the log is an error. */
export function parseProbeLog(log: string, expectations: readonly LookupExpectation[]): LookupResult[] {
  const sections = new Map<string, { text: string[]; ms?: number }>();
  let current: { text: string[]; ms?: number } | undefined;
  for (const line of log.split(/\r?\n/)) {
    if (line.startsWith(LOOKUP_MARK)) {
      current = { text: [] };
      sections.set(line.slice(LOOKUP_MARK.length).trim(), current);
    } else if (line.startsWith(MS_MARK)) {
      const ms = Number(line.slice(MS_MARK.length));
      if (current && Number.isFinite(ms) && ms >= 0) current.ms = ms;
    } else {
      current?.text.push(line);
    }
  }
  return expectations.map((expectation) => {
    const section = sections.get(expectation.name);
    if (!section) return judge(expectation, [], 'error', 'the probe did not run this lookup (its output is cut short)');
    const parsed = parseNslookup(section.text.join('\n'));
    return judge(expectation, parsed.answers, parsed.failure, parsed.detail, section.ms);
  });
}
