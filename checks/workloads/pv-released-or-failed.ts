import type { Check, CheckResult } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { age } from '../../src/util/time.js';
import { eventLines } from '../../src/workload/pods.js';
import type { PersistentVolume } from '../../src/workload/storage.js';

export const pvReleasedOrFailed: Check = {
  id: 'pv-released-or-failed',
  title: 'PersistentVolumes left Released or Failed',
  area: 'storage',
  severity: 'warning',
  needs: ['persistentvolumes'],
  optional: ['events'],
  docs: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming',
  run(view, { now }) {
    return view.list<PersistentVolume>('persistentvolumes').flatMap((pv): CheckResult[] => {
      const phase = pv.status?.phase;
      if (phase !== 'Released' && phase !== 'Failed') return [];
      const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
      const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : 'none';
      const evidence = [
        `phase ${phase}, reclaimPolicy ${policy}, capacity ${pv.spec?.capacity?.storage ?? '?'}, StorageClass ${pv.spec?.storageClassName || '(none)'}`,
        `former claim: ${claim}`,
        ...(pv.status?.message ? [`message: ${pv.status.message}`] : []),
        ...eventLines(view, 'PersistentVolume', pv, now, ['VolumeFailedDelete', 'VolumeFailedRecycle']),
        `created ${age(pv.metadata.creationTimestamp, now)} ago`,
      ];
      if (phase === 'Failed') {
        return [
          {
            object: refOf(pv, 'PersistentVolume'),
            severity: 'error',
            message: `is Failed: automatic reclamation (${policy}) did not succeed${pv.status?.message ? `: ${pv.status.message}` : ''}`,
            evidence,
            remediation: 'Fix what the provisioner reports, delete the backing volume by hand if needed, then delete the PersistentVolume object.',
          },
        ];
      }
      // Retain keeps the data on purpose; Delete should have removed it, so something is failing
      return [
        {
          object: refOf(pv, 'PersistentVolume'),
          severity: policy === 'Retain' ? 'info' : undefined,
          message: policy === 'Retain' ? `is Released: its claim ${claim} is gone and the data is kept (Retain) until someone reclaims it` : `is Released but not deleted although its reclaimPolicy is ${policy}`,
          evidence,
          remediation:
            policy === 'Retain'
              ? 'Back up or delete the data, then delete the PersistentVolume (or clear spec.claimRef to let a new claim bind it).'
              : 'Check the provisioner (CSI controller logs) that should delete the volume; once the backing volume is gone, delete the PersistentVolume.',
        },
      ];
    });
  },
};
