import type { Condition, KubeObject, PodSpec } from '../kube/types.js';
import type { LabelSelector } from './selectors.js';

/** Wire shapes of the workload kinds, limited to the fields the checks read. */
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}

export interface Deployment extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; progressDeadlineSeconds?: number; paused?: boolean; template?: PodTemplate };
  status?: { replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; unavailableReplicas?: number; conditions?: Condition[] };
}

export interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: Condition[] };
}

export interface StatefulSet extends KubeObject {
  spec?: { replicas?: number; serviceName?: string; podManagementPolicy?: string; template?: PodTemplate };
  status?: { replicas?: number; readyReplicas?: number; currentReplicas?: number; updatedReplicas?: number; availableReplicas?: number; currentRevision?: string; updateRevision?: string };
}

export interface DaemonSet extends KubeObject {
  spec?: { template?: PodTemplate };
  status?: { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number; numberAvailable?: number; numberUnavailable?: number; numberMisscheduled?: number; updatedNumberScheduled?: number };
}

export interface Job extends KubeObject {
  spec?: { backoffLimit?: number; activeDeadlineSeconds?: number; completions?: number; parallelism?: number; suspend?: boolean; template?: PodTemplate };
  status?: { active?: number; succeeded?: number; failed?: number; startTime?: string; completionTime?: string; conditions?: Condition[] };
}

export interface CronJob extends KubeObject {
  spec?: { schedule?: string; timeZone?: string; suspend?: boolean; concurrencyPolicy?: string; startingDeadlineSeconds?: number };
  status?: { active?: { kind?: string; name: string; namespace?: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

export interface MetricSpec {
  type: string;
  resource?: { name: string; target?: { type?: string; averageUtilization?: number } };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec?: { scaleTargetRef?: { apiVersion?: string; kind: string; name: string }; minReplicas?: number; maxReplicas?: number; metrics?: MetricSpec[] };
  status?: { currentReplicas?: number; desiredReplicas?: number; conditions?: Condition[] };
}
