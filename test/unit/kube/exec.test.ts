import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { execRefused, exitCodeOf, failureOf } from '../../../src/kube/exec.js';
import type { ExecRequest } from '../../../src/kube/exec.js';

const request: ExecRequest = { namespace: 'kube-system', pod: 'etcd-cp-1', container: 'etcd', command: ['etcdctl', 'endpoint', 'status'], timeoutMs: 30_000 };

describe('exec status channel', () => {
  it('reads the exit code a kubelet sends', () => {
    expect(exitCodeOf({ status: 'Success', metadata: {} } as never)).toBe(0);
    expect(
      exitCodeOf({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code: error executing command [etcdctl endpoint status], exit code 1',
        details: { causes: [{ reason: 'ExitCode', message: '1' }] },
      }),
    ).toBe(1);
  });

  it('reads the exit status kwok reports as an internal error', () => {
    expect(exitCodeOf({ status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: error executing command in container: cmd wait: etcdctl endpoint status: exit status 128' })).toBe(128);
  });

  it('has no exit code for a command that did not run, and says why in one line', () => {
    const status = { status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: Internal error occurred: error executing command in container: cmd start: etcdctl endpoint status: exec: "etcdctl": executable file not found in $PATH' };
    expect(exitCodeOf(status)).toBeUndefined();
    expect(failureOf(status, request.command)).toBe('error executing command in container: cmd start: etcdctl: exec: "etcdctl": executable file not found in $PATH');
  });
});

describe('exec refused before the stream opens', () => {
  it('names the missing permission on 403 (exit 6)', () => {
    const error = execRefused(403, request, 'https://127.0.0.1:6443');
    expect(error.exitCode).toBe(ExitCode.forbidden);
    expect(error.oneLine()).toBe('forbidden: you may not create pods/exec in namespace kube-system (exec into pod kube-system/etcd-cp-1). ask a cluster admin for the permission: verb create on resource pods/exec in namespace kube-system');
  });

  it('maps a vanished pod to exit 5 and other answers like any API error', () => {
    expect(execRefused(404, request, 'https://x').exitCode).toBe(ExitCode.notFound);
    expect(execRefused(401, request, 'https://x').exitCode).toBe(ExitCode.cluster);
    expect(execRefused(503, request, 'https://x').message).toContain('exec into pod kube-system/etcd-cp-1 (HTTP 503)');
  });
});
