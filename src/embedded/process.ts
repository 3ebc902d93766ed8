import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { builtScript, processAlive } from './paths.js';
import type { SupervisedStatus, SuperviseSpec } from './supervise.js';

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export async function portFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface StartOptions {
  /** restart: keep it running (back-off, restarts counted in statusFile); tied: end it with this k8sdoc */
  mode: SuperviseSpec['mode'];
  statusFile?: string;
  /** tied: folders removed when this k8sdoc dies before it stops the program itself */
  remove?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a long-running program under k8sdoc's supervisor, detached from k8sdoc in a process
 * group of its own (the supervisor leads it, the program is inside), with stdout and stderr
 * appended to its log file. The pid returned is the supervisor's: stopProcess ends the group.
 */
export function startSupervised(binary: string, args: string[], logFile: string, options: StartOptions): number {
  const fd = openSync(logFile, 'a', 0o600);
  try {
    const spec: SuperviseSpec = { mode: options.mode, command: binary, args, ...(options.statusFile ? { statusFile: options.statusFile } : {}), ...(options.remove ? { remove: options.remove } : {}) };
    const child = spawn(process.execPath, [builtScript('supervise-main'), JSON.stringify(spec)], { detached: true, stdio: ['ignore', fd, fd], env: options.env ?? process.env });
    child.on('error', () => undefined);
    child.unref();
    if (!child.pid) throw new Error(`cannot start ${binary}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** What a supervisor last wrote about its program, or undefined before it first did. */
export function supervisedStatus(statusFile: string): SupervisedStatus | undefined {
  try {
    return JSON.parse(readFileSync(statusFile, 'utf8')) as SupervisedStatus;
  } catch {
    return undefined;
  }
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`; resolves when it is gone. */
export async function stopProcess(pid: number | undefined, graceMs = 2000): Promise<void> {
  if (!processAlive(pid) || !pid) return;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processAlive(pid) && Date.now() < deadline) await sleep(25);
  if (processAlive(pid)) {
    signal('SIGKILL');
    while (processAlive(pid)) await sleep(25);
  }
}

/** Pids of processes whose command line mentions `marker` (a cluster's state folder). */
export function processesMentioning(marker: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** The last lines of a log file, for error messages about a component that died. */
export function logTail(file: string, lines = 5): string[] {
  try {
    const text = readFileSync(file, 'utf8');
    return text.split('\n').filter((l) => l.trim() !== '').slice(-lines).map(readableLogLine);
  } catch {
    return [];
  }
}

/** Structured (JSON) log lines shortened to their message and error, for one-line errors. */
function readableLogLine(line: string): string {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: string; error?: string; level?: string };
      return [entry.level, entry.msg, entry.err ?? entry.error].filter(Boolean).join(' ');
    } catch {
      // not JSON after all
    }
  }
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** True when a zombie or a live process is gone for good (so `pid` can be tested). */
export function isRunning(pid: number | undefined): boolean {
  if (!pid || !processAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return processAlive(pid);
  }
}
