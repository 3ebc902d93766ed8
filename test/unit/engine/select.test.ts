import { describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { selectChecks, splitList } from '../../../src/engine/select.js';
import { testCatalog } from './checks.js';

const ids = (selection: Parameters<typeof selectChecks>[1]): string[] => selectChecks(testCatalog, selection).map((c) => c.id);

describe('selectChecks', () => {
  it('runs the whole catalog by default, in catalog order', () => {
    expect(ids({})).toEqual(testCatalog.map((c) => c.id));
  });

  it('takes check ids and areas, and leaves out skipped ones', () => {
    expect(ids({ checks: ['pods', 'test-cordoned'] })).toEqual(['test-waiting', 'test-cordoned', 'test-logs']);
    expect(ids({ checks: ['pods'], skip: ['test-logs'] })).toEqual(['test-waiting']);
    expect(ids({ skip: ['workloads', 'certificates'] })).toEqual(['test-waiting', 'test-cordoned', 'test-logs']);
  });

  it('rejects an unknown id with exit 2 and the list of known ids', () => {
    let error: unknown;
    try {
      selectChecks(testCatalog, { checks: ['pod-crashlop'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(K8sdocError);
    expect((error as K8sdocError).exitCode).toBe(2);
    expect((error as K8sdocError).oneLine()).toBe(
      'unknown check or area "pod-crashlop" in --checks. known checks: test-waiting, test-cordoned, test-throws, test-secrets, test-certs, test-logs; areas: pods, nodes, workloads, certificates',
    );
  });

  it('refuses a selection that leaves nothing to run', () => {
    expect(() => selectChecks(testCatalog, { checks: ['nodes'], skip: ['test-cordoned'] })).toThrow(/no checks left to run/);
  });
});

describe('splitList', () => {
  it('splits repeated and comma-separated flag values', () => {
    expect(splitList(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
