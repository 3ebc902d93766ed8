import { useEffect, useState } from 'react';
import { render, useApp } from 'ink';
import { K8sdocError } from '../errors.js';
import type { ProgressListener } from '../engine/progress.js';
import type { DiagnoseResult } from '../engine/run.js';
import { FindingsBrowser } from './findings-browser.js';
import { ProgressPanel } from './progress-panel.js';
import { INITIAL_PROGRESS, applyProgress } from './progress.js';

export type DiagnoseStart = (onProgress: ProgressListener) => Promise<DiagnoseResult>;

interface AppProps {
  start: DiagnoseStart;
  totalChecks: number;
  onResult: (result: DiagnoseResult) => void;
  onError: (error: unknown) => void;
}

/** Live progress while the run collects and analyzes, then the findings browser. */
export function DiagnoseApp({ start, totalChecks, onResult, onError }: AppProps) {
  const { exit } = useApp();
  const [progress, setProgress] = useState(INITIAL_PROGRESS);
  const [result, setResult] = useState<DiagnoseResult | undefined>(undefined);

  useEffect(() => {
    start((event) => setProgress((state) => applyProgress(state, event))).then(
      (done) => {
        onResult(done);
        setResult(done);
      },
      (error: unknown) => {
        // the command prints the error on one line after the view is gone
        onError(error);
        exit();
      },
    );
    // one run per mount: the props never change while the view lives
  }, []);

  return result ? <FindingsBrowser result={result} /> : <ProgressPanel progress={progress} totalChecks={totalChecks} />;
}

/**
 * Runs a diagnosis behind the interactive view (stdin and stdout are TTYs); resolves with the
 * result once the user quits, so the command can still set the exit code.
 */
export async function runInteractiveDiagnose(start: DiagnoseStart, totalChecks: number): Promise<DiagnoseResult> {
  let result: DiagnoseResult | undefined;
  let failure: unknown;
  const app = render(<DiagnoseApp start={start} totalChecks={totalChecks} onResult={(r) => (result = r)} onError={(e) => (failure = e)} />);
  await app.waitUntilExit();
  if (failure !== undefined) throw failure;
  if (!result) throw new K8sdocError('interrupted', 'stopped before the diagnosis finished', { exit: 'interrupted' });
  return result;
}
