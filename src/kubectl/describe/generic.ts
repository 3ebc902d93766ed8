import type { KubeEvent, KubeObject } from '../../kube/types.js';
import { toYaml } from '../output.js';
import type { DescribeWriter } from './writer.js';
import { controlledBy } from './writer.js';

/**
 * A Secret without its values: key names and sizes only, as kubectl describe secret shows it,
 * so a description can be pasted into a ticket without leaking credentials. (No events, as
 * with kubectl.)
 */
export function describeSecret(w: DescribeWriter, secret: KubeObject): void {
  w.metadata(secret);
  w.line(0, '');
  w.line(0, `Type:\t${(secret.type as string | undefined) ?? ''}`);
  w.line(0, '');
  w.line(0, 'Data');
  w.line(0, '====');
  const data = (secret.data as Record<string, string> | undefined) ?? {};
  for (const key of Object.keys(data).sort()) w.line(0, `${key}:\t${Buffer.from(data[key] ?? '', 'base64').length} bytes`);
}

/** Renders a nested value as indented YAML lines under a title (Spec:, Status:). */
function yamlSection(w: DescribeWriter, title: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') {
    w.line(0, `${title}:\t${String(value)}`);
    return;
  }
  w.line(0, `${title}:`);
  for (const line of toYaml(value).trimEnd().split('\n')) w.line(1, line);
}

/** Fields every object has, kept out of the generic YAML sections. */
const COMMON_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Any other type: metadata, then each top-level field (spec, status, data...) as YAML, then events. */
export function describeGeneric(w: DescribeWriter, object: KubeObject, events: KubeEvent[] | undefined, now: Date): void {
  w.metadata(object);
  w.field(0, 'API Version', object.apiVersion);
  w.field(0, 'Kind', object.kind);
  const controller = controlledBy(object);
  if (controller) w.field(0, 'Controlled By', controller);
  for (const key of Object.keys(object).filter((k) => !COMMON_FIELDS.has(k))) yamlSection(w, key.charAt(0).toUpperCase() + key.slice(1), object[key]);
  w.events(events, now);
}
