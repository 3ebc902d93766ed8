import { describe, expect, it } from 'vitest';
import { pvReleasedOrFailed } from '../../../../checks/workloads/pv-released-or-failed.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(pvReleasedOrFailed, 'pv-released-or-failed/volumes.yaml');

describe('pv-released-or-failed', () => {
  it('is an error for a Failed volume, with the reclaim message', () => {
    const finding = findings().get('pvc-1f2e3d4c');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('no deletable volume plugin matched');
  });

  it('warns about a Released volume its Delete policy did not remove, with the deleter error', () => {
    const finding = findings().get('pvc-5e6f7a8b');
    expect(finding).toMatchObject({ severity: 'warning', message: 'is Released but not deleted although its reclaimPolicy is Delete' });
    expect(finding?.evidence.join('\n')).toContain('Warning VolumeFailedDelete (x12 over 60m, last 5m ago)');
  });

  it('notes a Retained volume as info and ignores bound ones', () => {
    expect(findings().get('pvc-9a8b7c6d')?.severity).toBe('info');
    expect(findings().get('pvc-9a8b7c6d')?.message).toContain('its claim data/data-old-db-0 is gone');
    expect(findings().has('pvc-4c1f')).toBe(false);
  });
});
