import chalk from 'chalk';
import yaml from 'js-yaml';
import { alignColumns } from '../kubectl/table.js';
import type { DnsProbe, LookupResult } from './probe.js';
import { FAILURE_MEANING } from './probe.js';

/** Passed: every lookup gave the answer it must, and the probe did run. */
export function probePassed(probe: DnsProbe): boolean {
  return probe.inconclusive === undefined && probe.lookups.length > 0 && probe.lookups.every((l) => l.ok);
}

function answerText(lookup: LookupResult): string {
  if (lookup.expect === 'nxdomain') return lookup.ok ? 'NXDOMAIN (must not exist)' : lookup.answers.length > 0 ? lookup.answers.join(', ') : (lookup.failure ?? '').toUpperCase();
  if (lookup.answers.length > 0) return `${lookup.answers.join(', ')}${lookup.expect.length > 0 ? ` (expected ${lookup.expect.join(', ')})` : ''}`;
  return (lookup.failure ?? '').toUpperCase();
}

export function dnsText(probe: DnsProbe): string {
  const how = probe.method === 'direct' ? `direct query to ${probe.server}` : `probe pod ${probe.pod?.namespace}/${probe.pod?.name} (${probe.pod?.image})`;
  const parts = [`DNS check: ${how}`];
  if (probe.pod) {
    const where = probe.pod.node ? ` on node ${probe.pod.node}` : '';
    parts.push(`  pod phase ${probe.pod.phase ?? 'unknown'}${where}; ${probe.pod.deleted ? 'deleted' : chalk.yellow('NOT deleted')}`);
  }
  if (probe.lookups.length > 0) {
    const rows = probe.lookups.map((l) => [l.ok ? chalk.green('OK') : chalk.red('FAIL'), l.name, answerText(l), l.ms === undefined ? '' : `${l.ms}ms`]);
    parts.push(alignColumns([['RESULT', 'NAME', 'ANSWER', 'TIME'], ...rows]).trimEnd());
  }
  for (const lookup of probe.lookups.filter((l) => !l.ok && l.failure)) {
    parts.push(`${chalk.red('error:')} ${lookup.name}: ${FAILURE_MEANING[lookup.failure ?? 'error']}${lookup.detail ? ` (${lookup.detail})` : ''}`);
  }
  if (probe.inconclusive) parts.push(`${chalk.yellow('inconclusive:')} ${probe.inconclusive}`);
  else if (probePassed(probe)) parts.push(chalk.green('DNS works: the cluster name resolves and a missing name gets NXDOMAIN'));
  return `${parts.join('\n')}\n`;
}

export function dnsData(probe: DnsProbe): unknown {
  return {
    passed: probePassed(probe),
    ...probe,
    lookups: probe.lookups.map((l) => (l.failure ? { ...l, meaning: FAILURE_MEANING[l.failure] } : l)),
  };
}

export function renderDnsProbe(probe: DnsProbe, format: string): string {
  if (format === 'json') return JSON.stringify(dnsData(probe), null, 2);
  if (format === 'yaml') return yaml.dump(dnsData(probe), { noRefs: true, lineWidth: -1 });
  return dnsText(probe);
}
