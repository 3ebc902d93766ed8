import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/sop/runner.js';
import { SopChecklist, applyRunEvent } from '../../../src/ui/sop-checklist.js';
import type { ChecklistState } from '../../../src/ui/sop-checklist.js';

function fold(events: RunEvent[]): ChecklistState {
  return events.reduce(applyRunEvent, { items: [] });
}

const plan: RunEvent = {
  type: 'plan',
  steps: [
    { key: 'nodes[a].cordon', description: 'cordon node a', done: true },
    { key: 'nodes[a].drain', description: 'drain node a', done: false },
    { key: 'nodes[a].uncordon', description: 'uncordon node a', done: false },
  ],
};

afterEach(() => cleanup());

describe('the SOP checklist', () => {
  it('shows done, running (with its latest output) and pending steps', () => {
    const state = fold([plan, { type: 'step-start', key: 'nodes[a].drain', description: 'drain node a' }, ...['l1', 'l2', 'l3', 'l4', 'l5'].map((line): RunEvent => ({ type: 'log', key: 'nodes[a].drain', line }))]);
    const frame = render(<SopChecklist title="k8sdoc sop: node-upgrade-1" state={state} />).lastFrame() ?? '';
    expect(frame.split('\n')).toEqual([
      'k8sdoc sop: node-upgrade-1',
      '✔ nodes[a].cordon cordon node a',
      '◐ nodes[a].drain drain node a',
      '    l2',
      '    l3',
      '    l4',
      '    l5',
      '○ nodes[a].uncordon uncordon node a',
    ]);
  });

  it('marks a failed step with its error, the rollback, and the run result', () => {
    const state = fold([
      plan,
      { type: 'step-start', key: 'nodes[a].drain', description: 'drain node a' },
      { type: 'step-end', key: 'nodes[a].drain', result: 'failed', ms: 10, error: 'node a was not drained within the timeout' },
      { type: 'rollback-start', key: 'nodes[a].cordon', description: 'uncordon node a' },
      { type: 'rollback-end', key: 'nodes[a].cordon', result: 'ok' },
      { type: 'run-end', result: 'rolled-back', stoppedAt: 'nodes[a].drain' },
    ]);
    const frame = render(<SopChecklist title="t" state={state} />).lastFrame() ?? '';
    expect(frame).toContain('↺ nodes[a].cordon');
    expect(frame).toContain('✖ nodes[a].drain drain node a\n    node a was not drained within the timeout');
    expect(frame.split('\n').at(-1)).toBe('run rolled-back at nodes[a].drain');
  });
});
