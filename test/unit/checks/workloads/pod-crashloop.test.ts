import { describe, expect, it } from 'vitest';
import { podCrashLoop } from '../../../../checks/workloads/pod-crashloop.js';
import { findingsByName } from './load.js';

const logs = {
  'shop/checkout-5f7b8c9d6-m4n5b/checkout': [
    '2026-11-01T11:56:41Z INFO starting checkout 1.9.0',
    '2026-11-01T11:56:42Z FATAL cannot parse DATABASE_URL: missing host',
  ],
};
const findings = () => findingsByName(podCrashLoop, 'pod-crashloop/crashloop.yaml', { logs });

describe('pod-crashloop', () => {
  it('explains exit code 1, counts restarts and shows the last log lines of the previous instance', () => {
    const finding = findings().get('checkout-5f7b8c9d6-m4n5b');
    expect(finding).toMatchObject({ checkId: 'pod-crashloop', severity: 'error', owner: { kind: 'Deployment', name: 'checkout', namespace: 'shop' } });
    expect(finding?.message).toBe('container checkout keeps crashing: exit code 1 (the application exited with an error); restarted 14 times');
    expect(finding?.evidence).toContain('last terminated 3m18s ago: exit code 1 (the application exited with an error), after running 2s');
    expect(finding?.evidence).toContain('  | 2026-11-01T11:56:42Z FATAL cannot parse DATABASE_URL: missing host');
    expect(finding?.evidence.join('\n')).toContain('Warning BackOff (x250 over 59m');
  });

  it('calls out the liveness probe that kills the container', () => {
    const finding = findings().get('search-0');
    expect(finding?.message).toContain('killed by its failing liveness probe');
    expect(finding?.message).toContain('exit code 137 (killed with SIGKILL: out of memory or a failed liveness probe)');
    expect(finding?.evidence.join('\n')).toContain('Warning Unhealthy (x27 over 119m, last 3m ago): Liveness probe failed');
    expect(finding?.remediation).toContain('liveness probe is killing the container');
  });

  it('says a 127 is a command missing from the image', () => {
    const finding = findings().get('worker');
    expect(finding?.message).toContain('StartError, exit code 127 (the command was not found in the image)');
    expect(finding?.evidence.join('\n')).toContain('stat /app/run-worker: no such file or directory');
    // the runtime reports the epoch as start time of a container that never started
    expect(finding?.evidence.join('\n')).not.toContain('after running');
    expect(finding?.remediation).toContain('Fix the container command/args or the image entrypoint');
  });

  it('leaves running containers alone', () => {
    expect([...findings().keys()].sort()).toEqual(['checkout-5f7b8c9d6-m4n5b', 'search-0', 'worker']);
  });
});
