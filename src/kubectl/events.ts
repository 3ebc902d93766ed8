import { usageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { R } from '../kube/resources.js';
import type { KubeEvent } from '../kube/types.js';
import { age } from '../util/time.js';
import { TABLE_LAYOUT, Tabwriter, cellText } from './table.js';

export const EVENT_TYPES = ['Normal', 'Warning'] as const;

/** The time kubectl sorts events by: the series' last observation, the last timestamp, else the event time. */
export function eventSortTime(event: KubeEvent): number {
  const at = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime;
  const t = at ? Date.parse(at) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Oldest first, so the newest event is the last line, as `kubectl events` prints them. */
export function sortEvents(events: KubeEvent[]): KubeEvent[] {
  return [...events].sort((a, b) => eventSortTime(a) - eventSortTime(b));
}

/** "5m", or "2m (x4 over 10m)" for a repeated event, as kubectl events and describe print it. */
export function eventInterval(event: KubeEvent, now: Date): string {
  const first = event.eventTime ? age(event.eventTime, now) : age(event.firstTimestamp, now);
  if (event.series) return `${age(event.series.lastObservedTime, now)} (x${event.series.count ?? 0} over ${first})`;
  if ((event.count ?? 0) > 1) return `${age(event.lastTimestamp, now)} (x${event.count} over ${first})`;
  return first;
}

export interface EventsRequest {
  /** undefined with -A */
  namespace: string | undefined;
  /** TYPE/NAME: only the events of this object */
  forObject?: string | undefined;
  /** Normal, Warning (any case) */
  types?: string[] | undefined;
}

/** The event types asked for, validated and spelled as the API spells them. */
export function parseEventTypes(types: string[] | undefined): string[] {
  return (types ?? []).map((type) => {
    const known = EVENT_TYPES.find((t) => t.toLowerCase() === type.trim().toLowerCase());
    if (!known) throw usageError(`unknown event type "${type}"`, `use ${EVENT_TYPES.join(' or ')}, e.g. --types Warning`);
    return known;
  });
}

/** Events of a namespace (or all), optionally of one object and of some types, sorted oldest first. */
export async function listEvents(client: KubeClient, request: EventsRequest): Promise<KubeEvent[]> {
  const types = parseEventTypes(request.types);
  let fieldSelector: string | undefined;
  if (request.forObject) {
    const [type, name, extra] = request.forObject.split('/');
    if (!type || !name || extra !== undefined) throw usageError(`--for needs TYPE/NAME, not "${request.forObject}"`, 'for example --for pod/web-1 or --for deployment.apps/web');
    const resource = await client.resolveResource(type);
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    fieldSelector = `involvedObject.kind=${resource.kind},involvedObject.apiVersion=${apiVersion},involvedObject.name=${name}`;
  }
  const events: KubeEvent[] = [];
  for await (const page of client.listPages<KubeEvent>(R.events, { namespace: request.namespace, fieldSelector })) {
    for (const event of page.items) if (types.length === 0 || types.includes(event.type ?? '')) events.push(event);
  }
  return sortEvents(events);
}

/** LAST SEEN TYPE REASON OBJECT MESSAGE, NAMESPACE first across namespaces. */
export function renderEvents(events: KubeEvent[], options: { allNamespaces: boolean; noHeaders?: boolean; now: Date }): string {
  const rows: string[][] = [];
  if (!options.noHeaders) rows.push([...(options.allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  for (const event of events) {
    const object = `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`;
    rows.push([
      ...(options.allNamespaces ? [event.metadata.namespace ?? ''] : []),
      eventInterval(event, options.now),
      cellText(event.type ?? ''),
      cellText(event.reason ?? ''),
      cellText(object),
      cellText((event.message ?? '').trim()),
    ]);
  }
  return new Tabwriter(TABLE_LAYOUT).format(rows);
}
