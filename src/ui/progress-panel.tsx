import { Box, Text } from 'ink';
import { inputStatus } from './progress.js';
import type { InputProgress, ProgressState } from './progress.js';

const MARK: Record<InputProgress['state'], { mark: string; color: string }> = {
  started: { mark: '…', color: 'gray' },
  listing: { mark: '…', color: 'cyan' },
  done: { mark: '✓', color: 'green' },
  missing: { mark: '✖', color: 'yellow' },
};

/** Live progress while a run collects and analyzes: one line per input, then the checks. */
export function ProgressPanel({ progress, totalChecks }: { progress: ProgressState; totalChecks: number }) {
  const width = Math.max(8, ...progress.inputs.map((i) => i.input.length));
  const checked = progress.checksDone + progress.checksSkipped;
  return (
    <Box flexDirection="column">
      <Text bold>Collecting</Text>
      {progress.inputs.map((input) => (
        <Text key={input.input}>
          <Text color={MARK[input.state].color}>{MARK[input.state].mark}</Text> {input.input.padEnd(width)}  {inputStatus(input)}
        </Text>
      ))}
      {checked > 0 ? (
        <Text>
          <Text bold>Checks</Text> {checked}/{totalChecks}
          {progress.checksSkipped > 0 ? `, ${progress.checksSkipped} skipped` : ''}
          {progress.checksFailed > 0 ? `, ${progress.checksFailed} failed` : ''}, {progress.findings} findings
        </Text>
      ) : null}
    </Box>
  );
}
