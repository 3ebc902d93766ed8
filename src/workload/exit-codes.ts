import type { ContainerStateTerminated } from '../kube/types.js';

const MEANINGS: Record<number, string> = {
  0: 'exited successfully',
  1: 'the application exited with an error',
  2: 'the application rejected its arguments or shell usage',
  126: 'the command is not executable: permissions or a wrong binary format',
  127: 'the command was not found in the image',
  128: 'invalid exit argument',
  134: 'aborted with SIGABRT',
  137: 'killed with SIGKILL: out of memory or a failed liveness probe',
  139: 'segmentation fault, SIGSEGV',
  143: 'terminated with SIGTERM: stopped from outside by a liveness probe, an eviction or a deletion',
};

/** What a container exit code means, per the conventions of shells and signals (128 + n). */
function exitCodeMeaning(code: number): string {
  const known = MEANINGS[code];
  if (known) return known;
  if (code > 128 && code < 160) return `killed by signal ${code - 128}`;
  return 'the application exited with an error';
}

/** "exit code 1 (the application exited with an error)", with the runtime's reason when it adds one. */
export function describeTermination(terminated: ContainerStateTerminated): string {
  const reason = terminated.reason && terminated.reason !== 'Error' && terminated.reason !== 'Completed' ? `${terminated.reason}, ` : '';
  return `${reason}exit code ${terminated.exitCode} (${exitCodeMeaning(terminated.exitCode)})`;
}

/** What to do about a crash with this exit code. */
export function exitCodeRemedy(code: number): string {
  switch (code) {
    case 126:
    case 127:
      return 'Fix the container command/args or the image entrypoint so that the binary exists and is executable.';
    case 137:
      return 'If it was OOMKilled raise the memory limit; if a liveness probe killed it, relax the probe (initialDelaySeconds, failureThreshold, or a startupProbe).';
    case 139:
      return 'Check that the image matches the node architecture and its native libraries; a segfault is a bug in the program or a library.';
    case 143:
      return 'Find who stopped it: liveness probe failures in the events, evictions, or a rollout; make the app shut down on SIGTERM within terminationGracePeriodSeconds.';
    default:
      return 'Read the logs of the previous instance (kubectl logs --previous) and fix the configuration or the dependency it fails on.';
  }
}
