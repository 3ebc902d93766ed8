import yaml from 'js-yaml';
import type { Check } from '../engine/types.js';
import { TABLE_LAYOUT, Tabwriter } from '../kubectl/table.js';
import { cell } from './markdown.js';

export type CatalogFormat = 'human' | 'json' | 'yaml' | 'markdown';

function entries(checks: readonly Check[]): { id: string; area: string; severity: string; title: string; needs: string[]; extras: string[]; docs: string }[] {
  return checks.map((c) => ({ id: c.id, area: c.area, severity: c.severity, title: c.title, needs: [...c.needs], extras: [...(c.extras ?? [])], docs: c.docs }));
}

/**
 * The check catalog as `diagnose --list-checks` prints it. The Markdown form is the README's
 * check table, generated rather than kept in sync by hand.
 */
export function renderCatalog(checks: readonly Check[], format: CatalogFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(entries(checks), null, 2)}\n`;
    case 'yaml':
      return yaml.dump(entries(checks), { lineWidth: -1 });
    case 'markdown':
      return [
        '| Check | Area | Severity | What it finds |',
        '| --- | --- | --- | --- |',
        ...checks.map((c) => `| [\`${c.id}\`](${c.docs}) | ${c.area} | ${c.severity} | ${cell(c.title)} |`),
        '',
      ].join('\n');
    case 'human':
      if (checks.length === 0) return 'No checks in the catalog.\n';
      return new Tabwriter(TABLE_LAYOUT).format([['ID', 'AREA', 'SEVERITY', 'TITLE'], ...checks.map((c) => [c.id, c.area, c.severity, c.title])]);
  }
}
