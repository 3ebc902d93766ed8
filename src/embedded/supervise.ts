/**
 * The supervisor every long-running child of k8sdoc runs under (`node supervise.js SPEC`), in
 * a process group of its own with the child inside it, so one signal to the group ends both.
 *
 * - `restart` (the embedded control plane): a child that exits is started again with back-off,
 *   as a kubelet restarts a static pod; restarts and the last exit go to the status file.
 * - `tied` (a drill's throwaway etcd and apiserver): when the k8sdoc that started it dies, even
 *   by SIGKILL, the child is stopped and the named folders (restored data, its PKI) are removed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export interface SuperviseSpec {
  mode: 'restart' | 'tied';
  command: string;
  args: string[];
  /** restart: where the child's pid, restarts and last exit are written (JSON) */
  statusFile?: string;
  /** tied: folders removed when the owner dies */
  remove?: string[];
}

export interface SupervisedStatus {
  /** the running child, absent while it waits to be restarted */
  pid?: number;
  startedAt: string;
  restarts: number;
  lastExit?: { code: number | null; signal: string | null; at: string };
}

const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** a child that ran this long counts as healthy again: the back-off starts over */
const STABLE_MS = 60_000;
const STOP_GRACE_MS = 5000;

/** The back-off before restart number `consecutive` (1, 2, ...): 1 s doubling up to 30 s. */
export function backoffMs(consecutive: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** Math.max(0, consecutive - 1));
}

function writeStatus(file: string | undefined, status: SupervisedStatus): void {
  if (!file) return;
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(status), { mode: 0o600 });
  renameSync(tmp, file);
}

export function supervise(spec: SuperviseSpec): void {
  const ownerPid = process.ppid;
  const status: SupervisedStatus = { startedAt: new Date().toISOString(), restarts: 0 };
  let child: ChildProcess | undefined;
  let stopping = false;
  /** the folders go only when the owner died: an owner that stops it on purpose decides (drill --keep) */
  let ownerGone = false;
  let consecutive = 0;
  let startedAt = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const finish = (code: number): void => {
    for (const folder of ownerGone ? (spec.remove ?? []) : []) rmSync(folder, { recursive: true, force: true });
    process.exit(code);
  };

  const start = (): void => {
    startedAt = Date.now();
    child = spawn(spec.command, spec.args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => process.stderr.write(`k8sdoc supervisor: cannot start ${spec.command}: ${error.message}\n`));
    status.pid = child.pid;
    writeStatus(spec.statusFile, status);
    child.on('exit', (code, signal) => {
      child = undefined;
      delete status.pid;
      status.lastExit = { code, signal, at: new Date().toISOString() };
      if (stopping || spec.mode === 'tied') {
        writeStatus(spec.statusFile, status);
        finish(code ?? 1);
        return;
      }
      consecutive = Date.now() - startedAt >= STABLE_MS ? 1 : consecutive + 1;
      const wait = backoffMs(consecutive);
      status.restarts++;
      writeStatus(spec.statusFile, status);
      process.stderr.write(`k8sdoc supervisor: ${spec.command} exited (${signal ?? `code ${code}`}); restart ${status.restarts} in ${wait / 1000}s\n`);
      restartTimer = setTimeout(start, wait);
    });
  };

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    if (!child) finish(0);
    child?.kill('SIGTERM');
    setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  if (spec.mode === 'tied') {
    // the owner is gone when this process is handed to another parent (init or a subreaper)
    setInterval(() => {
      if (process.ppid === ownerPid) return;
      ownerGone = true;
      stop();
    }, 250);
  }
  start();
}
