import { describe, expect, it } from 'vitest';
import { jobFailed } from '../../../../checks/workloads/job-failed.js';
import { findingsByName } from './load.js';

const logs = { 'ops/backup-7kd9s/backup': ['dumping database shop', 'pg_dump: error: connection to server failed: FATAL: password authentication failed'] };
const findings = () => findingsByName(jobFailed, 'job-failed/jobs.yaml', { logs });

describe('job-failed', () => {
  it('reports the backoff limit with the failed pod, its exit code and its last log lines', () => {
    const finding = findings().get('backup');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'Job', name: 'backup', namespace: 'ops' } });
    expect(finding?.message).toBe('failed (BackoffLimitExceeded): Job has reached the specified backoff limit');
    expect(finding?.evidence).toContain('pods: 3 failed, 0 succeeded of 1; backoffLimit 2');
    expect(finding?.evidence).toContain('pod backup-7kd9s, container backup: exit code 2 (the application rejected its arguments or shell usage), 40m ago');
    expect(finding?.evidence).toContain('  | pg_dump: error: connection to server failed: FATAL: password authentication failed');
  });

  it('explains a deadline failure', () => {
    const finding = findings().get('report');
    expect(finding?.message).toContain('DeadlineExceeded');
    expect(finding?.evidence[1]).toContain('activeDeadlineSeconds 600');
    expect(finding?.remediation).toContain('activeDeadlineSeconds');
  });

  it("downgrades an old CronJob run to info once a later run succeeded, under the CronJob's name", () => {
    const finding = findings().get('nightly-29363160');
    expect(finding).toMatchObject({ severity: 'info', owner: { kind: 'CronJob', name: 'nightly', namespace: 'ops' } });
  });

  it('leaves completed jobs alone', () => {
    expect(findings().has('migrate')).toBe(false);
    expect(findings().has('nightly-29366040')).toBe(false);
  });
});
