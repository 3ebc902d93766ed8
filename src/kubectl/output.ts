import yaml from 'js-yaml';

/**
 * JSON and YAML as kubectl prints objects: keys sorted (kubectl decodes into maps, which Go
 * marshals in key order), JSON indented by 4, YAML with block sequences at the parent's indent.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Go's encoding/json escapes these inside strings; they only ever occur inside strings in JSON text. */
const GO_ESCAPED = /[<>&\u2028\u2029]/g;

function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4).replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function toJson(value: unknown): string {
  return `${goJson(value)}\n`;
}

const YAML_OPTIONS: yaml.DumpOptions = { noArrayIndent: true, lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: true };

export function toYaml(value: unknown): string {
  return yaml.dump(value, YAML_OPTIONS);
}

export type StructuredFormat = 'json' | 'yaml';

/**
 * Writes `{apiVersion: v1, kind: List, items: [...], metadata: {resourceVersion: ""}}` one item
 * at a time, byte for byte what the whole list would print as, so a large list never sits in
 * memory twice.
 */
export class ListWriter {
  private count = 0;

  constructor(
    private readonly format: StructuredFormat,
    private readonly write: (text: string) => void,
  ) {}

  add(item: unknown): void {
    if (this.format === 'json') {
      const body = goJson(item).replaceAll('\n', '\n        ');
      this.write(`${this.count === 0 ? '{\n    "apiVersion": "v1",\n    "items": [\n' : ',\n'}        ${body}`);
    } else {
      this.write(`${this.count === 0 ? 'apiVersion: v1\nitems:\n' : ''}${yaml.dump([item], YAML_OPTIONS)}`);
    }
    this.count++;
  }

  end(): void {
    if (this.format === 'json') {
      const items = this.count === 0 ? '{\n    "apiVersion": "v1",\n    "items": [],\n' : '\n    ],\n';
      this.write(`${items}    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
    } else {
      this.write(`${this.count === 0 ? 'apiVersion: v1\nitems: []\n' : ''}kind: List\nmetadata:\n  resourceVersion: ""\n`);
    }
  }
}
