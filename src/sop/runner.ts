import { K8sdocError, messageOf, usageError } from '../errors.js';
import { groupAlive, runProgress } from './journal.js';
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

/** What to do with a step that was in flight when its run died: it may have done part or all of its work. */
export type InFlightDecision = 'rerun' | 'skip';

export interface RunOptions {
  context: Omit<StepContext, 'log' | 'onChild'>;
  /** --rerun-step or --skip-step; without one a step cut short by a dead run is not run again */
  inFlight?: InFlightDecision | undefined;
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
      const onChild = (pid: number): void => folder.append({ type: 'step-child', at: now(), key: planned.key, pid });
      await executeStep(rollback, { ...options.context, onChild, log: (line) => (output.push(line), options.onEvent({ type: 'log', key: planned.key, line })) });
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
 * Runs (or resumes) a journaled run from its first step not done: every start and end (and
 * every program a step starts) is appended to the journal before the runner moves on, so a kill
 * at any moment leaves a journal a resume can trust. A resume refuses while a program of the
 * dead run still runs, and a step started and never ended runs again only if the user says so.
 */
export async function executeRun(folder: RunFolder, options: RunOptions): Promise<RunResult> {
  const info = folder.info();
  const progress = runProgress(info, folder.entries());
  const cutShort = progress.resumeAt === undefined ? undefined : progress.steps[progress.resumeAt];
  for (const step of progress.steps) {
    if (step.child && groupAlive(step.child)) {
      throw new K8sdocError('step-still-running', `step ${step.key} of run ${info.id} still runs as process group ${step.child}, started by a k8sdoc that is gone`, {
        exit: 'precondition',
        hint: `wait for it to end, or stop it (kill -TERM -- -${step.child}); then resume`,
      });
    }
  }
  if (cutShort?.state === 'interrupted') {
    if (!options.inFlight) {
      throw usageError(`step ${cutShort.key} was in flight when run ${info.id} died: it may have done part or all of its work`, 'check what it did, then resume with --rerun-step to run it again or --skip-step to go on after it');
    }
    if (options.inFlight === 'skip') folder.append({ type: 'step-skip', at: now(), key: cutShort.key });
  }
  const resumed = folder.entries().some((e) => e.type === 'run-start');
  folder.append({ type: 'run-start', at: now(), resumed });
  const doneKeys = new Set(progress.steps.filter((s) => s.state === 'ok' || s.state === 'skipped').map((s) => s.key));
  if (cutShort?.state === 'interrupted' && options.inFlight === 'skip') doneKeys.add(cutShort.key);
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
      const onChild = (pid: number): void => folder.append({ type: 'step-child', at: now(), key: planned.key, pid });
      await executeStep(planned.step, { ...options.context, onChild, log: (line) => (output.push(line), options.onEvent({ type: 'log', key: planned.key, line })) });
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
