import type { ProgressEvent, ProgressListener } from '../engine/progress.js';
import { formatDuration } from '../report/format.js';

export interface InputProgress {
  input: string;
  state: 'started' | 'listing' | 'done' | 'missing';
  count?: number | undefined;
  ms?: number | undefined;
  reason?: string | undefined;
}

export interface ProgressState {
  inputs: InputProgress[];
  checksDone: number;
  checksSkipped: number;
  checksFailed: number;
  findings: number;
}

export const INITIAL_PROGRESS: ProgressState = { inputs: [], checksDone: 0, checksSkipped: 0, checksFailed: 0, findings: 0 };

/** Folds one event into the state a progress display shows; pure, so views and tests share it. */
export function applyProgress(state: ProgressState, event: ProgressEvent): ProgressState {
  if (event.type === 'check') {
    return {
      ...state,
      checksDone: state.checksDone + (event.state === 'skipped' ? 0 : 1),
      checksSkipped: state.checksSkipped + (event.state === 'skipped' ? 1 : 0),
      checksFailed: state.checksFailed + (event.state === 'failed' ? 1 : 0),
      findings: state.findings + event.findings,
    };
  }
  const next: InputProgress = {
    input: event.input,
    state: event.state,
    ...(event.state === 'listing' || event.state === 'done' ? { count: event.count } : {}),
    ...(event.state === 'done' ? { ms: event.ms } : {}),
    ...(event.state === 'missing' ? { reason: event.reason } : {}),
  };
  const index = state.inputs.findIndex((i) => i.input === event.input);
  const inputs = index === -1 ? [...state.inputs, next] : state.inputs.map((i, n) => (n === index ? next : i));
  return { ...state, inputs };
}

/** One input's status as text: "pods  20000 objects  1.2s". */
export function inputStatus(input: InputProgress): string {
  switch (input.state) {
    case 'started':
      return 'listing…';
    case 'listing':
      return `${input.count ?? 0} objects so far…`;
    case 'done':
      return [input.count !== undefined ? `${input.count} objects` : 'collected', input.ms !== undefined ? formatDuration(input.ms) : ''].filter(Boolean).join('  ');
    case 'missing':
      return `not collected: ${input.reason ?? ''}`;
  }
}

/** A line for stderr when there is no live view: only finished or failed inputs, to keep logs short. */
export function progressLine(event: ProgressEvent): string | undefined {
  if (event.type !== 'input' || (event.state !== 'done' && event.state !== 'missing')) return undefined;
  const state = applyProgress(INITIAL_PROGRESS, event).inputs[0] as InputProgress;
  return `${event.input}: ${inputStatus(state)}`;
}

/** Progress lines on stderr, when a person watches it (a terminal); silent in CI logs and pipes. */
export function stderrProgress(note: (line: string) => void, stream: { isTTY?: boolean } = process.stderr): ProgressListener | undefined {
  if (!stream.isTTY) return undefined;
  return (event) => {
    const line = progressLine(event);
    if (line) note(line);
  };
}
