import type { Container, ContainerStatus, Pod } from '../kube/types.js';
import { age } from '../util/time.js';

export interface PodStatusColumns {
  /** "1/2": ready containers (sidecars included) over containers */
  ready: string;
  /** kubectl's STATUS column: Running, CrashLoopBackOff, Init:0/2, Terminating... */
  status: string;
  /** "5 (2m ago)", or "0" */
  restarts: string;
}

/** The reason kubelet gives pods it lost contact with (node.NodeUnreachablePodReason). */
const NODE_LOST = 'NodeLost';

/** Native sidecars: init containers that keep running next to the app containers. */
function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function finishedAt(status: ContainerStatus): number | undefined {
  const at = status.lastState?.terminated?.finishedAt;
  if (!at) return undefined;
  const t = Date.parse(at);
  return Number.isNaN(t) ? undefined : t;
}

function later(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  return current === undefined || candidate > current ? candidate : current;
}

function conditionTrue(pod: Pod, type: string): boolean {
  // kubectl reads the first condition of the type for Initialized and any true one for Ready;
  // the API never repeats a condition type, so one lookup serves both
  return pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/**
 * READY, STATUS and RESTARTS exactly as kubectl 1.36 prints them (printPod in
 * pkg/printers/internalversion/printers.go, which the API server also uses for Table output),
 * so a k8sdoc table reads the same as the kubectl one next to it.
 */
export function podStatus(pod: Pod, now: Date = new Date()): PodStatusColumns {
  const status = pod.status ?? {};
  const initContainers = pod.spec.initContainers ?? [];
  const initSpecs = new Map(initContainers.map((c) => [c.name, c]));
  const totalContainers = pod.spec.containers.length + initContainers.filter(isRestartable).length;
  let readyContainers = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let reason = status.reason || (status.phase ?? '');
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [index, container] of initStatuses.entries()) {
    const sidecar = isRestartable(initSpecs.get(container.name));
    restarts += container.restartCount;
    lastRestart = later(lastRestart, finishedAt(container));
    if (sidecar) {
      sidecarRestarts += container.restartCount;
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(container));
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = status.containerStatuses ?? [];
    // kubectl walks the containers from the last to the first, so the first container's state wins
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount;
      lastRestart = later(lastRestart, finishedAt(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated) {
        if (terminated.reason) reason = terminated.reason;
        else if (terminated.signal) reason = `Signal:${terminated.signal}`;
        else reason = `ExitCode:${terminated.exitCode}`;
        if (terminated.exitCode !== 0) errorReason = reason;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // a pod whose first container completed while others still run is not "Completed"
    if (reason === 'Completed') {
      if (hasRunning && conditionTrue(pod, 'Ready')) reason = 'Running';
      else if (errorReason) reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata.deletionTimestamp);
  if (deleting && status.reason === NODE_LOST) reason = 'Unknown';
  else if (deleting && status.phase !== 'Failed' && status.phase !== 'Succeeded') reason = 'Terminating';

  const restartsText = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}
