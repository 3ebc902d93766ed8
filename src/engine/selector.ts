import { usageError } from '../errors.js';
import type { LabelSelector, SelectorRequirement } from '../workload/selectors.js';

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Splits on commas that are not inside `in (a,b)` parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

function parseRequirement(part: string, whole: string): SelectorRequirement {
  const bad = (): never => {
    throw usageError(`invalid label selector "${whole}" at "${part}"`, 'use the kubectl syntax, e.g. app=web,tier!=db or env in (prod,staging)');
  };
  const checkKey = (key: string): string => (KEY.test(key) ? key : bad());
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
    return { key: checkKey(set[1] ?? ''), operator: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const inequality = /^([^!=\s]+)\s*!=\s*(\S*)$/.exec(part);
  if (inequality) return { key: checkKey(inequality[1] ?? ''), operator: 'NotIn', values: [inequality[2] ?? ''] };
  const equality = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(part);
  if (equality) return { key: checkKey(equality[1] ?? ''), operator: 'In', values: [equality[2] ?? ''] };
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim()), operator: 'DoesNotExist' };
  return { key: checkKey(part), operator: 'Exists' };
}

/**
 * Parses a selector such as `app=web,tier!=db,env in (prod,staging),!canary` into the API's
 * LabelSelector, so it is matched by the same code as the selectors of Services and Deployments.
 */
export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === '') return {};
  return { matchExpressions: splitTopLevel(text).map((part) => parseRequirement(part, text)) };
}

/**
 * A name pattern from a config file: `/regex/` is a regular expression, anything else a glob
 * where `*` is any run of characters and `?` one character. Globs match the whole name.
 */
export function namePattern(pattern: string): RegExp {
  const regex = /^\/(.+)\/([imsu]*)$/.exec(pattern);
  if (regex) return new RegExp(regex[1] ?? '', regex[2]);
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${body}$`);
}
