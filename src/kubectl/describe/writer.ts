import type { KubeEvent, KubeObject } from '../../kube/types.js';
import { eventInterval, sortEvents } from '../events.js';
import { DESCRIBE_LAYOUT, Tabwriter } from '../table.js';

/** kubectl's describe levels: two spaces of indent per level. */
export type Level = 0 | 1 | 2 | 3 | 4;

/** Annotations kubectl describe leaves out: the whole last-applied object. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
/** Longer annotation values are cut and continued on their own lines, as kubectl does. */
const MAX_ANNOTATION_LENGTH = 140;

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in local time ("Mon, 02 Jan 2006 15:04:05 -0700"), the stamp kubectl describe prints. */
export function rfc1123z(timestamp: string | undefined): string {
  const date = timestamp ? new Date(timestamp) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '<unset>';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${DAYS[date.getDay()]}, ${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

/**
 * Collects a description as kubectl's PrefixWriter does (tab-separated "Key:\tvalue" lines
 * with two spaces of indent per level) and aligns it with the describe tabwriter. Sections
 * that kubectl flushes separately (the events table) are aligned on their own.
 */
export class DescribeWriter {
  private lines: string[] = [];
  private readonly done: string[] = [];

  /** One line at a level; tabs separate the aligned cells. */
  line(level: Level, text: string): void {
    this.lines.push('  '.repeat(level) + text);
  }

  /** "Title:\tvalue", or "Title:\t<none>" when there is no value. */
  field(level: Level, title: string, value: string | number | boolean | undefined): void {
    this.line(level, `${title}:\t${value === undefined || value === '' ? '<none>' : String(value)}`);
  }

  /** Sorted key=value lines under a title (labels, node selectors), the first beside the title. */
  map(level: Level, title: string, values: Record<string, string> | undefined, separator = '='): void {
    const keys = Object.keys(values ?? {}).sort();
    if (keys.length === 0) {
      this.field(level, title, undefined);
      return;
    }
    keys.forEach((key, i) => this.line(level, `${i === 0 ? `${title}:` : ''}\t${key}${separator}${values?.[key] ?? ''}`));
  }

  /** Annotations minus last-applied-configuration; long or multi-line values continue below their key. */
  annotations(level: Level, annotations: Record<string, string> | undefined): void {
    const shown = Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !SKIPPED_ANNOTATIONS.has(key)));
    const keys = Object.keys(shown).sort();
    if (keys.length === 0) {
      this.field(level, 'Annotations', undefined);
      return;
    }
    keys.forEach((key, i) => {
      const title = i === 0 ? 'Annotations:' : '';
      const value = (shown[key] ?? '').replace(/\n$/, '');
      if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
        this.line(level, `${title}\t${key}:`);
        for (const part of value.split('\n')) {
          this.line(level, `\t  ${part.length > MAX_ANNOTATION_LENGTH - 2 ? `${part.slice(0, MAX_ANNOTATION_LENGTH - 2)}...` : part}`);
        }
      } else {
        this.line(level, `${title}\t${key}: ${value}`);
      }
    });
  }

  /** A list of values under a title, one per line, the first beside the title. */
  list(level: Level, title: string, values: string[]): void {
    if (values.length === 0) {
      this.field(level, title, undefined);
      return;
    }
    values.forEach((value, i) => this.line(level, `${i === 0 ? `${title}:` : ''}\t${value}`));
  }

  /** A small table under a title, each row at level+1; kubectl puts a space before each tab. */
  table(level: Level, title: string, header: string[], rows: string[][], underline = true): void {
    this.line(level, `${title}:`);
    const inner = (level + 1) as Level;
    this.line(inner, header.join('\t'));
    if (underline) this.line(inner, header.map((h) => '-'.repeat(h.length)).join('\t'));
    for (const row of rows) this.line(inner, row.map((cell, i) => (i < row.length - 1 ? `${cell} ` : cell)).join('\t'));
  }

  /** Aligns what was written so far on its own (kubectl's w.Flush()). */
  flush(): void {
    if (this.lines.length > 0) this.done.push(new Tabwriter(DESCRIBE_LAYOUT).format(this.lines));
    this.lines = [];
  }

  /** The Events section: kubectl's Type/Reason/Age/From/Message table, oldest first. */
  events(events: KubeEvent[] | undefined, now: Date): void {
    if (events === undefined) return;
    if (events.length === 0) {
      this.field(0, 'Events', undefined);
      return;
    }
    this.flush();
    this.line(0, 'Events:');
    this.line(1, 'Type\tReason\tAge\tFrom\tMessage');
    this.line(1, '----\t------\t----\t----\t-------');
    for (const event of sortEvents(events)) {
      const message = (event.message ?? '').trim();
      const fieldPath = event.involvedObject.fieldPath;
      this.line(1, [event.type ?? '', event.reason ?? '', eventInterval(event, now), event.source?.component || event.reportingComponent || '', fieldPath ? `${fieldPath}: ${message}` : message].join('\t'));
    }
  }

  /** Name, Namespace, Labels and Annotations: how every description starts. */
  metadata(object: KubeObject, options: { namespace?: boolean; created?: boolean } = {}): void {
    this.field(0, 'Name', object.metadata.name);
    if (options.namespace !== false && object.metadata.namespace !== undefined) this.field(0, 'Namespace', object.metadata.namespace);
    if (options.created) this.field(0, 'CreationTimestamp', rfc1123z(object.metadata.creationTimestamp));
    this.map(0, 'Labels', object.metadata.labels);
    this.annotations(0, object.metadata.annotations);
  }

  toString(): string {
    this.flush();
    return this.done.join('');
  }
}

/** "ReplicaSet/web-6d4cf56db6" for the controller owner reference, as kubectl's "Controlled By". */
export function controlledBy(object: KubeObject): string | undefined {
  const ref = object.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}
