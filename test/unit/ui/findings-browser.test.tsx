import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FindingsBrowser } from '../../../src/ui/findings-browser.js';
import { ProgressPanel } from '../../../src/ui/progress-panel.js';
import { sampleResult } from '../report/result.js';

beforeAll(() => {
  chalk.level = 0;
});
afterEach(() => cleanup());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until ink has handled the keys written so far: the frames stop changing for 100 ms
 * (at most 2 s). A fixed short wait was flaky on a loaded machine.
 */
async function settle(frames: string[]): Promise<void> {
  let seen = -1;
  for (let waited = 0; waited < 2000; waited += 50) {
    await sleep(50);
    if (frames.length === seen) {
      await sleep(50);
      if (frames.length === seen) return;
    }
    seen = frames.length;
  }
}
const DOWN = '\u001B[B';
const UP = '\u001B[A';

describe('FindingsBrowser', () => {
  it('lists findings grouped by severity with the first one selected, rows cut to the terminal width', () => {
    const { lastFrame } = render(<FindingsBrowser result={sampleResult()} />);
    const long = '› ✖ test-waiting batch/pod/nightly-29000000-x1 (owner cronjob/nightly)  container run is waiting: CreateContainerConfigError';
    expect(lastFrame()).toBe(
      [
        'Errors (2)',
        `${long.slice(0, 99)}…`,
        '  ✖ test-waiting shop/deployment/web  container app is waiting: CrashLoopBackOff',
        'Info (1)',
        '  ● test-cordoned node/worker-2  node worker-2 is cordoned',
        '2 errors, 0 warnings, 1 info in 4 checks (2 skipped), 1 suppressed — 1.2s',
        '↑/↓ j/k move · enter expand · s show 2 skipped · q quit',
      ].join('\n'),
    );
  });

  it('moves with j/k and the arrows, and enter expands evidence and remediation', async () => {
    const { lastFrame, stdin, frames } = render(<FindingsBrowser result={sampleResult()} />);
    // useInput listens only once the first render's effects ran: keys written earlier are lost
    await settle(frames);
    stdin.write('j');
    await settle(frames);
    expect(lastFrame()).toContain('› ✖ test-waiting shop/deployment/web');
    stdin.write('\r');
    await settle(frames);
    expect(lastFrame()).toContain(
      [
        '› ✖ test-waiting shop/deployment/web',
        '    container app is waiting: CrashLoopBackOff',
        '    3 pods: web-7d9f-a, web-7d9f-b, web-7d9f-c',
        '      restartCount: 7',
        '    → fix the container',
        '    docs: https://example.invalid/docs/test-waiting',
        'Info (1)',
      ].join('\n'),
    );
    stdin.write(DOWN);
    await settle(frames);
    expect(lastFrame()).toContain('› ● test-cordoned node/worker-2');
    stdin.write(DOWN);
    await settle(frames);
    // the last finding stays selected
    expect(lastFrame()).toContain('› ● test-cordoned node/worker-2');
    stdin.write(UP);
    stdin.write('k');
    await settle(frames);
    expect(lastFrame()).toContain('› ✖ test-waiting batch/pod/nightly-29000000-x1');
  });

  it('lists the skipped checks with the permission they lack on s', async () => {
    const { lastFrame, stdin, frames } = render(<FindingsBrowser result={sampleResult()} />);
    // useInput listens only once the first render's effects ran: keys written earlier are lost
    await settle(frames);
    stdin.write('s');
    await settle(frames);
    expect(lastFrame()).toContain('  test-secrets: skipped: you may not list secrets in all namespaces');
    expect(lastFrame()).toContain('s hide 2 skipped');
  });

  it('quits on q', async () => {
    const { stdin, frames } = render(<FindingsBrowser result={sampleResult()} />);
    await settle(frames);
    const listening = (): number => stdin.listenerCount('readable') + stdin.listenerCount('data');
    expect(listening()).toBeGreaterThan(0);
    stdin.write('q');
    // quitting unmounts the app: nothing listens to the keyboard any more
    for (let waited = 0; waited < 2000 && listening() > 0; waited += 50) await sleep(50);
    expect(listening()).toBe(0);
  });

  it('shows a deep dive as a chain, indented by level', () => {
    const { lastFrame } = render(<FindingsBrowser result={sampleResult({ focus: { kind: 'Deployment', name: 'web', namespace: 'shop' } })} />);
    expect(lastFrame()?.split('\n').slice(0, 3)).toEqual([
      'Chain of causes for shop/deployment/web',
      '› ✖ test-waiting shop/deployment/web  container app is waiting: CrashLoopBackOff',
      '    ● test-cordoned node/worker-2  node worker-2 is cordoned',
    ]);
  });
});

describe('ProgressPanel', () => {
  it('shows each input with its state and the checks so far', () => {
    const progress = {
      inputs: [
        { input: 'pods', state: 'done' as const, count: 20000, ms: 4200 },
        { input: 'events', state: 'listing' as const, count: 1500 },
        { input: 'nodes', state: 'missing' as const, reason: 'you may not list nodes' },
      ],
      checksDone: 3,
      checksSkipped: 2,
      checksFailed: 0,
      findings: 4,
    };
    const { lastFrame } = render(<ProgressPanel progress={progress} totalChecks={31} />);
    expect(lastFrame()).toBe(
      [
        'Collecting',
        '✓ pods      20000 objects  4.2s',
        '… events    1500 objects so far…',
        '✖ nodes     not collected: you may not list nodes',
        'Checks 5/31, 2 skipped, 4 findings',
      ].join('\n'),
    );
  });
});
