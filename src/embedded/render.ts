import chalk from 'chalk';
import type { ClusterStatus } from './cluster.js';

export function renderClusterStatus(status: ClusterStatus): string {
  const lines = [`cluster "${status.name}": ${status.running ? chalk.green('running') : chalk.red('not running')}${status.state?.allowExec ? chalk.yellow('  (exec allowed: kwok runs commands as you for anyone on this machine)') : ''}`];
  for (const c of status.components) {
    const mark = c.healthy ? chalk.green('healthy') : c.running ? chalk.yellow('running, not healthy') : chalk.red('down');
    const exit = c.lastExit ? `, last exit ${c.lastExit.signal ?? `code ${c.lastExit.code}`} at ${c.lastExit.at}` : '';
    const restarts = c.restarts > 0 ? chalk.yellow(`  restarted ${c.restarts}x${exit}`) : '';
    lines.push(`  ${c.component.padEnd(24)} ${mark}${c.pid ? `  pid ${c.pid}` : ''}${restarts}`);
    for (const line of c.logTail) lines.push(`      ${chalk.dim(line)}`);
  }
  if (status.nodes.length) {
    const ready = status.nodes.filter((n) => n.ready).length;
    lines.push(`  nodes: ${ready}/${status.nodes.length} Ready`);
  }
  lines.push(`  kubeconfig: ${status.kubeconfig}`);
  return lines.join('\n');
}
