import { messageOf } from '../errors.js';
import { runProgress } from './journal.js';
import type { RunResult, StepResult , RunFolder} from './journal.js';
import { describeStep } from './plan.js';
import type { PlannedStep } from './plan.js';
import { executeStep } from './steps.js';
import type { StepContext } from './steps.js';

export type RunEvent =
  | { type: 'plan'; steps: { key: string; description: string; done: boolean }[] }
  | { type: 'step-start'; key: string; description: string }
  | { type: 'log'; key: string; line: string }
  | { type: 'step-end'; key: string; result: StepResult; ms: number; error?: string | undefined }
  | { type: 'rollback-start'; key: string; description: string }
  | { type: 'rollback-end'; key: string; result: StepResult; error?: string | undefined }
  | { type: 'run-end'; result: RunResult; stoppedAt?: string | undefined };

export interface RunOptions {
  context: Omit<StepContext, 'log'>;
  onEvent: (event: RunEvent) => void;
  /** true once Ctrl-C was pressed: the current step finishes, no new one starts */
  interrupted: () => boolean;
}

const now = (): string => new Date().toISOString();

/**
 * Undoes the failed step's iteration: the failed step's own rollback, then those of the steps
 * before it in the same for-each iteration (or the top level), newest first.
 */
async function rollBack(folder: RunFolder, plan: readonly PlannedStep[], failedIndex: number, done: (key: string) => boolean, options: RunOptions): Promise<boolean> {
  const failed = plan[failedIndex] as PlannedStep;
  const candidates = plan.slice(0, failedIndex + 1).filter((p, i) => p.group === failed.group && (i === failedIndex || done(p.key)) && p.step.rollback);
  let clean = true;
  for (const planned of candidates.reverse()) {
    const rollback = planned.step.rollback;
    if (!rollback) continue;
    const output: string[] = [];
    folder.append({ type: 'rollback-start', at: now(), key: planned.key });
    options.onEvent({ type: 'rollback-start', key: planned.key, description: describeStep(rollback) });
    try {
      await executeStep(rollback, { ...options.context, log: (line) => (output.push(line), options.onEvent({ type: 'log', key: planned.key, line })) });
      folder.append({ type: 'rollback-end', at: now(), key: planned.key, result: 'ok', output });
      options.onEvent({ type: 'rollback-end', key: planned.key, result: 'ok' });
    } catch (error) {
      clean = false;
      folder.append({ type: 'rollback-end', at: now(), key: planned.key, result: 'failed', output, error: messageOf(error) });
      options.onEvent({ type: 'rollback-end', key: planned.key, result: 'failed', error: messageOf(error) });
    }
  }
  return clean;
}

/**
 * Runs (or resumes) a journaled run from its first step not done: every start and end is
 * appended to the journal before the runner moves on, so a kill at any moment leaves a journal
 * a resume can trust (a step started and never ended is run again).
 */
export async function executeRun(folder: RunFolder, options: RunOptions): Promise<RunResult> {
  const info = folder.info();
  const progress = runProgress(info, folder.entries());
  const resumed = folder.entries().some((e) => e.type === 'run-start');
  folder.append({ type: 'run-start', at: now(), resumed });
  const doneKeys = new Set(progress.steps.filter((s) => s.state === 'ok').map((s) => s.key));
  options.onEvent({ type: 'plan', steps: info.plan.map((p) => ({ key: p.key, description: describeStep(p.step), done: doneKeys.has(p.key) })) });
  const finish = (result: RunResult, stoppedAt?: string): RunResult => {
    folder.append({ type: 'run-end', at: now(), result, stoppedAt });
    options.onEvent({ type: 'run-end', result, stoppedAt });
    return result;
  };
  for (let index = progress.resumeAt ?? info.plan.length; index < info.plan.length; index++) {
    const planned = info.plan[index] as PlannedStep;
    if (doneKeys.has(planned.key)) continue;
    if (options.interrupted()) return finish('interrupted', planned.key);
    const output: string[] = [];
    const started = Date.now();
    folder.append({ type: 'step-start', at: now(), key: planned.key });
    options.onEvent({ type: 'step-start', key: planned.key, description: describeStep(planned.step) });
    try {
      await executeStep(planned.step, { ...options.context, log: (line) => (output.push(line), options.onEvent({ type: 'log', key: planned.key, line })) });
      folder.append({ type: 'step-end', at: now(), key: planned.key, result: 'ok', ms: Date.now() - started, output });
      options.onEvent({ type: 'step-end', key: planned.key, result: 'ok', ms: Date.now() - started });
      doneKeys.add(planned.key);
    } catch (error) {
      const message = messageOf(error);
      folder.append({ type: 'step-end', at: now(), key: planned.key, result: 'failed', ms: Date.now() - started, output, error: message });
      options.onEvent({ type: 'step-end', key: planned.key, result: 'failed', ms: Date.now() - started, error: message });
      if (planned.step['on-failure'] === 'rollback') {
        await rollBack(folder, info.plan, index, (key) => doneKeys.has(key), options);
        return finish('rolled-back', planned.key);
      }
      return finish('failed', planned.key);
    }
  }
  return finish('succeeded');
}
