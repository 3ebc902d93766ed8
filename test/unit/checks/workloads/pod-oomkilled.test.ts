import { describe, expect, it } from 'vitest';
import { podOomKilled } from '../../../../checks/workloads/pod-oomkilled.js';
import { findingsByName } from './load.js';

const findings = () => findingsByName(podOomKilled, 'pod-oomkilled/oom.yaml');

describe('pod-oomkilled', () => {
  it('compares the memory limit with the request and is an error while the container crash-loops', () => {
    const finding = findings().get('importer-0');
    expect(finding).toMatchObject({ checkId: 'pod-oomkilled', severity: 'error', owner: { kind: 'StatefulSet', name: 'importer', namespace: 'data' } });
    expect(finding?.message).toBe('container importer was OOMKilled: it used more than its 256Mi memory limit and is now in CrashLoopBackOff');
    expect(finding?.evidence).toEqual(['memory limit 256Mi, request 128Mi', 'last state: OOMKilled, exit code 137, 8m30s ago', '8 restarts, now CrashLoopBackOff']);
  });

  it('blames the node when the container has no memory limit, as a warning once it runs again', () => {
    const finding = findings().get('indexer');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('OOMKilled by the node (it has no memory limit');
    expect(finding?.evidence[0]).toBe('memory limit none, request none');
  });

  it('ignores containers whose last exit was not an OOM kill', () => {
    expect(findings().has('api')).toBe(false);
  });
});
