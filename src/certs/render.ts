import yaml from 'js-yaml';
import { alignColumns } from '../kubectl/table.js';
import { renderHuman } from '../report/human.js';
import { renderJunit } from '../report/junit.js';
import { toReport } from '../report/model.js';
import type { CertsCheckResult } from './check.js';
import { residualMs, residualText } from './problems.js';
import type { CertEntry } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** kubeadm's EXPIRES column: `Nov 21, 2027 01:58 UTC`. */
export function kubeadmDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function expires(entry: CertEntry): string {
  if (entry.missing) return '<missing>';
  if (entry.unreadable) return '<unreadable>';
  return entry.cert ? kubeadmDate(entry.cert.notAfter) : '';
}

/** Two tables as `kubeadm certs check-expiration` prints them, certificates then CAs, with the source of each row. */
export function inventoryTables(entries: readonly CertEntry[], now: Date): string {
  const rows = entries.filter((e) => e.cert || e.missing || e.unreadable);
  const leaves = rows.filter((e) => !e.cert?.isCA);
  const cas = rows.filter((e) => e.cert?.isCA);
  const parts: string[] = [];
  if (leaves.length > 0) {
    parts.push(
      alignColumns([
        ['CERTIFICATE', 'EXPIRES', 'RESIDUAL TIME', 'CERTIFICATE AUTHORITY', 'SOURCE'],
        ...leaves.map((e) => [e.name, expires(e), residualText(e, now), e.authority ?? '', e.source.location]),
      ]),
    );
  }
  if (cas.length > 0) {
    parts.push(
      alignColumns([
        ['CERTIFICATE AUTHORITY', 'EXPIRES', 'RESIDUAL TIME', 'EXTERNALLY MANAGED', 'SOURCE'],
        ...cas.map((e) => [e.name, expires(e), residualText(e, now), e.externallyManaged ? 'yes' : 'no', e.source.location]),
      ]),
    );
  }
  return parts.length > 0 ? parts.join('\n') : 'No certificates found.\n';
}

/** -o json/yaml: the inventory with residual times, plus the findings in diagnose's versioned report shape. */
export function certData(outcome: CertsCheckResult, now: Date, generatorVersion: string): unknown {
  return {
    checkedAt: now.toISOString(),
    certificates: outcome.entries.map((entry) => {
      const ms = residualMs(entry, now);
      return { ...entry, ...(ms === undefined ? {} : { residualSeconds: Math.floor(ms / 1000), residual: residualText(entry, now) }) };
    }),
    notes: outcome.notes,
    report: toReport(outcome.result, generatorVersion),
  };
}

export type CertsOutput = 'table' | 'json' | 'yaml' | 'junit';

export function renderCertsCheck(outcome: CertsCheckResult, format: CertsOutput, now: Date, generatorVersion: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(certData(outcome, now, generatorVersion), null, 2)}\n`;
    case 'yaml':
      return yaml.dump(certData(outcome, now, generatorVersion), { noRefs: true, lineWidth: -1 });
    case 'junit':
      return renderJunit(outcome.result);
    case 'table':
      return `${inventoryTables(outcome.entries, now)}\n${renderHuman(outcome.result)}`;
  }
}
