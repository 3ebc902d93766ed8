import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { RunFolder, runProgress } from '../../../src/sop/journal.js';
import { parseSop } from '../../../src/sop/load.js';
import { expandPlan, resolveParameters } from '../../../src/sop/plan.js';
import { renderStatus } from '../../../src/sop/render.js';
import { executeRun } from '../../../src/sop/runner.js';
import type { InFlightDecision, RunEvent } from '../../../src/sop/runner.js';
import { groupAlive } from '../../../src/sop/journal.js';
import { FIXTURES } from '../../helpers/snapshot.js';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-sop-'));
  env = { K8SDOC_STATE_DIR: path.join(dir, 'state') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function newRun(params: Record<string, string>, id = 'local-1'): Promise<RunFolder> {
  const sop = parseSop(readFileSync(path.join(FIXTURES, 'sop/local.yaml'), 'utf8'), 'local.yaml');
  const parameters = resolveParameters(sop, params);
  const plan = await expandPlan(sop, parameters, async () => []);
  return RunFolder.create({ id, sop: sop.name, file: 'local.yaml', parameters, plan, createdAt: '2026-11-01T00:00:00Z' }, env);
}

async function eventuallyGone(pgid: number): Promise<void> {
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(20);
}

// these steps never reach a cluster
const context = { client: {} as KubeClient, yes: false };

function run(folder: RunFolder, interruptAfter?: string, inFlight?: InFlightDecision): Promise<{ result: string; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  let stop = false;
  return executeRun(folder, {
    context,
    inFlight,
    interrupted: () => stop,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'step-end' && event.key === interruptAfter) stop = true;
    },
  }).then((result) => ({ result, events }));
}

describe('the SOP runner', () => {
  it('runs every step, journals output, and reports success', async () => {
    const marker = path.join(dir, 'marker');
    const folder = await newRun({ marker });
    expect((await run(folder)).result).toBe('succeeded');
    expect(readFileSync(marker, 'utf8')).toBe('one\nrisky\nlast\n');
    const progress = runProgress(folder.info(), folder.entries());
    expect(progress.steps.map((s) => s.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(progress.steps[0]?.output).toEqual([`starting ${marker}`]);
    expect(progress.resumeAt).toBeUndefined();
  });

  it('rolls back the failed step and the steps before it, newest first, and resumes at the failed step', async () => {
    const marker = path.join(dir, 'marker');
    const folder = await newRun({ marker, fail: 'exit 3' });
    const { result, events } = await run(folder);
    expect(result).toBe('rolled-back');
    expect(readFileSync(marker, 'utf8')).toBe('one\nrisky\nundo-risky\nundo-write\n');
    expect(events.find((e) => e.type === 'step-end' && e.result === 'failed')).toMatchObject({ key: 'risky', error: 'sh exited with 3' });
    const progress = runProgress(folder.info(), folder.entries());
    expect(progress.steps.map((s) => s.state)).toEqual(['ok', 'rolled-back', 'rolled-back', 'pending']);
    expect(progress.info.plan[progress.resumeAt ?? -1]?.key).toBe('write');
    expect(renderStatus(progress, 'human')).toContain('resume with: k8sdoc sop resume local-1 (continues at write)');
  });

  it('stops after the current step on Ctrl-C and resumes from the next one', async () => {
    const marker = path.join(dir, 'marker');
    const folder = await newRun({ marker });
    expect((await run(folder, 'write')).result).toBe('interrupted');
    expect(readFileSync(marker, 'utf8')).toBe('one\n');
    expect(runProgress(folder.info(), folder.entries())).toMatchObject({ result: 'interrupted', resumeAt: 2 });
    const resumed = await run(RunFolder.open('local-1', env));
    expect(resumed.result).toBe('succeeded');
    expect(resumed.events[0]).toMatchObject({ type: 'plan', steps: [{ done: true }, { done: true }, { done: false }, { done: false }] });
    expect(readFileSync(marker, 'utf8')).toBe('one\nrisky\nlast\n');
  });

  /** A run whose runner was killed while step `write` ran: its end never reached the journal. */
  async function killedDuringWrite(marker: string, id: string): Promise<RunFolder> {
    const folder = await newRun({ marker }, id);
    folder.append({ type: 'run-start', at: 'x', resumed: false });
    folder.append({ type: 'step-start', at: 'x', key: 'hello' });
    folder.append({ type: 'step-end', at: 'x', key: 'hello', result: 'ok', ms: 1, output: [] });
    folder.append({ type: 'step-start', at: 'x', key: 'write' });
    // a kill can cut the last line short
    folder.append({ type: 'step-end', at: 'x', key: 'write', result: 'ok', ms: 1, output: [] });
    const text = readFileSync(folder.journalFile, 'utf8');
    writeFileSync(folder.journalFile, text.slice(0, text.length - 20));
    return folder;
  }

  it('does not run again silently a step that was in flight when its runner was killed: the user chooses', async () => {
    const marker = path.join(dir, 'marker');
    const folder = await killedDuringWrite(marker, 'local-1');
    const progress = runProgress(folder.info(), folder.entries());
    expect(progress.steps.map((s) => s.state)).toEqual(['ok', 'interrupted', 'pending', 'pending']);
    expect(renderStatus(progress, 'human')).toMatch(/not finished \(running, or its process was killed\); 1\/4 steps done/);
    await expect(run(folder)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/step write was in flight when run local-1 died/) });
    expect(existsSync(marker)).toBe(false);
    expect((await run(folder, undefined, 'rerun')).result).toBe('succeeded');
    expect(readFileSync(marker, 'utf8')).toBe('one\nrisky\nlast\n');

    const skippedMarker = path.join(dir, 'skipped-marker');
    const skipped = await killedDuringWrite(skippedMarker, 'local-2');
    expect((await run(skipped, undefined, 'skip')).result).toBe('succeeded');
    expect(readFileSync(skippedMarker, 'utf8')).toBe('risky\nlast\n');
    expect(runProgress(skipped.info(), skipped.entries()).steps.map((s) => s.state)).toEqual(['ok', 'skipped', 'ok', 'ok']);
  });

  it('journals the process group of each program a step starts, and refuses to resume while one of a dead run lives', async () => {
    const marker = path.join(dir, 'marker');
    const folder = await killedDuringWrite(marker, 'local-3');
    const orphan = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      folder.append({ type: 'step-child', at: 'x', key: 'write', pid: orphan.pid ?? 0 });
      await expect(run(folder, undefined, 'rerun')).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(new RegExp(`step write of run local-3 still runs as process group ${orphan.pid}`)) });
      expect(renderStatus(runProgress(folder.info(), folder.entries()), 'human')).toMatch(new RegExp(`process group ${orphan.pid}\\) may still run`));
    } finally {
      process.kill(-(orphan.pid ?? 0), 'SIGKILL');
    }
    await eventuallyGone(orphan.pid ?? 0);
    expect((await run(folder, undefined, 'rerun')).result).toBe('succeeded');
    const children = folder.entries().filter((e) => e.type === 'step-child').map((e) => ('key' in e ? e.key : ''));
    expect(children).toEqual(['write', 'write', 'risky', 'last']);
  });

  it('refuses a confirm step without a terminal or --yes, and refuses a second runner on a live run', async () => {
    const sop = parseSop('name: gate\ndescription: d\nsteps:\n  - id: ok\n    kind: confirm\n    message: go?\n', 'gate.yaml');
    const plan = await expandPlan(sop, {}, async () => []);
    const folder = RunFolder.create({ id: 'gate-1', sop: 'gate', file: 'gate.yaml', parameters: {}, plan, createdAt: 'x' }, env);
    const { events } = await run(folder);
    expect(events.find((e) => e.type === 'step-end')).toMatchObject({ result: 'failed', error: '"go?" needs a person to confirm' });
    const yes = await executeRun(folder, { context: { ...context, yes: true }, interrupted: () => false, onEvent: () => undefined });
    expect(yes).toBe('succeeded');
    const unlock = folder.lock();
    // a live process (our parent) holding it
    writeFileSync(path.join(folder.dir, 'lock'), String(process.ppid));
    expect(() => folder.lock()).toThrow(/is being run by process/);
    unlock();
  });
});
