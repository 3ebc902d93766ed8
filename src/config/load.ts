import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'zod';
import { messageOf, usageError } from '../errors.js';
import type { K8sdocError } from '../errors.js';
import { ConfigSchema } from './schema.js';
import type { K8sdocConfig } from './schema.js';

export const CONFIG_FILE = '.k8sdoc.yaml';

export interface LoadedConfig {
  config: K8sdocConfig;
  /** the file read, or undefined when there is none */
  file: string | undefined;
}

/** `suppressions[2].namespace`: the path as a user would point at it in the file. */
export function issuePath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${issuePath([...issue.path, key])}: unknown key`).join('; ');
  }
  const where = issuePath(issue.path) || 'the document';
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function invalid(file: string, what: string): K8sdocError {
  return usageError(`${file}: ${what}`, `fix ${path.basename(file)} (see the configuration section of the README)`);
}

/** Validates a parsed document; the error names the bad key's path. */
export function parseConfig(document: unknown, file: string, knownChecks?: readonly string[]): K8sdocConfig {
  const parsed = ConfigSchema.safeParse(document ?? {});
  if (!parsed.success) throw invalid(file, parsed.error.issues.slice(0, 3).map(describeIssue).join('; '));
  if (knownChecks) {
    const known = new Set(knownChecks);
    const index = (parsed.data.suppressions ?? []).findIndex((rule) => rule.check !== undefined && !known.has(rule.check));
    const rule = parsed.data.suppressions?.[index];
    if (rule) throw invalid(file, `suppressions[${index}].check: unknown check "${rule.check}" (see \`k8sdoc diagnose --list-checks\`)`);
  }
  return parsed.data;
}

/**
 * Reads `--config FILE`, else `.k8sdoc.yaml` in the working directory, else nothing. Every
 * problem is a one-line usage error (exit 2).
 */
export function loadConfig(options: { file?: string | undefined; cwd?: string; knownChecks?: readonly string[] } = {}): LoadedConfig {
  const explicit = options.file;
  const file = explicit ?? path.join(options.cwd ?? process.cwd(), CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw usageError(`config file ${explicit} does not exist`, 'check the path given to --config');
    return { config: {}, file: undefined };
  }
  if (statSync(file).isDirectory()) throw usageError(`config file ${file} is a folder`, 'pass the YAML file itself to --config');
  let document: unknown;
  try {
    document = yaml.load(readFileSync(file, 'utf8'));
  } catch (error) {
    const mark = (error as { mark?: { line?: number }; reason?: string }).mark;
    const reason = (error as { reason?: string }).reason ?? messageOf(error);
    throw invalid(file, mark?.line === undefined ? reason : `line ${mark.line + 1}: ${reason}`);
  }
  if (document !== undefined && document !== null && (typeof document !== 'object' || Array.isArray(document))) {
    throw invalid(file, 'expected a mapping with failOn, thresholds and suppressions');
  }
  return { config: parseConfig(document, file, options.knownChecks), file };
}
