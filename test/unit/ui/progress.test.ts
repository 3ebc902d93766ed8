import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/engine/progress.js';
import { INITIAL_PROGRESS, applyProgress, progressLine, stderrProgress } from '../../../src/ui/progress.js';

describe('progress state', () => {
  it('keeps one line per input with its latest state, and counts checks', () => {
    const events: ProgressEvent[] = [
      { type: 'input', input: 'pods', state: 'started' },
      { type: 'input', input: 'nodes', state: 'started' },
      { type: 'input', input: 'pods', state: 'listing', count: 500 },
      { type: 'input', input: 'nodes', state: 'missing', reason: 'you may not list nodes' },
      { type: 'input', input: 'pods', state: 'done', count: 734, ms: 1500 },
      { type: 'check', checkId: 'a', state: 'done', findings: 2 },
      { type: 'check', checkId: 'b', state: 'skipped', findings: 0 },
      { type: 'check', checkId: 'c', state: 'failed', findings: 1 },
    ];
    const state = events.reduce(applyProgress, INITIAL_PROGRESS);
    expect(state).toEqual({
      inputs: [
        { input: 'pods', state: 'done', count: 734, ms: 1500 },
        { input: 'nodes', state: 'missing', reason: 'you may not list nodes' },
      ],
      checksDone: 2,
      checksSkipped: 1,
      checksFailed: 1,
      findings: 3,
    });
  });

  it('writes stderr lines only for finished or failed inputs', () => {
    expect(progressLine({ type: 'input', input: 'pods', state: 'listing', count: 5 })).toBeUndefined();
    expect(progressLine({ type: 'input', input: 'pods', state: 'done', count: 20000, ms: 4200 })).toBe('pods: 20000 objects  4.2s');
    expect(progressLine({ type: 'input', input: 'nodes', state: 'missing', reason: 'you may not list nodes' })).toBe('nodes: not collected: you may not list nodes');
    expect(progressLine({ type: 'check', checkId: 'x', state: 'done', findings: 0 })).toBeUndefined();
  });
});

describe('stderrProgress', () => {
  it('notes finished inputs on a terminal and stays silent in pipes and CI logs', () => {
    const lines: string[] = [];
    const onTerminal = stderrProgress((line) => lines.push(line), { isTTY: true });
    onTerminal?.({ type: 'input', input: 'pods', state: 'listing', count: 5 });
    onTerminal?.({ type: 'input', input: 'pods', state: 'done', count: 5, ms: 20 });
    expect(lines).toEqual(['pods: 5 objects  20ms']);
    expect(stderrProgress((line) => lines.push(line), { isTTY: false })).toBeUndefined();
  });
});
