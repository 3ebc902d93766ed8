import { describe, expect, it } from 'vitest';
import { ListWriter, toJson, toYaml } from '../../../src/kubectl/output.js';

describe('json and yaml as kubectl prints them', () => {
  it('sorts keys, indents JSON by four and escapes <, > and & as Go does', () => {
    expect(toJson({ b: 1, a: { d: '<none> & more >', c: [2] } })).toBe('{\n    "a": {\n        "c": [\n            2\n        ],\n        "d": "\\u003cnone\\u003e \\u0026 more \\u003e"\n    },\n    "b": 1\n}\n');
  });

  it('writes YAML with sorted keys, sequences at the parent indent, double-quoted empty strings and no folding', () => {
    const long = 'x'.repeat(120);
    expect(toYaml({ metadata: { resourceVersion: '', name: 'a' }, items: [{ k: long }] })).toBe(`items:\n- k: ${long}\nmetadata:\n  name: a\n  resourceVersion: ""\n`);
  });

  it('streams a List item by item into exactly the text of the whole List', () => {
    const items = [{ kind: 'Pod', metadata: { name: 'a' } }, { kind: 'Pod', metadata: { name: '<b>' } }];
    for (const format of ['json', 'yaml'] as const) {
      let text = '';
      const writer = new ListWriter(format, (t) => (text += t));
      for (const item of items) writer.add(item);
      writer.end();
      const whole = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
      expect(text).toBe(format === 'json' ? toJson(whole) : toYaml(whole));
    }
  });
});
