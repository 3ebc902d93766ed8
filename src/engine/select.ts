import { usageError } from '../errors.js';
import type { Check } from './types.js';

export interface CheckSelection {
  /** ids or areas to run; empty or undefined: the whole catalog */
  checks?: readonly string[] | undefined;
  /** ids or areas to leave out */
  skip?: readonly string[] | undefined;
}

/** Splits repeated, comma-separated flag values (`--checks a,b --checks c`). */
export function splitList(values: readonly string[] | string | undefined): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  return list.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

/**
 * The checks a run uses, in catalog order. Each token names a check id or an area; a token that
 * is neither is a usage error naming what exists, since a typo must never silently run nothing.
 */
export function selectChecks(catalog: readonly Check[], selection: CheckSelection): Check[] {
  const ids = new Set(catalog.map((check) => check.id));
  const areas = new Set<string>(catalog.map((check) => check.area));
  const resolve = (tokens: readonly string[] | undefined, flag: string): Set<string> | undefined => {
    if (!tokens || tokens.length === 0) return undefined;
    for (const token of tokens) {
      if (!ids.has(token) && !areas.has(token)) {
        const known = [...ids].join(', ') || 'none';
        throw usageError(`unknown check or area "${token}" in ${flag}`, `known checks: ${known}; areas: ${[...areas].join(', ') || 'none'}`);
      }
    }
    return new Set(tokens);
  };
  const wanted = resolve(selection.checks, '--checks');
  const skipped = resolve(selection.skip, '--skip-checks');
  const picks = (set: Set<string> | undefined, check: Check): boolean => set !== undefined && (set.has(check.id) || set.has(check.area));
  const selected = catalog.filter((check) => (wanted === undefined || picks(wanted, check)) && !picks(skipped, check));
  if (selected.length === 0 && catalog.length > 0) {
    throw usageError('no checks left to run after --checks and --skip-checks', 'list the catalog with `k8sdoc diagnose --list-checks`');
  }
  return selected;
}
