/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/**
 * The samples of the named metrics in a Prometheus text exposition. Only lines of those
 * metrics are parsed: an apiserver's /metrics runs to many megabytes.
 */
export function samples(text: string, names: readonly string[]): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !names.some((name) => line.startsWith(name))) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || !names.includes(match[1] ?? '')) continue;
    const value = Number(match[4]);
    if (Number.isNaN(value)) continue;
    out.push({ name: match[1] ?? '', labels: parseLabels(match[3] ?? ''), value });
  }
  return out;
}
