import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNslookup, parseProbeLog, probeScript } from '../../../src/dns/nslookup.js';
import { probeNames } from '../../../src/dns/probe.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const names = probeNames('cluster.local', '10.96.0.1');
const recorded = (file: string) => parseProbeLog(readFileSync(path.join(FIXTURES, 'checks/cluster/nslookup', file), 'utf8'), names);
const summary = (file: string) => recorded(file).map((l) => `${l.ok ? 'ok' : l.failure} ${l.answers.join(',')}`.trim());

describe('reading the probe pod log', () => {
  it('busybox: the address after Name:, not the server address, and NXDOMAIN for the missing name', () => {
    expect(summary('busybox-ok.txt')).toEqual(['ok 10.96.0.1', 'ok']);
    expect(recorded('busybox-ok.txt').map((l) => l.ms)).toEqual([4, 3]);
  });

  it('BIND nslookup (agnhost, dnsutils) reads the same', () => {
    expect(summary('bind-ok.txt')).toEqual(['ok 10.96.0.1', 'ok']);
  });

  it('classifies timeouts, SERVFAIL, wildcard answers and NXDOMAIN for the cluster name', () => {
    expect(summary('busybox-timeout.txt')).toEqual(['timeout', 'timeout']);
    expect(summary('busybox-servfail.txt')).toEqual(['servfail', 'servfail']);
    expect(summary('busybox-wildcard.txt')).toEqual(['ok 10.96.0.1', 'resolved 203.0.113.7']);
    expect(summary('bind-nxdomain-for-kubernetes.txt')).toEqual(['nxdomain', 'ok']);
  });

  it('keeps the line that says what went wrong', () => {
    expect(recorded('busybox-timeout.txt')[0]?.detail).toBe(';; connection timed out; no servers could be reached');
    expect(recorded('no-nslookup.txt').map((l) => l.detail)).toEqual(['sh: nslookup: not found', 'sh: nslookup: not found']);
  });

  it('treats a lookup missing from a cut-off log as an error', () => {
    expect(recorded('truncated.txt')[1]).toMatchObject({ ok: false, failure: 'error', detail: 'the probe did not run this lookup (its output is cut short)' });
  });

  it('parses a connection refused line', () => {
    expect(parseNslookup(';; communications error to 10.96.0.10#53: connection refused\n')).toMatchObject({ failure: 'refused' });
  });
});

describe('the probe script', () => {
  it('looks up each name absolutely, framed by marks the parser reads', () => {
    const script = probeScript(names);
    expect(script).toContain("echo '### k8sdoc-lookup kubernetes.default.svc.cluster.local'");
    expect(script).toContain("nslookup 'kubernetes.default.svc.cluster.local.'");
    expect(script).toContain("nslookup 'k8sdoc-must-not-exist.default.svc.cluster.local.'");
  });
});
