/**
 * Regenerates the README's reference sections from the code, so they never drift:
 * commands (from the oclif manifest), the check catalog and the fault scenarios.
 *
 *   npx tsx scripts/gen-docs.ts          # rewrite README.md
 *   npx tsx scripts/gen-docs.ts --check  # exit 1 when README.md is stale (CI, unit test)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Config } from '@oclif/core';
import { allChecks } from '../checks/index.js';
import { SCENARIOS } from '../src/embedded/scenarios.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = path.join(ROOT, 'README.md');

const oneLine = (text: string | undefined): string => (text ?? '').split('\n')[0]?.replace(/\|/g, '\\|').trim() ?? '';

export async function commandsSection(): Promise<string> {
  const config = await Config.load({ root: ROOT });
  const commands = [...config.commands].filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id));
  const out: string[] = [];
  for (const command of commands) {
    const name = `k8sdoc ${command.id.replaceAll(':', ' ')}`;
    const args = Object.entries(command.args ?? {}).map(([arg, def]) => (def.required ? ` ${arg.toUpperCase()}` : ` [${arg.toUpperCase()}]`)).join('');
    out.push(`### \`${name}${args}\``, '', oneLine(command.summary ?? command.description), '');
    const flags = Object.entries(command.flags ?? {}).filter(([, f]) => !f.hidden && f.helpGroup !== 'GLOBAL' && f.helpGroup !== 'CLUSTER');
    if (flags.length) {
      out.push('| flag | meaning |', '| --- | --- |');
      for (const [flag, def] of flags) {
        const char = 'char' in def && def.char ? `-${def.char}, ` : '';
        const options = 'options' in def && def.options ? ` (${def.options.join('\\|')})` : '';
        const fallback = 'default' in def && def.default !== undefined && typeof def.default !== 'function' ? ` Default: \`${String(def.default)}\`.` : '';
        out.push(`| \`${char}--${flag}\`${options} | ${oneLine(def.description)}${fallback} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

export function checksSection(): string {
  const rows = allChecks.map((c) => `| \`${c.id}\` | ${c.area} | ${c.severity} | ${oneLine(c.title)} |`);
  return ['| id | area | severity | what it finds |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function scenariosSection(): string {
  const rows = SCENARIOS.map((s) => `| \`${s.name}\` | ${oneLine(s.description)} | ${oneLine(s.expect)} |`);
  return ['| scenario | what it breaks | what diagnose finds |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`README.md lacks the ${marker} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

export async function renderReadme(current: string): Promise<string> {
  let text = replaceBetween(current, 'commands', await commandsSection());
  text = replaceBetween(text, 'checks', checksSection());
  return replaceBetween(text, 'scenarios', scenariosSection());
}

const current = readFileSync(README, 'utf8');
const next = await renderReadme(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md is stale: run `npx tsx scripts/gen-docs.ts`');
    process.exit(1);
  }
} else {
  writeFileSync(README, next);
}
