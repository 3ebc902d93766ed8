import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../src/kube/resources.js';
import type { KubeObject } from '../../../src/kube/types.js';
import type { TestServer } from './fake-server.js';
import { clientFor, json, startServer, status } from './fake-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const pod = (name: string): KubeObject => ({ metadata: { name, namespace: 'default', uid: `uid-${name}` } });
const page = (names: string[], next?: string) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', ...(next ? { continue: next } : {}) }, items: names.map(pod) });

async function collect(pages: AsyncGenerator<{ items: KubeObject[] }>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const p of pages) out.push(p.items.map((item) => item.metadata.name));
  return out;
}

describe('paginated LIST', () => {
  it('delivers each page as it arrives, following continue tokens with the same limit and selectors', async () => {
    server = await startServer((req, res) => {
      const token = req.url.searchParams.get('continue');
      if (!token) json(res, 200, page(['a', 'b'], 'p2'));
      else if (token === 'p2') json(res, 200, page(['c', 'd'], 'p3'));
      else json(res, 200, page(['e']));
    });
    const pages = await collect(clientFor(server.url).listPages(R.pods, { namespace: 'default', limit: 2, labelSelector: 'app=web', fieldSelector: 'status.phase=Running' }));
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(server.requests.map((r) => r.url.searchParams.get('continue'))).toEqual([null, 'p2', 'p3']);
    for (const request of server.requests) {
      expect(request.url.pathname).toBe('/api/v1/namespaces/default/pods');
      expect(request.url.searchParams.get('limit')).toBe('2');
      expect(request.url.searchParams.get('labelSelector')).toBe('app=web');
      expect(request.url.searchParams.get('fieldSelector')).toBe('status.phase=Running');
    }
  });

  it('resumes with the fresh token a 410 Gone offers', async () => {
    server = await startServer((req, res) => {
      const token = req.url.searchParams.get('continue');
      if (!token) json(res, 200, page(['a', 'b'], 'expired'));
      else if (token === 'expired') json(res, 410, status(410, 'Expired', 'The provided continue parameter is too old', { metadata: { continue: 'fresh' } }));
      else json(res, 200, page(['c']));
    });
    const pages = await collect(clientFor(server.url).listPages(R.pods, { namespace: 'default' }));
    expect(pages.flat()).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.url.searchParams.get('continue'))).toEqual([null, 'expired', 'fresh']);
  });

  it('relists from the start after a 410 without a token, without delivering an object twice', async () => {
    let lists = 0;
    server = await startServer((req, res) => {
      const token = req.url.searchParams.get('continue');
      if (token === 'expired') {
        json(res, 410, status(410, 'Expired', 'The provided continue parameter is too old'));
        return;
      }
      lists++;
      // the second LIST sees the collection as it is now: "a" and "b" again, plus a new "z"
      if (lists === 1) json(res, 200, page(['a', 'b'], 'expired'));
      else json(res, 200, page(['a', 'b', 'z']));
    });
    const pages = await collect(clientFor(server.url).listPages(R.pods, { namespace: 'default' }));
    expect(pages).toEqual([['a', 'b'], ['z']]);
  });

  it('gives up when the server keeps answering 410, with exit 3 and a hint to run again', async () => {
    server = await startServer((req, res) => {
      if (!req.url.searchParams.get('continue')) json(res, 200, page(['a'], 'expired'));
      else json(res, 410, status(410, 'Expired', 'too old', { metadata: { continue: 'expired' } }));
    });
    await expect(collect(clientFor(server.url).listPages(R.pods, { namespace: 'default' }))).rejects.toMatchObject({ exitCode: 3, code: 'gone' });
    // the first page, then three resumptions, then it stops
    expect(server.requests).toHaveLength(5);
  });

  it('lists metadata only when asked, page by page', async () => {
    server = await startServer((req, res) => {
      const token = req.url.searchParams.get('continue');
      json(res, 200, { ...page(token ? ['b'] : ['a'], token ? undefined : 'p2'), kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    });
    expect(await collect(clientFor(server.url).metadataPages(R.deployments, { limit: 1 }))).toEqual([['a'], ['b']]);
    for (const request of server.requests) expect(request.headers.accept).toMatch(/^application\/json;as=PartialObjectMetadataList;v=v1;g=meta\.k8s\.io,application\/json$/);
  });

  it("lists in the server's Table format page by page, and copes with a server that sends plain objects", async () => {
    server = await startServer((req, res) => {
      expect(req.headers.accept).toContain('as=Table');
      if (req.url.pathname.includes('widgets')) {
        json(res, 200, page(['w1']));
        return;
      }
      const token = req.url.searchParams.get('continue');
      const columns = [{ name: 'Name', type: 'string', format: 'name' }, { name: 'Data', type: 'integer' }];
      const rows = (names: string[]) => names.map((name) => ({ cells: [name, 1], object: { kind: 'PartialObjectMetadata', metadata: { name, uid: `uid-${name}` } } }));
      if (!token) json(res, 200, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { continue: 'p2' }, columnDefinitions: columns, rows: rows(['cm1']) });
      else json(res, 200, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: columns, rows: rows(['cm2']) });
    });
    const client = clientFor(server.url);
    const tables = [];
    for await (const table of client.tablePages(R.configmaps, { namespace: 'default' })) tables.push(table);
    expect(tables.map((t) => t.rows.map((r) => r.cells))).toEqual([[['cm1', 1]], [['cm2', 1]]]);
    expect(tables[0]?.columns.map((c) => c.name)).toEqual(['Name', 'Data']);

    const widgets = { group: 'example.com', version: 'v1', resource: 'widgets', namespaced: true };
    const plain = [];
    for await (const table of client.tablePages(widgets, { namespace: 'default' })) plain.push(table);
    expect(plain).toEqual([{ columns: [], rows: [{ cells: [], object: pod('w1') }] }]);
  });
});
