/** One line of `/readyz?verbose` or `/livez?verbose`: `[+]ping ok`, `[-]etcd failed: reason withheld`. */
export interface HealthCheckLine {
  name: string;
  ok: boolean;
  /** what follows "failed:" on a failing line */
  reason?: string;
}

export interface HealthReport {
  checks: HealthCheckLine[];
  /** the closing `readyz check passed|failed` line, or a bare `ok` */
  passed: boolean | undefined;
}

/**
 * Parses the verbose health output of kube-apiserver. A plain `ok` (non-verbose) passes with no
 * check lines; anything unrecognised leaves `passed` undefined.
 */
export function parseHealth(text: string): HealthReport {
  const checks: HealthCheckLine[] = [];
  let passed: boolean | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const match = /^\[([+-])\](\S+)\s+(ok|failed)(?::\s*(.*))?$/.exec(line);
    if (match) {
      checks.push({ name: match[2] ?? '', ok: match[1] === '+', ...(match[4] ? { reason: match[4] } : {}) });
      continue;
    }
    if (/check passed$/.test(line) || line === 'ok') passed = true;
    else if (/check failed$/.test(line)) passed = false;
  }
  if (passed === undefined && checks.length > 0) passed = checks.every((c) => c.ok);
  return { checks, passed };
}

export function failingChecks(report: HealthReport): HealthCheckLine[] {
  return report.checks.filter((c) => !c.ok);
}

/** `etcd`, `etcd-readiness`: the apiserver's view of its storage. */
export function isEtcdCheck(check: HealthCheckLine): boolean {
  return check.name === 'etcd' || check.name.startsWith('etcd-');
}
