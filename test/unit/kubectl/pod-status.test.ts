import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { podStatus } from '../../../src/kubectl/pod-status.js';
import type { Pod } from '../../../src/kube/types.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const pods = (yaml.load(readFileSync(path.join(FIXTURES, 'pods/status.yaml'), 'utf8')) as { items: Pod[] }).items;

function pod(name: string): Pod {
  const found = pods.find((p) => p.metadata.name === name);
  if (!found) throw new Error(`fixture pod ${name} missing`);
  return found;
}

// [pod, READY, STATUS, RESTARTS] as kubectl 1.36 prints them for the same objects
const expected: [string, string, string, string][] = [
  ['running', '1/1', 'Running', '0'],
  ['half-ready', '1/2', 'Running', '0'],
  ['restarts-without-termination-time', '1/1', 'Running', '3'],
  ['pending', '0/1', 'Pending', '0'],
  ['no-status', '0/1', '', '0'],
  ['scheduling-gated', '0/1', 'SchedulingGated', '0'],
  ['evicted', '0/1', 'Evicted', '0'],
  ['init-first-running', '0/1', 'Init:0/2', '0'],
  ['init-second-running', '0/1', 'Init:1/2', '0'],
  ['init-crashloop', '0/1', 'Init:CrashLoopBackOff', '3 (5m ago)'],
  ['init-error', '0/1', 'Init:Error', '0'],
  ['init-signal', '0/1', 'Init:Signal:9', '0'],
  ['init-exit-code', '0/1', 'Init:ExitCode:2', '0'],
  ['init-waiting-but-initialized', '1/1', 'Init:0/1', '2'],
  ['crashloop', '0/1', 'CrashLoopBackOff', '5 (2m ago)'],
  ['image-pull-backoff', '0/1', 'ImagePullBackOff', '0'],
  ['err-image-pull', '0/1', 'ErrImagePull', '0'],
  ['config-error', '0/1', 'CreateContainerConfigError', '0'],
  ['container-creating', '0/1', 'ContainerCreating', '0'],
  ['waiting-first-container-wins', '0/2', 'ImagePullBackOff', '0'],
  ['oom-killed', '0/1', 'OOMKilled', '1 (10m ago)'],
  ['signal', '0/1', 'Signal:15', '0'],
  ['exit-code', '0/1', 'ExitCode:3', '0'],
  ['completed', '0/1', 'Completed', '0'],
  ['completed-but-other-running-ready', '1/2', 'Running', '0'],
  ['completed-but-other-running-not-ready', '1/2', 'NotReady', '0'],
  ['completed-but-other-failed', '0/2', 'Error', '0'],
  ['terminating', '1/1', 'Terminating', '0'],
  ['node-lost', '1/1', 'Unknown', '0'],
  ['deleted-after-success', '0/1', 'Completed', '0'],
  ['sidecar-running', '2/2', 'Running', '3 (30m ago)'],
  ['sidecar-not-started', '0/2', 'Init:0/1', '0'],
  ['node-affinity-rejected', '0/1', 'NodeAffinity', '0'],
];

describe('podStatus (kubectl printPod)', () => {
  it.each(expected)('%s → READY %s STATUS %s RESTARTS %s', (name, ready, status, restarts) => {
    expect(podStatus(pod(name), NOW)).toEqual({ ready, status, restarts });
  });

  it('covers every pod in the fixture', () => {
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(expected.map(([name]) => name).sort());
  });

  it('ages the last restart against the given clock', () => {
    expect(podStatus(pod('crashloop'), new Date('2026-11-01T14:58:00Z')).restarts).toBe('5 (3h ago)');
  });
});
