import { describe, expect, it } from 'vitest';
import { pvcPending } from '../../../../checks/workloads/pvc-pending.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(pvcPending, 'pvc-pending/claims.yaml');

describe('pvc-pending', () => {
  it('names a StorageClass that does not exist', () => {
    const finding = findings().get('data-db-0');
    expect(finding).toMatchObject({ severity: 'error', object: { kind: 'PersistentVolumeClaim', name: 'data-db-0', namespace: 'data' } });
    expect(finding?.message).toBe('is Pending: StorageClass fast-ssd does not exist');
    expect(finding?.evidence).toContain('StorageClasses: local-path, ebs-gp3');
  });

  it('blames the external provisioner that never answers', () => {
    expect(findings().get('uploads')?.message).toBe(
      'is Pending: no provisioner has created a volume: the external provisioner ebs.csi.aws.com is not answering (CSI driver not installed or not running)',
    );
  });

  it('explains a static-binding claim with no matching PersistentVolume', () => {
    expect(findings().get('scratch')?.message).toBe('is Pending: it asks for a pre-created PersistentVolume (storageClassName "") and none matches');
  });

  it('lets WaitForFirstConsumer claims wait, until their pod cannot be scheduled', () => {
    expect(findings().has('cache')).toBe(false);
    const finding = findings().get('queue-data');
    expect(finding).toMatchObject({ severity: 'warning', message: 'waits for its first consumer, but pod queue-0 that uses it cannot be scheduled' });
    expect(finding?.evidence.join('\n')).toContain("didn't match Pod's node affinity/selector");
  });

  it('leaves bound claims alone', () => {
    expect(findings().has('logs')).toBe(false);
  });

  it('says when no StorageClass is default, or several are', () => {
    expect(findingsByName(pvcPending, 'pvc-pending/no-default.yaml').get('data')?.message).toBe(
      'is Pending: it names no StorageClass and the cluster has no default StorageClass',
    );
    expect(findingsByName(pvcPending, 'pvc-pending/several-defaults.yaml').get('data')?.message).toBe(
      'is Pending: several StorageClasses are marked default (standard, premium)',
    );
  });
});
