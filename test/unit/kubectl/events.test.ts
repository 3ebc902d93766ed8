import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { eventInterval, parseEventTypes, renderEvents, sortEvents } from '../../../src/kubectl/events.js';
import type { KubeEvent } from '../../../src/kube/types.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const events = (yaml.load(readFileSync(path.join(FIXTURES, 'printers/objects.yaml'), 'utf8')) as { items: KubeEvent[] }).items.filter((o) => o.kind === 'Event');

describe('events', () => {
  it('sorts oldest first by the series, last timestamp or event time', () => {
    expect(sortEvents(events).map((e) => e.metadata.name)).toEqual(['web.2', 'web.1', 'web.3']);
  });

  it('words repeated events as kubectl does: "2m (x7 over 60m)"', () => {
    expect(events.map((e) => eventInterval(e, NOW))).toEqual(['2m (x7 over 60m)', '60m', '60s (x12 over 30m)']);
  });

  it('prints LAST SEEN TYPE REASON OBJECT MESSAGE, NAMESPACE first across namespaces', () => {
    expect(renderEvents(sortEvents(events), { allNamespaces: true, now: NOW })).toBe(
      [
        'NAMESPACE   LAST SEEN            TYPE      REASON      OBJECT      MESSAGE',
        'shop        60m                  Normal    Scheduled   Pod/web-1   Successfully assigned shop/web-1 to worker-1',
        'shop        2m (x7 over 60m)     Warning   BackOff     Pod/web-1   Back-off restarting failed container web',
        'shop        60s (x12 over 30m)   Warning   Unhealthy   Pod/web-2   Readiness probe failed: HTTP probe failed with statuscode: 503',
        '',
      ].join('\n'),
    );
    expect(renderEvents(events.slice(0, 1), { allNamespaces: false, noHeaders: true, now: NOW })).toBe('2m (x7 over 60m)   Warning   BackOff   Pod/web-1   Back-off restarting failed container web\n');
  });

  it('accepts event types in any case and rejects others with exit 2', () => {
    expect(parseEventTypes(['warning', 'Normal'])).toEqual(['Warning', 'Normal']);
    expect(() => parseEventTypes(['Critical'])).toThrow('unknown event type "Critical"');
  });
});
