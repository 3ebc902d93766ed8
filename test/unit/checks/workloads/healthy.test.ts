import { describe, expect, it } from 'vitest';
import { workloadChecks } from '../../../../checks/workloads/index.js';
import { SEVERITY_RANK } from '../../../../src/engine/types.js';
import { runCheck } from '../../../helpers/snapshot.js';
import { fixture } from './load.js';

describe('the workload check catalog on a healthy cluster', () => {
  const snapshot = fixture('healthy.yaml', { version: { gitVersion: 'v1.34.1', major: '1', minor: '34' } });

  it('yields no finding at warning or above', () => {
    const loud = workloadChecks.flatMap((check) => runCheck(check, snapshot)).filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
    expect(loud.map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
  });

  it('has stable, unique kebab-case ids and a Kubernetes docs link for every check', () => {
    const ids = workloadChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of workloadChecks) {
      expect(check.id).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(check.docs).toMatch(/^https:\/\/kubernetes\.io\/(docs|releases)\//);
    }
  });
});
