import type { Check, CheckResult } from '../../src/engine/types.js';
import { etcdStatusOf } from '../../src/etcd/findings.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';
import { ageMs, humanDuration } from '../../src/util/time.js';

/**
 * A rollback past a failed control-plane upgrade is an etcd restore: without a recent, verified
 * snapshot there is no way back. Runs only when the plan was given a snapshot folder.
 */
export function upgradeBackup(inputs: UpgradeInputs): Check {
  return {
    id: 'upgrade-backup',
    title: 'No recent verified etcd snapshot to roll back to',
    area: 'upgrade',
    severity: 'error',
    needs: [],
    docs: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster',
    run(view, context): CheckResult[] {
      const backup = inputs.backup;
      if (!backup) return [];
      const object = { kind: 'SnapshotFolder', name: backup.dir };
      const save = `k8sdoc etcd snapshot save --dir ${backup.dir}`;
      const newest = backup.newest;
      const alteredEvidence = backup.altered.map((a) => `passed over, does not match its metadata: ${a}`);
      if (!newest) {
        const message = backup.altered.length > 0 ? `no etcd snapshot in ${backup.dir} matches its metadata: ${backup.altered.length} were altered after they were saved` : `no etcd snapshot saved by k8sdoc in ${backup.dir}`;
        return [{ object, message, evidence: alteredEvidence.length > 0 ? alteredEvidence : [`${backup.dir}: no snapshot with k8sdoc metadata`], remediation: `Take one now: ${save}.` }];
      }
      const age = ageMs(newest.createdAt, context.now) ?? Infinity;
      const evidence = [`newest intact: ${newest.file}, taken ${newest.createdAt} (${humanDuration(age)} ago)`, newest.detail, ...alteredEvidence];
      if (!newest.verified) {
        return [{ object, message: `the newest etcd snapshot in ${backup.dir} is not verified`, evidence, remediation: `Take a new one (${save}), which is verified as it is saved, or verify this one.` }];
      }
      // a restore of another cluster's snapshot replaces this cluster with that one
      const clusterId = etcdStatusOf(view.snapshot)?.clusterId;
      if (!clusterId) {
        return [{ object, message: `cannot tell whether the newest snapshot is of this cluster's etcd: etcd was not reached`, evidence, remediation: 'Give the plan access to etcd (K8SDOC_ETCD_ENDPOINTS and K8SDOC_ETCD_PKI_DIR, or K8SDOC_ETCD_VIA_POD on a kubeadm cluster) so the snapshot\'s cluster id can be compared.' }];
      }
      if (newest.clusterId !== clusterId) {
        return [{ object, message: `the newest snapshot is of etcd cluster ${newest.clusterId ?? '(not recorded)'}, not this cluster's ${clusterId}`, evidence, remediation: `A rollback needs a snapshot of this cluster: ${save}.` }];
      }
      if (!newest.kubernetesVersion) {
        return [{ object, message: 'the newest snapshot records no Kubernetes version: a rollback could not tell which release to run on it', evidence, remediation: `Take one with the kubeconfig of this cluster at hand, so its version is recorded: ${save}.` }];
      }
      if (age > backup.maxAgeMs) {
        return [{ object, message: `the newest verified etcd snapshot is ${humanDuration(age)} old (at most ${humanDuration(backup.maxAgeMs)} allowed)`, evidence, remediation: `Take a fresh one right before the upgrade: ${save}.` }];
      }
      return [{ severity: 'info', object, message: `a verified etcd snapshot of this cluster (Kubernetes ${newest.kubernetesVersion}) ${humanDuration(age)} old is ready for a rollback`, evidence, remediation: 'Keep it (and the PKI) off the control-plane nodes until the upgrade is verified.' }];
    },
  };
}
