import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { K8sdocError } from '../errors.js';
import { stateRoot } from '../embedded/paths.js';
import type { PlannedStep } from './plan.js';

/** Which cluster a run acts on: a resume against any other is refused. */
export interface ClusterIdentity {
  server: string;
  /** the kube-system namespace's UID: the same server address can front another cluster later */
  kubeSystemUid: string;
}

/** What a run folder's run.json holds: enough to resume without the runbook file. */
export interface RunInfo {
  id: string;
  sop: string;
  file: string;
  parameters: Record<string, string>;
  plan: PlannedStep[];
  createdAt: string;
  /** absent only in runs journaled before k8sdoc recorded it: they cannot be resumed */
  cluster?: ClusterIdentity | undefined;
}

export type StepResult = 'ok' | 'failed';
export type RunResult = 'succeeded' | 'failed' | 'rolled-back' | 'interrupted';

export type JournalEntry =
  | { type: 'run-start'; at: string; resumed: boolean }
  | { type: 'step-start'; at: string; key: string }
  /** a program a step started, leading its own process group (pid = pgid) */
  | { type: 'step-child'; at: string; key: string; pid: number }
  /** the user chose not to run again a step that was in flight when its run died (--skip-step) */
  | { type: 'step-skip'; at: string; key: string }
  | { type: 'step-end'; at: string; key: string; result: StepResult; ms: number; output: string[]; error?: string | undefined }
  | { type: 'rollback-start'; at: string; key: string }
  | { type: 'rollback-end'; at: string; key: string; result: StepResult; output: string[]; error?: string | undefined }
  | { type: 'run-end'; at: string; result: RunResult; stoppedAt?: string | undefined };

export function runsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateRoot(env), 'sop-runs');
}

/** A run id a person can type: the runbook's name, when it started, and a random tag so two runs in one second differ. */
export function newRunId(sop: string, now: Date): string {
  return `${sop}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export class RunFolder {
  constructor(readonly dir: string) {}

  get journalFile(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  static create(info: RunInfo, env: NodeJS.ProcessEnv = process.env): RunFolder {
    const dir = path.join(runsRoot(env), info.id);
    mkdirSync(runsRoot(env), { recursive: true, mode: 0o700 });
    try {
      // not recursive: creating the run's own folder is the atomic claim on its id
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      throw new K8sdocError('run-exists', `run ${info.id} already exists`, { exit: 'conflict', hint: 'start it again' });
    }
    // parameters can hold operator commands with hosts and paths: private to the user
    writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'journal.jsonl'), '', { mode: 0o600 });
    return new RunFolder(dir);
  }

  /** A run by id (under the state dir) or by folder path. */
  static open(idOrDir: string, env: NodeJS.ProcessEnv = process.env): RunFolder {
    const dir = existsSync(path.join(idOrDir, 'run.json')) ? idOrDir : path.join(runsRoot(env), idOrDir);
    if (!existsSync(path.join(dir, 'run.json'))) {
      throw new K8sdocError('not-found', `no SOP run "${idOrDir}"`, { exit: 'notFound', hint: `list runs with \`k8sdoc sop status\` (they live in ${runsRoot(env)})` });
    }
    return new RunFolder(dir);
  }

  info(): RunInfo {
    return JSON.parse(readFileSync(path.join(this.dir, 'run.json'), 'utf8')) as RunInfo;
  }

  /**
   * Written synchronously line by line, so a killed process leaves every entry it reported. A
   * last line a kill cut short is ended first: otherwise it would swallow the next entry, and
   * the reader, which stops at a broken line, would never see anything written after it.
   */
  append(entry: JournalEntry): void {
    appendFileSync(this.journalFile, `${endsMidLine(this.journalFile) ? '\n' : ''}${JSON.stringify(entry)}\n`);
  }

  /** The journal; a line cut short by a kill is ignored. */
  entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const line of readFileSync(this.journalFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // a line cut short by a kill: what follows it was written by a later runner
        continue;
      }
    }
    return out;
  }

  /** One runner per run: a second resume while one is alive is refused; a dead runner's lock is taken over. */
  lock(): () => void {
    const file = path.join(this.dir, 'lock');
    if (existsSync(file)) {
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && alive(pid)) {
        throw new K8sdocError('run-locked', `run ${path.basename(this.dir)} is being run by process ${pid}`, { exit: 'precondition', hint: 'wait for it, or stop it with Ctrl-C' });
      }
    }
    writeFileSync(file, String(process.pid));
    return () => rmSync(file, { force: true });
  }
}

/** True when a file's last byte is not a newline: a write was cut short. */
function endsMidLine(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** True while any process of the group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export type StepState = 'pending' | 'running' | 'ok' | 'failed' | 'interrupted' | 'rolled-back' | 'skipped';

export interface StepProgress {
  key: string;
  state: StepState;
  ms?: number | undefined;
  error?: string | undefined;
  output: string[];
  /** the process group of the last program the step started */
  child?: number | undefined;
}

export interface RunProgress {
  info: RunInfo;
  steps: StepProgress[];
  /** the last run-end, or undefined while a runner is (or was, before a kill) at work */
  result: RunResult | undefined;
  /** the step a resume starts at; undefined when every step is done */
  resumeAt: number | undefined;
}

/** Replays the journal: each step's latest state, the run's result and where a resume picks up. */
export function runProgress(info: RunInfo, entries: readonly JournalEntry[]): RunProgress {
  const steps = new Map<string, StepProgress>(info.plan.map((p) => [p.key, { key: p.key, state: 'pending', output: [] }]));
  let result: RunResult | undefined;
  for (const entry of entries) {
    if (entry.type === 'run-start') result = undefined;
    if (entry.type === 'run-end') result = entry.result;
    if (!('key' in entry)) continue;
    const step = steps.get(entry.key);
    if (!step) continue;
    if (entry.type === 'step-start') Object.assign(step, { state: 'running', output: [], error: undefined, child: undefined });
    if (entry.type === 'step-child') step.child = entry.pid;
    if (entry.type === 'step-skip') step.state = 'skipped';
    if (entry.type === 'step-end') Object.assign(step, { state: entry.result, ms: entry.ms, output: entry.output, error: entry.error });
    if (entry.type === 'rollback-end' && entry.result === 'ok') step.state = 'rolled-back';
  }
  const list = [...steps.values()];
  // a step started and never ended was cut short: by a kill, or a machine that went away
  for (const step of list) if (step.state === 'running' && result !== undefined) step.state = 'interrupted';
  if (result === undefined) for (const step of list) if (step.state === 'running') step.state = 'interrupted';
  const first = list.findIndex((s) => s.state !== 'ok' && s.state !== 'skipped');
  return { info, steps: list, result, resumeAt: first === -1 ? undefined : first };
}

/** Every run folder, newest first. */
export function listRuns(env: NodeJS.ProcessEnv = process.env): RunFolder[] {
  const root = runsRoot(env);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'run.json')))
    .sort()
    .reverse()
    .map((name) => new RunFolder(path.join(root, name)));
}
