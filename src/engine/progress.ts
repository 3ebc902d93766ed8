import type { KnownResource } from '../kube/resources.js';
import type { Extra } from './types.js';

/**
 * What a run reports while it works, so a live view (ink) or a stderr line can show where a
 * slow run spends its time: per input kind while collecting, per check while analyzing.
 */
export type ProgressEvent =
  | { type: 'input'; input: KnownResource | Extra; state: 'started' }
  /** a page arrived; `count` is the running total of objects kept */
  | { type: 'input'; input: KnownResource | Extra; state: 'listing'; count: number }
  | { type: 'input'; input: KnownResource | Extra; state: 'done'; count?: number | undefined; ms: number }
  | { type: 'input'; input: KnownResource | Extra; state: 'missing'; reason: string }
  | { type: 'check'; checkId: string; state: 'done' | 'skipped' | 'failed'; findings: number };

export type ProgressListener = (event: ProgressEvent) => void;
