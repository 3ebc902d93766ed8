import type { KnownResource } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import type { SnapshotView } from './view.js';
import { ETCD_DEFAULT_QUOTA_BYTES } from '../controlplane/etcd.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; for sorting and --min-severity / --fail-on comparisons. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string | undefined;
}

/** One problem on one object (or one workload, when the engine groups its pods). */
export interface Finding {
  /** stable check id, e.g. pod-crashloop */
  checkId: string;
  severity: Severity;
  object: ObjectRef;
  /** the top-level workload that owns the object (Deployment, StatefulSet, CronJob...) */
  owner?: ObjectRef | undefined;
  /** one line: what is wrong */
  message: string;
  /** the facts behind it: status fields, event lines with counts and ages, log lines */
  evidence: string[];
  /** what to do about it */
  remediation: string;
  /** further reading */
  docs?: string | undefined;
  /** the objects a grouped finding stands for (filled by the engine when it groups pods) */
  objects?: ObjectRef[] | undefined;
}

/** What a check returns: the finding without its id, which the engine fills in. */
export type CheckResult = Omit<Finding, 'checkId' | 'docs' | 'severity'> & { severity?: Severity };

/** Non-object inputs a collector can gather for the checks that ask for them. */
export type Extra =
  | 'version'
  | 'readyz'
  | 'livez'
  | 'metrics'
  /** previous-container logs of crashed containers */
  | 'logs'
  /** certificates read from files: PKI directory, kubeconfig client cert, served chain */
  | 'certificates'
  /** a live DNS probe result (diagnose --active) */
  | 'dns'
  /** etcd member status from etcdctl, when an endpoint is configured */
  | 'etcd';

export type CheckArea =
  | 'pods'
  | 'workloads'
  | 'nodes'
  | 'services'
  | 'storage'
  | 'quotas'
  | 'certificates'
  | 'dns'
  | 'control-plane'
  | 'admission'
  | 'etcd'
  | 'upgrade';

export interface Thresholds {
  /** certificate residual time that makes a warning / an error, in days */
  certWarningDays: number;
  certErrorDays: number;
  /** restarts in a container that count as "climbing" */
  restartWarning: number;
  /** share of node allocatable requested by pods that counts as nearly exhausted */
  allocatableWarning: number;
  /** a pod Terminating longer than this is stuck, in seconds */
  stuckTerminatingSeconds: number;
  /** a Job's sidecar still running this long after the main container exited keeps the Job from completing, in seconds */
  sidecarGraceSeconds: number;
  /** a Lease not renewed for this long is stale, in seconds */
  leaseStaleSeconds: number;
  /** ResourceQuota usage share that counts as at its limit */
  quotaWarning: number;
  /** etcd's --quota-backend-bytes, for judging the database size the apiserver's metrics report */
  etcdQuotaBytes: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  certWarningDays: 30,
  certErrorDays: 7,
  restartWarning: 5,
  allocatableWarning: 0.9,
  stuckTerminatingSeconds: 300,
  sidecarGraceSeconds: 300,
  leaseStaleSeconds: 60,
  quotaWarning: 1,
  etcdQuotaBytes: ETCD_DEFAULT_QUOTA_BYTES,
};

export interface CheckContext {
  now: Date;
  thresholds: Thresholds;
}

/**
 * A check: metadata plus a pure function over the collected snapshot. It makes no API calls;
 * everything it reads it declares in `needs` (resource kinds) and `extras`.
 */
export interface Check {
  id: string;
  title: string;
  area: CheckArea;
  /** default severity of its findings (a finding may override it) */
  severity: Severity;
  needs: readonly KnownResource[];
  /**
   * Kinds the check reads when they were collected but can do without (they sharpen the
   * evidence): collected whenever the user may list them, never a reason to skip the check.
   */
  optional?: readonly KnownResource[];
  extras?: readonly Extra[];
  docs: string;
  run(view: SnapshotView, context: CheckContext): CheckResult[];
}

/** A forbidden or failed input, so the checks that needed it can be reported as skipped. */
export interface MissingInput {
  input: KnownResource | Extra;
  /** e.g. 'list pods in all namespaces' */
  permission: string;
  reason: string;
}

/** Everything collected for one run: the same on a live cluster, the embedded one or a dump. */
export interface Snapshot {
  /** schema version of the dump format */
  format: 1;
  collectedAt: string;
  /** the API server, or the dump it came from */
  source: string;
  /** undefined: all namespaces */
  namespace: string | undefined;
  resources: Partial<Record<KnownResource, KubeObject[]>>;
  extras: {
    version?: { gitVersion: string; major?: string; minor?: string };
    readyz?: string;
    livez?: string;
    metrics?: string;
    /** `namespace/pod/container` → last lines of the previous container's log */
    logs?: Record<string, string[]>;
    certificates?: unknown[];
    dns?: unknown;
    etcd?: unknown;
  };
  missing: MissingInput[];
}
