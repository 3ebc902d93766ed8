import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { parseTargets, runGet } from '../../../src/kubectl/get.js';
import type { GetRequest } from '../../../src/kubectl/get.js';
import { toJson, toYaml } from '../../../src/kubectl/output.js';
import { FakeClient, apiError, loadObjects } from './fake-client.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const OBJECTS = [...loadObjects('printers/objects.yaml'), ...loadObjects('pods/status.yaml')];

interface Run {
  out: string[];
  notes: string[];
  error: K8sdocError | undefined;
}

async function get(args: string[], options: Partial<GetRequest> = {}, client = new FakeClient(OBJECTS)): Promise<Run> {
  const run: Run = { out: [], notes: [], error: undefined };
  try {
    await runGet(client.asClient(), { args, namespace: 'shop', output: 'table', now: NOW, ...options }, { out: (t) => run.out.push(t), note: (t) => run.notes.push(t) });
  } catch (error) {
    if (!(error instanceof K8sdocError)) throw error;
    run.error = error;
  }
  return run;
}

describe('get arguments', () => {
  it('takes TYPE[,TYPE] NAME... or TYPE/NAME...', () => {
    expect(parseTargets(['po,svc', 'a', 'b'])).toEqual([
      { type: 'po', names: ['a', 'b'] },
      { type: 'svc', names: ['a', 'b'] },
    ]);
    expect(parseTargets(['pod/a', 'svc/web', 'pod/b'])).toEqual([
      { type: 'pod', names: ['a', 'b'] },
      { type: 'svc', names: ['web'] },
    ]);
  });

  it('rejects a mix of the two forms and a missing type', () => {
    expect(() => parseTargets(['pod/a', 'svc'])).toThrow('"svc" is not TYPE/NAME');
    expect(() => parseTargets([])).toThrow('you must specify the type of resource to get');
  });
});

describe('get tables', () => {
  it('prints pods page by page, NAMESPACE first with -A, columns only ever widening from page to page', async () => {
    const client = new FakeClient(OBJECTS);
    const run = await get(['pods'], { namespace: undefined, chunkSize: 10 }, client);
    expect(run.error).toBeUndefined();
    // 33 pods in pages of 10: one write per page, the header only in the first
    expect(run.out).toHaveLength(4);
    expect(run.out[0]?.split('\n')[0]).toMatch(/^NAMESPACE {3}NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(run.out.slice(1).some((page) => page.includes('NAME'))).toBe(false);
    const lines = run.out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(34);
    expect(lines).toContainEqual(expect.stringMatching(/^default {5}crashloop +0\/1 +CrashLoopBackOff +5 \(2m ago\) +<unknown>$/));
    // where the READY column starts on each page: the same for all rows of a page, never moving left
    const starts = run.out.map((page) => [...new Set(page.trimEnd().split('\n').map((line) => line.search(/(READY|\d+\/\d+)/)))]);
    expect(starts.every((page) => page.length === 1)).toBe(true);
    const flat = starts.map((page) => page[0] ?? 0);
    expect(flat).toEqual([...flat].sort((a, b) => a - b));
  });

  it('prints several types with kind/name and a blank line between them', async () => {
    const run = await get(['deploy,svc']);
    expect(run.out.join('')).toBe(
      [
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   1/3     2            1           3h',
        '',
        'NAME                 TYPE           CLUSTER-IP   EXTERNAL-IP        PORT(S)          AGE',
        'service/web          ClusterIP      10.96.0.20   <none>             80/TCP,443/TCP   5m',
        'service/public       LoadBalancer   10.96.0.21   198.51.100.4,...   80:30080/TCP     5m',
        'service/pending-lb   LoadBalancer   10.96.0.22   <pending>          53:31053/UDP     5m',
        'service/upstream     ExternalName   <none>       db.example.com     <none>           5m',
        '',
      ].join('\n'),
    );
  });

  it("falls back to kubectl's NAME/AGE columns when the server sends no Table, with LABELS and without headers on request", async () => {
    expect((await get(['cm'], { showLabels: true })).out.join('')).toBe('NAME       AGE   LABELS\nsettings   60m   app=web\n');
    expect((await get(['cm'], { noHeaders: true })).out.join('')).toBe('settings   60m\n');
  });

  it('says "No resources found in X namespace." on stderr and prints nothing when a list is empty', async () => {
    const run = await get(['pods'], { namespace: 'empty' });
    expect(run.out).toEqual([]);
    expect(run.notes).toEqual(['No resources found in empty namespace.']);
    expect((await get(['pods'], { namespace: undefined }, new FakeClient([]))).notes).toEqual(['No resources found']);
  });
});

describe('get -o json, yaml, name', () => {
  it('streams a List that reads exactly like the whole list printed at once, items with apiVersion and kind, no managedFields', async () => {
    const run = await get(['svc,cm'], { output: 'json' }, new FakeClient(OBJECTS, 2));
    const text = run.out.join('');
    const list = JSON.parse(text) as { items: { apiVersion: string; kind: string; metadata: Record<string, unknown> }[] };
    expect(text).toBe(toJson(list));
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
    expect(list.items.map((i) => `${i.apiVersion} ${i.kind} ${String(i.metadata.name)}`)).toEqual(['v1 Service web', 'v1 Service public', 'v1 Service pending-lb', 'v1 Service upstream', 'v1 ConfigMap settings']);
    expect(list.items.some((i) => 'managedFields' in i.metadata)).toBe(false);
  });

  it('streams YAML that reads exactly like the whole list printed at once', async () => {
    const run = await get(['pods,svc'], { output: 'yaml', namespace: undefined }, new FakeClient(OBJECTS, 3));
    const text = run.out.join('');
    expect(run.out.length).toBeGreaterThan(10);
    expect(text).toBe(toYaml(yaml.load(text)));
    expect(text.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
  });

  it('prints an empty List, not nothing', async () => {
    const run = await get(['pods'], { output: 'yaml', namespace: 'empty' });
    expect(run.out.join('')).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect(run.notes).toEqual([]);
  });

  it('prints one named object as itself', async () => {
    const run = await get(['configmap', 'settings'], { output: 'yaml' });
    const { managedFields: _dropped, ...metadata } = OBJECTS.find((o) => o.kind === 'ConfigMap')?.metadata ?? { name: '' };
    expect(run.out.join('')).toBe(toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { mode: 'fast' } }));
  });

  it('prints kind.group/name with -o name', async () => {
    expect((await get(['deploy,svc'], { output: 'name' })).out.join('')).toBe('deployment.apps/web\nservice/web\nservice/public\nservice/pending-lb\nservice/upstream\n');
  });
});

describe('get bad input', () => {
  it('an unknown type is exit 2', async () => {
    const run = await get(['foos']);
    expect(run.error?.exitCode).toBe(2);
    expect(run.error?.oneLine()).toBe('the server doesn\'t have a resource type "foos". list the types with `k8sdoc api-resources`');
  });

  it("a bad label selector is the API's 400 in one line with exit 2 and a syntax hint", async () => {
    const client = new FakeClient(OBJECTS).fail((call) => call.startsWith('list pods'), apiError(400, 'BadRequest', "unable to parse requirement: found '(', expected: identifier"));
    const run = await get(['pods'], { labelSelector: 'app=(' }, client);
    expect(run.error?.exitCode).toBe(2);
    expect(run.error?.oneLine()).toBe(
      "the API server refused to list pods in namespace default: unable to parse requirement: found '(', expected: identifier. check the selector syntax, e.g. -l app=web,tier!=db or --field-selector status.phase=Running",
    );
  });

  it('a missing object is exit 5, after the objects that exist are printed', async () => {
    const run = await get(['svc', 'web', 'ghost']);
    expect(run.out.join('')).toMatch(/^NAME\s+TYPE.*\nweb\s+ClusterIP/);
    expect(run.error?.exitCode).toBe(5);
    expect(run.error?.message).toBe('services "ghost" not found in namespace shop');
  });

  it('a forbidden list is exit 6 with the server\'s words', async () => {
    const message = 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "shop"';
    const run = await get(['pods'], {}, new FakeClient(OBJECTS).fail((call) => call.startsWith('list pods'), apiError(403, 'Forbidden', message)));
    expect(run.error?.exitCode).toBe(6);
    expect(run.error?.message).toBe(`forbidden: ${message}`);
  });

  it('names across all namespaces and names with a selector are usage errors', async () => {
    expect((await get(['pod', 'a'], { namespace: undefined })).error?.exitCode).toBe(2);
    expect((await get(['pod', 'a'], { labelSelector: 'app=web' })).error?.message).toBe('names cannot be combined with a label selector (-l)');
    // cluster-scoped objects have no namespace to choose
    expect((await get(['node', 'cp-1'], { namespace: undefined })).error).toBeUndefined();
  });
});

describe('get never prints Secret values unless asked', () => {
  const plaintext = 'hunter2-db-password';
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      namespace: 'shop',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { password: plaintext } }),
        team: 'payments',
      },
    },
    type: 'Opaque',
    data: { password: Buffer.from(plaintext).toString('base64') },
  };
  const client = (): FakeClient => new FakeClient([...OBJECTS, secret]);
  const leaks = (text: string): boolean => text.includes(plaintext) || text.includes(Buffer.from(plaintext).toString('base64'));

  it('redacts data and the last-applied annotation in json and yaml, one object or a list, keeping key names and sizes', async () => {
    for (const output of ['json', 'yaml'] as const) {
      for (const args of [['secret', 'db'], ['secrets']]) {
        const text = (await get(args, { output }, client())).out.join('');
        expect(leaks(text), `${output} ${args.join(' ')}`).toBe(false);
        expect(text).toContain('password');
        expect(text).toContain('[redacted: 19 bytes]');
        expect(text).toContain('payments');
      }
    }
  });

  it('prints them with --show-secrets, as an explicit choice', async () => {
    const text = (await get(['secret', 'db'], { output: 'json', showSecrets: true }, client())).out.join('');
    expect(text).toContain(Buffer.from(plaintext).toString('base64'));
    expect(text).toContain(plaintext);
  });
});
