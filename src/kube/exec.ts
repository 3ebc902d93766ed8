import { Writable } from 'node:stream';
import { Exec } from '@kubernetes/client-node';
import { K8sdocError, messageOf } from '../errors.js';
import type { KubeClient } from './client.js';
import { ApiError, errorFromNetwork, errorFromResponse } from './http.js';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  /** the program and its arguments, as an argument array (no shell) */
  command: string[];
  /** whole-run limit; the stream is closed when it passes */
  timeoutMs: number;
  cancelSignal?: AbortSignal | undefined;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The Status object the remote-command protocol (v4 and later) sends on its status channel. */
export interface ExecStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/**
 * Exit code of a finished command from its status: 0 on Success; the ExitCode cause of a
 * NonZeroExitCode failure (what a kubelet sends); or, for runtimes that report a failed process
 * only as an InternalError (kwok), the "exit status N" that ends its message. Undefined when the
 * command did not run at all (not found, not executable, container gone).
 */
export function exitCodeOf(status: ExecStatus): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && cause?.message !== undefined && /^\d+$/.test(cause.message)) return Number(cause.message);
  const trailing = /exit status (\d+)\s*$/.exec(status.message ?? '');
  return trailing ? Number(trailing[1]) : undefined;
}

/** The runtime's reason in one line, without the repeated wrappers and the echoed command line. */
export function failureOf(status: ExecStatus, command: readonly string[]): string {
  const first = (status.message ?? status.reason ?? 'unknown failure').split('\n')[0] ?? '';
  return first.replace(/^(Internal error occurred: )+/, '').replace(command.join(' '), command[0] ?? '');
}

const where = (request: ExecRequest): string => `pod ${request.namespace}/${request.pod}`;

/**
 * An exec refused before the stream opened: client-node only passes on "Unexpected server
 * response: 403", so the answer is rebuilt from its status code and what was asked.
 */
export function execRefused(statusCode: number, request: ExecRequest, server: string): ApiError {
  if (statusCode === 403) {
    return new ApiError(
      'forbidden',
      `forbidden: you may not create pods/exec in namespace ${request.namespace} (exec into ${where(request)})`,
      403,
      'forbidden',
      `ask a cluster admin for the permission: verb create on resource pods/exec in namespace ${request.namespace}`,
      undefined,
    );
  }
  if (statusCode === 404) return new ApiError('not-found', `${where(request)} not found`, 404, 'notFound', 'check the pod name (`k8sdoc get pods -n kube-system -l component=etcd`)', undefined);
  if (statusCode === 400) return new ApiError('invalid', `the API server refused to exec into container ${request.container} of ${where(request)} (400: no such container, or the pod is not running)`, 400, 'precondition', 'check that the pod runs and has this container', undefined);
  return errorFromResponse({ status: statusCode, headers: {}, body: Buffer.alloc(0) }, `exec into ${where(request)}`, server);
}

class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs a command in a container through the API's exec subresource (WebSocket,
 * v5/v4.channel.k8s.io), collects stdout and stderr, and returns the exit code from the status
 * channel. A non-zero exit is returned, not thrown; a command that could not run, a refused
 * request, a timeout or an interruption is thrown as a one-line K8sdocError.
 */
export async function execInPod(client: KubeClient, request: ExecRequest): Promise<ExecResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  let status: ExecStatus | undefined;
  const what = `exec into ${where(request)}`;
  let socket: Awaited<ReturnType<Exec['exec']>>;
  try {
    socket = await new Exec(client.resolved.config).exec(request.namespace, request.pod, request.container, request.command, stdout, stderr, null, false, (s) => {
      status = s as ExecStatus;
    });
  } catch (error) {
    // client-node rejects with the socket's ErrorEvent; the underlying Error is its `error`
    const cause = (error as { error?: unknown }).error ?? error;
    const refused = /Unexpected server response: (\d+)/.exec(messageOf(cause));
    if (refused) throw execRefused(Number(refused[1]), request, client.server);
    throw errorFromNetwork(cause, client.server, what, request.timeoutMs);
  }
  const outcome = await new Promise<'closed' | 'timeout' | 'interrupted'>((resolve) => {
    // whichever comes first settles it, and nothing is left pending to keep the process alive
    const finish = (how: 'closed' | 'timeout' | 'interrupted'): void => {
      clearTimeout(timer);
      request.cancelSignal?.removeEventListener('abort', onAbort);
      resolve(how);
    };
    const timer = setTimeout(() => finish('timeout'), request.timeoutMs);
    const onAbort = (): void => finish('interrupted');
    request.cancelSignal?.addEventListener('abort', onAbort, { once: true });
    socket.on('close', () => finish('closed'));
    if (request.cancelSignal?.aborted) onAbort();
  });
  if (outcome !== 'closed') {
    socket.terminate();
    if (outcome === 'interrupted') throw new K8sdocError('interrupted', 'interrupted', { exit: 'interrupted' });
    throw new K8sdocError('exec-timeout', `${request.command[0] ?? 'the command'} in ${where(request)} did not finish within ${request.timeoutMs / 1000}s`, { exit: 'cluster', hint: 'check that the pod and the node answer, or allow more time with --timeout' });
  }
  if (!status) {
    throw new K8sdocError('exec-no-status', `the exec stream of ${where(request)} closed without an exit status`, { exit: 'cluster', hint: 'the connection to the node was cut (the kubelet or a proxy in between); retry' });
  }
  const exitCode = exitCodeOf(status);
  if (exitCode === undefined) {
    const failure = failureOf(status, request.command);
    throw new K8sdocError('exec-failed', `cannot run ${request.command[0] ?? 'the command'} in container ${request.container} of ${where(request)}: ${failure}`, {
      exit: 'precondition',
      // the node's kubelet said no before anything ran: its words say why
      hint: /unable to upgrade connection/.test(failure) ? 'the node refused to serve exec; see its reason above' : 'check that the program exists in the container image',
    });
  }
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode };
}
