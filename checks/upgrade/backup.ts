import type { Check, CheckResult } from '../../src/engine/types.js';
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
    run(_view, context): CheckResult[] {
      const backup = inputs.backup;
      if (!backup) return [];
      const object = { kind: 'SnapshotFolder', name: backup.dir };
      const save = `k8sdoc etcd snapshot save --dir ${backup.dir}`;
      const newest = backup.newest;
      if (!newest) {
        return [{ object, message: `no etcd snapshot saved by k8sdoc in ${backup.dir}`, evidence: [`${backup.dir}: no snapshot with k8sdoc metadata`], remediation: `Take one now: ${save}.` }];
      }
      const age = ageMs(newest.createdAt, context.now) ?? Infinity;
      const evidence = [`newest: ${newest.file}, taken ${newest.createdAt} (${humanDuration(age)} ago)`, newest.detail];
      if (!newest.verified) {
        return [{ object, message: `the newest etcd snapshot in ${backup.dir} is not verified`, evidence, remediation: `Take a new one (${save}), which is verified as it is saved, or verify this one.` }];
      }
      if (age > backup.maxAgeMs) {
        return [{ object, message: `the newest verified etcd snapshot is ${humanDuration(age)} old (at most ${humanDuration(backup.maxAgeMs)} allowed)`, evidence, remediation: `Take a fresh one right before the upgrade: ${save}.` }];
      }
      return [{ severity: 'info', object, message: `a verified etcd snapshot ${humanDuration(age)} old is ready for a rollback`, evidence, remediation: 'Keep it (and the PKI) off the control-plane nodes until the upgrade is verified.' }];
    },
  };
}
