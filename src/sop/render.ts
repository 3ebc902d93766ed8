import chalk from 'chalk';
import { formatDuration } from '../report/format.js';
import type { RunProgress, StepState } from './journal.js';
import type { SopSource } from './load.js';
import type { PlannedStep } from './plan.js';
import { describeStep } from './plan.js';
import type { RunEvent } from './runner.js';

const MARK: Record<StepState, string> = {
  pending: '·',
  running: '…',
  ok: chalk.green('✔'),
  failed: chalk.red('✖'),
  interrupted: chalk.yellow('■'),
  'rolled-back': chalk.yellow('↺'),
  skipped: chalk.yellow('⤼'),
};

/** One line per finished step (and per rollback), for logs and CI; undefined for events that print nothing. */
export function eventLine(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'step-end':
      return `${MARK[event.result]} ${event.key} (${formatDuration(event.ms)})${event.error ? `: ${event.error}` : ''}`;
    case 'rollback-end':
      return `${event.result === 'ok' ? MARK['rolled-back'] : MARK.failed} rollback of ${event.key}${event.error ? ` failed: ${event.error}` : ''}`;
    case 'run-end':
      return `run ${event.result}${event.stoppedAt ? ` at ${event.stoppedAt}` : ''}`;
    default:
      return undefined;
  }
}

/** --dry-run: what each step would do, rollbacks included. */
export function renderDryRun(sop: string, plan: readonly PlannedStep[]): string {
  const lines = [`${sop}: ${plan.length} steps (dry run: nothing is changed, no run is recorded)`];
  plan.forEach((planned, index) => {
    lines.push(`${String(index + 1).padStart(3)}. ${planned.key}: would ${describeStep(planned.step)}`);
    if (planned.step.rollback) lines.push(`       rollback: would ${describeStep(planned.step.rollback)}`);
  });
  return `${lines.join('\n')}\n`;
}

export function renderStatus(progress: RunProgress, format: 'human' | 'json'): string {
  const cluster = progress.info.cluster;
  if (format === 'json') return `${JSON.stringify({ id: progress.info.id, sop: progress.info.sop, cluster: cluster ?? null, result: progress.result ?? 'running-or-killed', resumeAt: progress.resumeAt === undefined ? null : progress.info.plan[progress.resumeAt]?.key, steps: progress.steps.map(({ output: _o, ...s }) => s) }, null, 2)}\n`;
  const done = progress.steps.filter((s) => s.state === 'ok').length;
  const result = progress.result ?? 'not finished (running, or its process was killed)';
  const lines = [
    `run ${progress.info.id} (${progress.info.sop}): ${result}; ${done}/${progress.steps.length} steps done`,
    `  cluster: ${cluster ? `${cluster.server} (kube-system ${cluster.kubeSystemUid})` : 'not recorded (cannot be resumed)'}`,
  ];
  for (const step of progress.steps) {
    const child = step.state === 'interrupted' && step.child ? `; its program (process group ${step.child}) may still run` : '';
    lines.push(`  ${MARK[step.state]} ${step.key}${step.ms !== undefined ? ` (${formatDuration(step.ms)})` : ''}${step.error ? `: ${step.error}` : ''}${child}`);
  }
  const next = progress.resumeAt === undefined ? undefined : progress.info.plan[progress.resumeAt]?.key;
  if (next && progress.result !== 'succeeded') lines.push(`resume with: k8sdoc sop resume ${progress.info.id} (continues at ${next})`);
  return `${lines.join('\n')}\n`;
}

export function renderSopList(sops: readonly SopSource[]): string {
  const width = Math.max(4, ...sops.map((s) => s.name.length));
  const lines = [`${'NAME'.padEnd(width)}  SOURCE    DESCRIPTION`];
  for (const s of sops) lines.push(`${s.name.padEnd(width)}  ${(s.builtin ? 'built-in' : 'user').padEnd(8)}  ${s.description.split('\n')[0] ?? ''}`);
  return `${lines.join('\n')}\n`;
}

export function renderSopListJson(sops: readonly SopSource[]): string {
  return `${JSON.stringify(sops, null, 2)}\n`;
}
