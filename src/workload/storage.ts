import type { SnapshotView } from '../engine/view.js';
import type { KubeObject } from '../kube/types.js';
import { eventLines } from './pods.js';
import { parseQuantity } from './quantity.js';

export interface StorageClass extends KubeObject {
  provisioner?: string;
  volumeBindingMode?: string;
  reclaimPolicy?: string;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    storageClassName?: string | null;
    volumeName?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: string };
}

export interface PersistentVolume extends KubeObject {
  spec?: {
    storageClassName?: string;
    capacity?: { storage?: string };
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
  };
  status?: { phase?: string; message?: string; reason?: string };
}

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

function isDefaultClass(storageClass: StorageClass): boolean {
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => storageClass.metadata.annotations?.[a] === 'true');
}

export interface ClaimDiagnosis {
  /** what keeps the claim Pending, in plain words; undefined when nothing is wrong yet */
  problem: string | undefined;
  remediation: string;
  evidence: string[];
  /** the class binds only once a pod using the claim is scheduled */
  waitsForConsumer: boolean;
}

const PROVISIONING_EVENTS = ['ProvisioningFailed', 'ExternalProvisioning', 'FailedBinding', 'Provisioning'];

/** Why a PersistentVolumeClaim is not bound, from its StorageClass, the PVs and its events. */
export function diagnoseClaim(view: SnapshotView, claim: PersistentVolumeClaim, now: Date): ClaimDiagnosis {
  const classes = view.list<StorageClass>('storageclasses');
  const requested = claim.spec?.storageClassName;
  const evidence: string[] = [`storageClassName: ${requested === undefined || requested === null ? '(not set)' : JSON.stringify(requested)}`];
  const events = eventLines(view, 'PersistentVolumeClaim', claim, now, PROVISIONING_EVENTS);
  const result = (problem: string | undefined, remediation: string, waitsForConsumer = false): ClaimDiagnosis => ({
    problem,
    remediation,
    evidence: [...evidence, ...events],
    waitsForConsumer,
  });

  if (requested === undefined || requested === null) {
    const defaults = classes.filter(isDefaultClass);
    if (view.has('storageclasses') && defaults.length === 0) {
      evidence.push(`StorageClasses: ${classes.map((c) => c.metadata.name).join(', ') || 'none'}; none is marked default`);
      return result('it names no StorageClass and the cluster has no default StorageClass', 'Set spec.storageClassName to an existing StorageClass, or mark one default (annotation storageclass.kubernetes.io/is-default-class: "true").');
    }
    if (defaults.length > 1) {
      evidence.push(`default StorageClasses: ${defaults.map((c) => c.metadata.name).join(', ')}`);
      return result(`several StorageClasses are marked default (${defaults.map((c) => c.metadata.name).join(', ')})`, 'Keep the default annotation on one StorageClass only, and set spec.storageClassName explicitly on the claim.');
    }
  }
  if (requested === '') {
    const size = parseQuantity(claim.spec?.resources?.requests?.storage) ?? 0;
    const candidates = view
      .list<PersistentVolume>('persistentvolumes')
      .filter((pv) => pv.status?.phase === 'Available' && !pv.spec?.storageClassName && (parseQuantity(pv.spec?.capacity?.storage) ?? 0) >= size);
    evidence.push(`Available PersistentVolumes without a class and large enough: ${candidates.length}`);
    if (candidates.length === 0) {
      return result('it asks for a pre-created PersistentVolume (storageClassName "") and none matches', 'Create a PersistentVolume with a matching size, access modes and no storageClassName, or set a StorageClass on the claim.');
    }
  }
  // "" asks for static binding only; unset means the default class
  const className = requested === '' ? undefined : (requested ?? classes.find(isDefaultClass)?.metadata.name);
  const storageClass = className ? classes.find((c) => c.metadata.name === className) : undefined;
  if (className && view.has('storageclasses') && !storageClass) {
    evidence.push(`StorageClasses: ${classes.map((c) => c.metadata.name).join(', ') || 'none'}`);
    return result(`StorageClass ${className} does not exist`, `Create StorageClass ${className}, or point spec.storageClassName at an existing class (the field cannot be changed: recreate the claim).`);
  }
  if (storageClass) {
    evidence.push(`StorageClass ${storageClass.metadata.name}: provisioner ${storageClass.provisioner ?? '?'}, volumeBindingMode ${storageClass.volumeBindingMode ?? 'Immediate'}`);
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer') return result(undefined, '', true);
    if (storageClass.provisioner === 'kubernetes.io/no-provisioner') {
      return result(`StorageClass ${storageClass.metadata.name} provisions nothing (kubernetes.io/no-provisioner) and no PersistentVolume of that class matches`, `Create a PersistentVolume with storageClassName ${storageClass.metadata.name} that fits the claim.`);
    }
  }
  const failed = view.eventsFor('PersistentVolumeClaim', claim.metadata.name, claim.metadata.namespace).find((e) => e.reason === 'ProvisioningFailed');
  if (failed) {
    return result(`provisioning failed: ${(failed.message ?? '').trim()}`, `Fix what the provisioner reports (capacity, parameters or credentials of StorageClass ${className ?? ''}), then the claim binds on the next retry.`);
  }
  const waiting = view.eventsFor('PersistentVolumeClaim', claim.metadata.name, claim.metadata.namespace).find((e) => e.reason === 'ExternalProvisioning');
  if (waiting) {
    const provisioner = storageClass?.provisioner ?? /provisioner ['"]([^'"]+)['"]/.exec(waiting.message ?? '')?.[1] ?? 'of its StorageClass';
    return result(`no provisioner has created a volume: the external provisioner ${provisioner} is not answering (CSI driver not installed or not running)`, `Install or repair the CSI driver ${provisioner} (its controller pod and CSIDriver object), or use a StorageClass whose provisioner runs in this cluster.`);
  }
  return result(undefined, '');
}
