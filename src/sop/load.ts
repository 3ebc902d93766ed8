import { packageRoot } from '../embedded/paths.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { allChecks } from '../../checks/index.js';
import { K8sdocError, messageOf, usageError } from '../errors.js';
import { selectChecks } from '../engine/select.js';
import type { z } from 'zod';
import { actionStepSchema, forEachSchema, sopSchema } from './schema.js';
import type { ActionStep, ForEachStep, Sop } from './schema.js';

export function isGroup(step: Sop['steps'][number]): step is ForEachStep {
  return 'for-each' in step;
}

/** The 1-based line a YAML path (from a zod issue) starts on, found by indentation; undefined when the text has no such line. */
export function lineOf(text: string, segments: readonly PropertyKey[]): number | undefined {
  const lines = text.split('\n');
  const indentOf = (line: string): number => line.length - line.trimStart().length;
  const blank = (line: string): boolean => line.trim() === '' || line.trimStart().startsWith('#');
  let from = 0;
  let parentIndent = -1;
  let found: number | undefined;
  for (const segment of segments) {
    let hit: number | undefined;
    let itemIndent: number | undefined;
    let count = -1;
    for (let i = from + (found === undefined ? 0 : 1); i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (blank(line)) continue;
      const dash = /^(\s*)- /.exec(line);
      // the first key of a list item sits after its dash
      const indent = dash && typeof segment !== 'number' ? (dash[1]?.length ?? 0) + 2 : indentOf(line);
      if (indent <= parentIndent && !(dash && typeof segment === 'number' && indentOf(line) >= parentIndent)) break;
      if (typeof segment === 'number') {
        if (!dash) continue;
        itemIndent ??= indentOf(line);
        if (indentOf(line) !== itemIndent) continue;
        if (++count === segment) {
          hit = i;
          parentIndent = itemIndent;
          break;
        }
      } else {
        const key = new RegExp(`^\\s*(- )?${String(segment).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`);
        if (key.test(line)) {
          hit = i;
          parentIndent = indent;
          break;
        }
      }
    }
    if (hit === undefined) break;
    found = hit;
    from = hit;
  }
  return found === undefined ? undefined : found + 1;
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9-]*)\s*\}\}/g;

function placeholders(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

function invalid(source: string, text: string, at: readonly PropertyKey[], message: string): K8sdocError {
  const line = lineOf(text, at);
  const where = at.length > 0 ? ` (${at.join('.')})` : '';
  return new K8sdocError('sop-invalid', `${source}${line ? `:${line}` : ''}: ${message}${where}`, { exit: 'usage', hint: 'fix the runbook; `k8sdoc sop show NAME` prints a valid one to start from' });
}

/**
 * A step that matches neither a for-each group nor an action reports only "Invalid input" for the
 * whole step; validating it against the shape it was meant to have names the bad field instead.
 */
function specificIssue(document: unknown, issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  const at = issue.path;
  const [first, index] = at;
  if (issue.code !== 'invalid_union' || first !== 'steps' || typeof index !== 'number' || at.length !== 2) return { path: at, message: issue.message };
  const step = ((document as { steps?: unknown[] }).steps ?? [])[index];
  const meant = step && typeof step === 'object' && 'for-each' in step ? forEachSchema : actionStepSchema;
  const inner = meant.safeParse(step).error?.issues[0];
  return inner ? { path: [...at, ...inner.path], message: inner.message } : { path: at, message: issue.message };
}

/** Parses and validates a runbook; every error names the file and line. */
export function parseSop(text: string, source: string): Sop {
  let document: unknown;
  try {
    document = yaml.load(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? 'not valid YAML';
    throw new K8sdocError('sop-invalid', `${source}${mark?.line !== undefined ? `:${mark.line + 1}` : ''}: ${reason}`, { exit: 'usage', hint: 'fix the YAML syntax' });
  }
  const parsed = sopSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const { path: at, message } = issue ? specificIssue(document, issue) : { path: [], message: 'invalid runbook' };
    throw invalid(source, text, at, message);
  }
  const sop = parsed.data;
  const declared = new Set(sop.parameters.map((p) => p.name));
  const ids = new Set<string>();
  sop.steps.forEach((step, index) => {
    const inGroup = isGroup(step);
    const nested: [ActionStep, PropertyKey[]][] = inGroup ? step.steps.map((s, i): [ActionStep, PropertyKey[]] => [s, ['steps', index, 'steps', i]]) : [[step, ['steps', index]]];
    for (const [action, at] of [...nested, ...(inGroup ? [[step, ['steps', index]] as [unknown, PropertyKey[]]] : [])]) {
      const id = (action as { id: string }).id;
      if (ids.has(id)) throw invalid(source, text, [...at, 'id'], `step id "${id}" is used twice`);
      ids.add(id);
      const check = action as { kind?: string; checks?: string[]; 'upgrade-to'?: string };
      if (check.kind === 'check' && (check.checks ?? []).length === 0 && !check['upgrade-to']) throw invalid(source, text, at, 'a check step needs checks (ids or areas) or upgrade-to');
      if (check.kind === 'check') {
        // a typo must fail when the runbook is read, not halfway through a maintenance window
        try {
          selectChecks(allChecks, { checks: check.checks });
        } catch (error) {
          throw invalid(source, text, [...at, 'checks'], messageOf(error));
        }
      }
      for (const name of placeholders(action)) {
        if (name === 'node' && inGroup) continue;
        if (!declared.has(name)) throw invalid(source, text, at, `{{${name}}} is not a declared parameter${name === 'node' ? ' ({{node}} exists only inside a for-each group)' : ''}`);
      }
    }
  });
  return sop;
}

export interface SopSource {
  name: string;
  description: string;
  file: string;
  builtin: boolean;
}

/** The folder of runbooks shipped with k8sdoc: sops/ beside package.json, from src/ or dist/. */
export function builtinSopDir(): string {
  return path.join(packageRoot(), 'sops');
}

/** Where users keep their own runbooks by default. */
export function userSopDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME ?? path.join(env.HOME ?? homedir(), '.config'), 'k8sdoc', 'sops');
}

function sopFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every runbook by name: built-in first, then the user's folders, later ones replacing earlier ones of the same name. */
export function listSops(sopDir: string | undefined, env: NodeJS.ProcessEnv = process.env): SopSource[] {
  if (sopDir && !existsSync(sopDir)) throw usageError(`--sop-dir ${sopDir} does not exist`, 'pass a folder of runbook YAML files');
  const byName = new Map<string, SopSource>();
  const folders: [string, boolean][] = [[builtinSopDir(), true], [userSopDir(env), false], ...(sopDir ? [[sopDir, false] as [string, boolean]] : [])];
  for (const [dir, builtin] of folders) {
    for (const file of sopFiles(dir)) {
      const sop = parseSop(readFileSync(file, 'utf8'), file);
      byName.set(sop.name, { name: sop.name, description: sop.description, file, builtin });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A runbook by name (or a path to a YAML file). */
export function loadSop(nameOrFile: string, sopDir: string | undefined, env: NodeJS.ProcessEnv = process.env): { sop: Sop; file: string } {
  if (/\.ya?ml$/.test(nameOrFile) && existsSync(nameOrFile)) return { sop: parseSop(readFileSync(nameOrFile, 'utf8'), nameOrFile), file: nameOrFile };
  const found = listSops(sopDir, env).find((s) => s.name === nameOrFile);
  if (!found) {
    const known = listSops(sopDir, env).map((s) => s.name).join(', ');
    throw new K8sdocError('not-found', `no runbook named "${nameOrFile}"`, { exit: 'notFound', hint: `known: ${known}; add your own to ${userSopDir(env)} or pass --sop-dir` });
  }
  return { sop: parseSop(readFileSync(found.file, 'utf8'), found.file), file: found.file };
}
