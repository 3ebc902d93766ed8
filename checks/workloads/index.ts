import type { Check } from '../../src/engine/types.js';
import { cronJobBadSchedule } from './cronjob-bad-schedule.js';
import { cronJobMissedSchedule } from './cronjob-missed-schedule.js';
import { cronJobSuspended } from './cronjob-suspended.js';
import { daemonSetNotReady } from './daemonset-not-ready.js';
import { deploymentProgressDeadline } from './deployment-progress-deadline.js';
import { deploymentUnavailable } from './deployment-unavailable.js';
import { hpaUnableToCompute } from './hpa-unable-to-compute.js';
import { jobFailed } from './job-failed.js';
import { jobSidecarRunning } from './job-sidecar-running.js';
import { nodeAllocatableExhausted } from './node-allocatable-exhausted.js';
import { nodeCordoned } from './node-cordoned.js';
import { nodeKubeletSkew } from './node-kubelet-skew.js';
import { nodeNotReady } from './node-not-ready.js';
import { nodePressure } from './node-pressure.js';
import { podCrashLoop } from './pod-crashloop.js';
import { podCreateConfigError } from './pod-create-config-error.js';
import { podEvicted } from './pod-evicted.js';
import { podImagePull } from './pod-image-pull.js';
import { podNoScheduler } from './pod-no-scheduler.js';
import { podOomKilled } from './pod-oomkilled.js';
import { podReadinessFailing } from './pod-readiness-failing.js';
import { podRestartsClimbing } from './pod-restarts-climbing.js';
import { podSchedulingGated } from './pod-scheduling-gated.js';
import { podStuckCreating } from './pod-stuck-creating.js';
import { podStuckTerminating } from './pod-stuck-terminating.js';
import { podUnschedulable } from './pod-unschedulable.js';
import { pvReleasedOrFailed } from './pv-released-or-failed.js';
import { pvcPending } from './pvc-pending.js';
import { quotaAtLimit } from './quota-at-limit.js';
import { replicaSetFailedCreate } from './replicaset-failed-create.js';
import { serviceNoEndpoints } from './service-no-endpoints.js';
import { serviceTargetPort } from './service-target-port.js';
import { statefulSetNotReady } from './statefulset-not-ready.js';

/** Pod, workload, node, service, storage and quota checks, in report order. */
export const workloadChecks: readonly Check[] = [
  // pods
  podUnschedulable,
  podSchedulingGated,
  podNoScheduler,
  podCrashLoop,
  podOomKilled,
  podImagePull,
  podCreateConfigError,
  podStuckCreating,
  podReadinessFailing,
  podEvicted,
  podStuckTerminating,
  podRestartsClimbing,
  // workloads
  deploymentUnavailable,
  deploymentProgressDeadline,
  replicaSetFailedCreate,
  statefulSetNotReady,
  daemonSetNotReady,
  jobFailed,
  jobSidecarRunning,
  cronJobBadSchedule,
  cronJobMissedSchedule,
  cronJobSuspended,
  hpaUnableToCompute,
  // nodes
  nodeNotReady,
  nodePressure,
  nodeCordoned,
  nodeKubeletSkew,
  nodeAllocatableExhausted,
  // services
  serviceNoEndpoints,
  serviceTargetPort,
  // storage
  pvcPending,
  pvReleasedOrFailed,
  // quotas
  quotaAtLimit,
];
