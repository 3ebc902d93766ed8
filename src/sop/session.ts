import { ExitCode } from '../errors.js';
import type { RunFolder, RunResult } from './journal.js';
import { eventLine } from './render.js';
import { executeRun } from './runner.js';
import type { InFlightDecision, RunEvent } from './runner.js';
import type { StepContext } from './steps.js';
import { runSopChecklist } from '../ui/sop-checklist.js';

export const RUN_EXIT: Record<RunResult, number> = { succeeded: ExitCode.ok, failed: ExitCode.findings, 'rolled-back': ExitCode.findings, interrupted: ExitCode.interrupted };

/**
 * Runs a journaled run in the foreground: a live checklist on a terminal, else one line per
 * step. The first Ctrl-C lets the current step finish and records where the run stopped; a
 * second one stops at once (the journal then shows the step as interrupted, and a resume runs it again).
 */
export async function runInForeground(
  folder: RunFolder,
  context: Omit<StepContext, 'log' | 'onChild'>,
  options: { interactive: boolean; note: (line: string) => void; out: (line: string) => void; inFlight?: InFlightDecision | undefined },
): Promise<RunResult> {
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(ExitCode.interrupted);
    interrupted = true;
    options.note('Ctrl-C: finishing the current step, then stopping (Ctrl-C again stops at once)');
  };
  process.on('SIGINT', onSigint);
  const unlock = folder.lock();
  const id = folder.info().id;
  options.note(`run ${id} (journal: ${folder.journalFile})`);
  try {
    const run = (onEvent: (event: RunEvent) => void): Promise<RunResult> => executeRun(folder, { context, onEvent, interrupted: () => interrupted, inFlight: options.inFlight });
    if (options.interactive) return await runSopChecklist(`k8sdoc sop: ${id}`, run);
    return await run((event) => {
      const line = eventLine(event);
      if (line) options.out(line);
    });
  } finally {
    unlock();
    process.off('SIGINT', onSigint);
  }
}

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY && !process.env.CI);
}
