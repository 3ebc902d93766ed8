import type { SemVer } from 'semver';

/** Where a use of an API version was seen (besides the apiserver's own metric, which the snapshot carries). */
export type ApiUseSource = 'managedFields' | 'last-applied' | 'helm' | 'file';

/** One object written, or about to be written, with an apiVersion. Never carries values. */
export interface ApiUse {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  source: ApiUseSource;
  /** where exactly: "helm release shop/web revision 3", "file deploy/ingress.yaml (document 2)" */
  where: string;
}

/** An evidence source that could not be read, so a clean result is not mistaken for proof. */
export interface EvidenceGap {
  source: string;
  reason: string;
}

/** The newest verified etcd snapshot in the snapshot folder, as the plan found it. */
export interface BackupStatus {
  dir: string;
  maxAgeMs: number;
  /** undefined: no snapshot in the folder that re-checks as the file its metadata describes */
  newest?: { file: string; createdAt: string; verified: boolean; clusterId: string | undefined; kubernetesVersion: string | undefined; detail: string } | undefined;
  /** newer snapshots passed over because their size or sha256 no longer match their metadata */
  altered: string[];
}

/**
 * What an upgrade plan knows besides the snapshot: the target release and evidence read outside
 * the collector (Helm releases, manifests, the local kubectl, backups). The catalog's upgrade
 * checks run with none of it under `diagnose`, and target the next minor then.
 */
export interface UpgradeInputs {
  target?: SemVer | undefined;
  apiUses?: readonly ApiUse[] | undefined;
  evidenceGaps?: readonly EvidenceGap[] | undefined;
  /** undefined: not looked for; null: no kubectl found */
  kubectl?: { version: string; path: string } | null | undefined;
  backup?: BackupStatus | undefined;
  /** severity a drain-blocking PodDisruptionBudget gets: an error when planning maintenance */
  drainBlockerSeverity?: 'error' | 'warning' | undefined;
}
