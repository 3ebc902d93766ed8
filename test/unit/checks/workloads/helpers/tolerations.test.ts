import { describe, expect, it } from 'vitest';
import { formatTaint, tolerates, tolerationFor } from '../../../../../src/workload/tolerations.js';

const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('tolerations', () => {
  it('matches key, value and effect like the API does', () => {
    expect(tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(tolerates({ key: 'dedicated', value: 'gpu' }, taint)).toBe(true);
    expect(tolerates({ key: 'dedicated', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'dedicated', value: 'cpu' }, taint)).toBe(false);
    expect(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ value: 'gpu' }, taint)).toBe(false);
  });

  it('writes taints and the toleration that fits them', () => {
    expect(formatTaint(taint)).toBe('dedicated=gpu:NoSchedule');
    expect(tolerationFor(taint)).toBe('{key: dedicated, operator: Equal, value: "gpu", effect: NoSchedule}');
    expect(tolerationFor({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' })).toBe('{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}');
  });
});
