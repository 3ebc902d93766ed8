import chalk from 'chalk';
import type { ClusterStatus } from './cluster.js';

export function renderClusterStatus(status: ClusterStatus): string {
  if (!status.state) return `cluster "${status.name}" does not exist (start it with \`k8sdoc cluster up\`)`;
  const lines = [`cluster "${status.name}": ${status.running ? chalk.green('running') : chalk.red('not running')}`];
  for (const c of status.components) {
    const mark = c.healthy ? chalk.green('healthy') : c.running ? chalk.yellow('running, not healthy') : chalk.red('down');
    lines.push(`  ${c.component.padEnd(24)} ${mark}${c.pid ? `  pid ${c.pid}` : ''}`);
    for (const line of c.logTail) lines.push(`      ${chalk.dim(line)}`);
  }
  if (status.nodes.length) {
    const ready = status.nodes.filter((n) => n.ready).length;
    lines.push(`  nodes: ${ready}/${status.nodes.length} Ready`);
  }
  lines.push(`  kubeconfig: ${status.kubeconfig}`);
  return lines.join('\n');
}
