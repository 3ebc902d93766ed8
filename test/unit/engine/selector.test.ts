import { describe, expect, it } from 'vitest';
import { namePattern, parseLabelSelector } from '../../../src/engine/selector.js';
import { matchesLabelSelector } from '../../../src/workload/selectors.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/part-of': 'shop' };
  const matches = (selector: string): boolean => matchesLabelSelector(parseLabelSelector(selector), labels);

  it('reads the kubectl syntax', () => {
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier=front')).toBe(true);
    expect(matches('app!=web')).toBe(false);
    expect(matches('env!=prod')).toBe(true);
    expect(matches('tier in (front, back)')).toBe(true);
    expect(matches('tier notin (front)')).toBe(false);
    expect(matches('app.kubernetes.io/part-of')).toBe(true);
    expect(matches('!canary')).toBe(true);
    expect(matches('!app')).toBe(false);
    expect(matchesLabelSelector(parseLabelSelector('app=web'), undefined)).toBe(false);
    expect(matches('')).toBe(true);
  });

  it('rejects a malformed selector with a usage error', () => {
    expect(() => parseLabelSelector('app=web,=x')).toThrow(/invalid label selector "app=web,=x" at "=x"/);
    expect(() => parseLabelSelector('a b')).toThrow(/invalid label selector/);
  });
});

describe('name patterns', () => {
  it('treats /.../ as a regex and anything else as a whole-name glob', () => {
    expect(namePattern('web-*').test('web-7d9f')).toBe(true);
    expect(namePattern('web-*').test('my-web-7d9f')).toBe(false);
    expect(namePattern('db-?').test('db-1')).toBe(true);
    expect(namePattern('a.b').test('axb')).toBe(false);
    expect(namePattern('/^web-[0-9]+$/').test('web-12')).toBe(true);
    expect(namePattern('/WEB/i').test('my-web')).toBe(true);
  });
});
