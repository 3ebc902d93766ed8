import semver from 'semver';
import type { SemVer } from 'semver';
import { allChecks } from '../../checks/index.js';
import { planChecks } from '../../checks/upgrade/index.js';
import { parseDuration } from '../base-command.js';
import { usageError } from '../errors.js';
import type { CollectClient } from '../collect/extras.js';
import { acquireSnapshot } from '../engine/diagnose.js';
import type { ProgressListener } from '../engine/progress.js';
import { runChecks } from '../engine/run.js';
import type { DiagnoseResult, FailOn } from '../engine/run.js';
import type { Suppression } from '../engine/suppress.js';
import type { Check, CheckArea, Severity, Thresholds } from '../engine/types.js';
import { DEFAULT_THRESHOLDS } from '../engine/types.js';
import { backupStatus } from './backup.js';
import { helmUses, localKubectl, writerUses } from './evidence.js';
import type { EvidenceClient } from './evidence.js';
import { fileUses } from './manifests.js';
import type { UpgradeInputs } from './types.js';

/** The diagnose areas whose problems must be fixed before an upgrade starts. */
export const HEALTH_AREAS: readonly CheckArea[] = ['nodes', 'control-plane', 'admission', 'certificates', 'etcd'];

const DAY_MS = 86_400_000;

/** "1.34", "v1.34", "1.34.2": the release to upgrade to. */
export function parseTarget(text: string): SemVer {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw usageError(`--to "${text}" is not a Kubernetes version`, 'use X.Y or X.Y.Z, e.g. --to 1.34 or --to v1.34.2');
  return new semver.SemVer(`${match[1]}.${match[2]}.${match[3] ?? '0'}`);
}

/** Durations with days as well (7d, 36h, 90m): upgrade windows are planned in days. */
export function parseLongDuration(text: string, flag: string): number {
  const days = /^(\d+)d$/.exec(text);
  return days ? Number(days[1]) * DAY_MS : parseDuration(text, flag);
}

/** The health checks of the catalog a plan runs, without the upgrade checks it runs itself with its inputs. */
export function healthChecks(catalog: readonly Check[], planned: readonly Check[]): Check[] {
  const own = new Set(planned.map((check) => check.id));
  return catalog.filter((check) => !own.has(check.id) && (HEALTH_AREAS.includes(check.area) || check.area === 'upgrade'));
}

/** Certificates must outlast the maintenance window by the usual margins. */
export function windowThresholds(base: Partial<Thresholds> | undefined, windowMs: number): Partial<Thresholds> {
  const days = Math.ceil(windowMs / DAY_MS);
  const merged = { ...DEFAULT_THRESHOLDS, ...base };
  return { ...base, certWarningDays: merged.certWarningDays + days, certErrorDays: merged.certErrorDays + days };
}

export interface PlanOptions {
  client: CollectClient & EvidenceClient;
  target: SemVer;
  files: readonly string[];
  windowMs: number;
  snapshotDir?: string | undefined;
  maxBackupAgeMs: number;
  /** look for the local kubectl (off in tests that must not depend on the PATH) */
  kubectl?: (() => ReturnType<typeof localKubectl>) | undefined;
  thresholds?: Partial<Thresholds> | undefined;
  suppressions?: readonly Suppression[] | undefined;
  minSeverity?: Severity | undefined;
  failOn?: FailOn | undefined;
  failOnSkipped?: boolean | undefined;
  onProgress?: ProgressListener | undefined;
}

/**
 * `upgrade plan`: the diagnose engine over one snapshot, with the upgrade checks fed by what
 * only a plan reads (manifests, Helm releases, writers of old API versions, the local kubectl,
 * the snapshot folder) and the health checks with certificate margins stretched by the window.
 */
export async function upgradePlan(options: PlanOptions): Promise<DiagnoseResult> {
  const startedAt = Date.now();
  // bad manifests are usage errors: found before any request
  const files = fileUses(options.files);
  const [helm, writers, kubectl, backup] = await Promise.all([
    helmUses(options.client, undefined),
    writerUses(options.client, undefined),
    (options.kubectl ?? localKubectl)(),
    options.snapshotDir ? backupStatus(options.snapshotDir, options.maxBackupAgeMs) : Promise.resolve(undefined),
  ]);
  const inputs: UpgradeInputs = {
    target: options.target,
    apiUses: [...files, ...helm.uses, ...writers.uses],
    evidenceGaps: [...helm.gaps, ...writers.gaps],
    kubectl,
    backup,
    drainBlockerSeverity: 'error',
  };
  const planned = planChecks(inputs);
  const checks = [...healthChecks(allChecks, planned), ...planned];
  const snapshot = await acquireSnapshot({ source: { kind: 'live', client: options.client, namespace: undefined }, checks, onProgress: options.onProgress });
  return runChecks(snapshot, {
    checks,
    thresholds: windowThresholds(options.thresholds, options.windowMs),
    suppressions: options.suppressions,
    minSeverity: options.minSeverity,
    failOn: options.failOn,
    failOnSkipped: options.failOnSkipped,
    onProgress: options.onProgress,
    startedAt,
  });
}
