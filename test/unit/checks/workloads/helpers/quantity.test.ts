import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, formatQuantity, parseQuantity } from '../../../../../src/workload/quantity.js';

describe('resource quantities', () => {
  it('parses the suffixes and exponents the API uses', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseQuantity('128Mi')).toBe(128 * 1024 ** 2);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('100k')).toBe(1e5);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('250u')).toBeCloseTo(0.00025);
  });

  it('rejects what is not a quantity', () => {
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseQuantity('1 Gi')).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });

  it('formats cpu and bytes the way people write them', () => {
    expect(formatCpu(4)).toBe('4');
    expect(formatCpu(1.75)).toBe('1.75');
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatBytes(1024 ** 3)).toBe('1Gi');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5Gi');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300Mi');
    expect(formatBytes(512)).toBe('512');
    expect(formatQuantity('requests.memory', 2 * 1024 ** 3)).toBe('2Gi');
    expect(formatQuantity('limits.cpu', 0.5)).toBe('500m');
    expect(formatQuantity('pods', 10)).toBe('10');
  });
});
