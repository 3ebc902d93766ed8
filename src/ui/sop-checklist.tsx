import { useEffect, useState } from 'react';
import { Box, Text, render, useApp } from 'ink';
import type { RunResult } from '../sop/journal.js';
import type { RunEvent } from '../sop/runner.js';

type ItemState = 'pending' | 'running' | 'ok' | 'failed' | 'rolling-back' | 'rolled-back';

export interface ChecklistItem {
  key: string;
  description: string;
  state: ItemState;
  /** the last lines the step logged */
  lines: string[];
  error?: string | undefined;
}

export interface ChecklistState {
  items: ChecklistItem[];
  result?: RunResult | undefined;
  stoppedAt?: string | undefined;
}

const LOG_LINES = 4;

/** Folds one runner event into the checklist; pure, so the view and its tests share it. */
export function applyRunEvent(state: ChecklistState, event: RunEvent): ChecklistState {
  const update = (key: string, change: (item: ChecklistItem) => ChecklistItem): ChecklistState => ({ ...state, items: state.items.map((item) => (item.key === key ? change(item) : item)) });
  switch (event.type) {
    case 'plan':
      return { items: event.steps.map((s) => ({ key: s.key, description: s.description, state: s.done ? 'ok' : 'pending', lines: [] })) };
    case 'step-start':
      return update(event.key, (item) => ({ ...item, state: 'running', lines: [], error: undefined }));
    case 'log':
      return update(event.key, (item) => ({ ...item, lines: [...item.lines, event.line].slice(-LOG_LINES) }));
    case 'step-end':
      return update(event.key, (item) => ({ ...item, state: event.result, error: event.error }));
    case 'rollback-start':
      return update(event.key, (item) => ({ ...item, state: 'rolling-back', lines: [event.description] }));
    case 'rollback-end':
      return update(event.key, (item) => ({ ...item, state: event.result === 'ok' ? 'rolled-back' : 'failed', error: event.error ?? item.error }));
    case 'run-end':
      return { ...state, result: event.result, stoppedAt: event.stoppedAt };
  }
}

const MARKS: Record<ItemState, { mark: string; color: string }> = {
  pending: { mark: '○', color: 'gray' },
  running: { mark: '◐', color: 'cyan' },
  ok: { mark: '✔', color: 'green' },
  failed: { mark: '✖', color: 'red' },
  'rolling-back': { mark: '↺', color: 'yellow' },
  'rolled-back': { mark: '↺', color: 'yellow' },
};

/** The runbook as a live checklist: every step with its state, the running one with its last output lines. */
export function SopChecklist({ title, state }: { title: string; state: ChecklistState }) {
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {state.items.map((item) => (
        <Box key={item.key} flexDirection="column">
          <Text>
            <Text color={MARKS[item.state].color}>{MARKS[item.state].mark}</Text> <Text bold={item.state === 'running'}>{item.key}</Text>
            <Text color="gray"> {item.description}</Text>
          </Text>
          {(item.state === 'running' || item.state === 'rolling-back') &&
            item.lines.map((line, index) => (
              <Text key={index} color="gray">
                {'    '}
                {line}
              </Text>
            ))}
          {item.error && <Text color="red">{`    ${item.error}`}</Text>}
        </Box>
      ))}
      {state.result && <Text bold>{`run ${state.result}${state.stoppedAt ? ` at ${state.stoppedAt}` : ''}`}</Text>}
    </Box>
  );
}

type Start = (onEvent: (event: RunEvent) => void) => Promise<RunResult>;

function ChecklistApp({ title, start, onDone }: { title: string; start: Start; onDone: (outcome: { result?: RunResult; error?: unknown }) => void }) {
  const { exit } = useApp();
  const [state, setState] = useState<ChecklistState>({ items: [] });
  const [finished, setFinished] = useState(false);
  useEffect(() => {
    const done = (outcome: { result?: RunResult; error?: unknown }): void => {
      onDone(outcome);
      setFinished(true);
    };
    start((event) => setState((current) => applyRunEvent(current, event))).then(
      (result) => done({ result }),
      (error: unknown) => done({ error }),
    );
  }, []);
  // leave only after the final state was drawn, so the last step and the result stay on screen
  useEffect(() => {
    if (finished) exit();
  }, [finished]);
  return <SopChecklist title={title} state={state} />;
}

/** Runs a journaled SOP run under the live checklist (on stderr: stdout stays for results). */
export async function runSopChecklist(title: string, start: Start): Promise<RunResult> {
  let outcome: { result?: RunResult; error?: unknown } = {};
  // Ctrl-C must reach the runner's SIGINT handler (finish the step, then stop), not tear the view down
  const app = render(<ChecklistApp title={title} start={start} onDone={(o) => (outcome = o)} />, { stdout: process.stderr, exitOnCtrlC: false });
  await app.waitUntilExit();
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.result ?? 'failed';
}
