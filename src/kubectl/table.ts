/**
 * Go's text/tabwriter as kubectl configures it, the one aligner behind every table and
 * description k8sdoc prints. Cells end with a tab; the text after a line's last tab is not part
 * of a column and stays unpadded. A column spans the consecutive lines that have a cell in it
 * (a "column block"), so `describe` output aligns the way kubectl's does.
 */
export interface TabwriterOptions {
  /** smallest width of a column, padding included */
  minWidth: number;
  /** spaces added to the widest cell of a column */
  padding: number;
}

/** `kubectl get` tables: printers.GetNewTabWriter. */
export const TABLE_LAYOUT: TabwriterOptions = { minWidth: 6, padding: 3 };
/** `kubectl describe`: tabbedString. */
export const DESCRIBE_LAYOUT: TabwriterOptions = { minWidth: 0, padding: 2 };

function displayWidth(text: string): number {
  return [...text].length;
}

/**
 * Aligns tab-separated lines. With `rememberWidths` (kubectl's RememberWidths flag) column
 * widths only grow from one format() call to the next, so a list printed page by page keeps its
 * columns straight without holding every row.
 */
export class Tabwriter {
  private remembered: number[] = [];

  constructor(
    private readonly options: TabwriterOptions = TABLE_LAYOUT,
    private readonly rememberWidths = false,
  ) {}

  /** Lays out lines given as cells (a table) or as tab-separated text (a description). */
  format(lines: readonly (readonly string[] | string)[]): string {
    const cells = lines.map((line) => (typeof line === 'string' ? line.split('\t') : line));
    const out: string[] = [];
    this.block(cells, 0, cells.length, [], out);
    return out.join('');
  }

  /** Starts over, as kubectl does between the tables of different resource types. */
  reset(): void {
    this.remembered = [];
  }

  private block(lines: (readonly string[])[], start: number, end: number, widths: number[], out: string[]): void {
    const column = widths.length;
    let line0 = start;
    for (let current = start; current < end; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      // a cell in this column: the lines before it are done, and a column block starts here
      this.write(lines, line0, current, widths, out);
      line0 = current;
      let width = this.options.minWidth;
      for (; current < end; current++) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, displayWidth(line[column] ?? '') + this.options.padding);
      }
      if (this.rememberWidths) {
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
      }
      this.block(lines, line0, current, [...widths, width], out);
      line0 = current;
    }
    this.write(lines, line0, end, widths, out);
  }

  private write(lines: (readonly string[])[], start: number, end: number, widths: number[], out: string[]): void {
    for (let i = start; i < end; i++) {
      const line = lines[i] ?? [];
      let text = '';
      line.forEach((cell, j) => {
        text += j < line.length - 1 && j < widths.length ? cell + ' '.repeat(Math.max(0, (widths[j] ?? 0) - displayWidth(cell))) : cell;
      });
      out.push(`${text}\n`);
    }
  }
}

/** Lays out a whole table at once, kubectl get style. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  return new Tabwriter(TABLE_LAYOUT).format(rows);
}

/**
 * A cell as kubectl prints it: cut at the first line break (marked "..."), and the escape
 * character shown as ^[ so text from the cluster cannot drive the terminal.
 */
export function cellText(value: string): string {
  const cut = value.search(/[\f\n\r]/);
  const line = cut === -1 ? value : `${value.slice(0, cut)}...`;
  return line.replaceAll('\x1b', '^[');
}

/** Labels as kubectl's labels.FormatLabels prints them: sorted k=v pairs, or <none>. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}
