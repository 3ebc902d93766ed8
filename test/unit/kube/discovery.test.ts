import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { K8sdocError } from '../../../src/errors.js';
import { matchResource, parseAggregatedDiscovery, parseResourceList, parseResourceName } from '../../../src/kube/discovery.js';
import type { ApiResource } from '../../../src/kube/discovery.js';
import { FIXTURES } from '../../helpers/snapshot.js';
import type { TestServer } from './fake-server.js';
import { clientFor, json, startServer } from './fake-server.js';

// captured from a kube-apiserver v1.36.3 with the CRD widgets.example.com (short name wd) installed
const doc = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, 'discovery', name), 'utf8'));
const aggregated = [...(parseAggregatedDiscovery(doc('aggregated-api.json')) ?? []), ...(parseAggregatedDiscovery(doc('aggregated-apis.json')) ?? [])];
const legacy = ['legacy-api-v1.json', 'legacy-apps-v1.json', 'legacy-events.k8s.io-v1.json', 'legacy-example.com-v1.json'].flatMap((name) => parseResourceList(doc(name)));

const brief = (r: ApiResource) => `${r.group}/${r.version}/${r.resource}`;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('discovery documents', () => {
  it('reads aggregated discovery: preferred versions, scope, short names, kinds, CRDs', () => {
    const pods = aggregated.find((r) => r.group === '' && r.resource === 'pods');
    expect(pods).toMatchObject({ version: 'v1', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'] });
    expect(aggregated.find((r) => r.resource === 'nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(aggregated.find((r) => r.resource === 'horizontalpodautoscalers')?.version).toBe('v2');
    expect(aggregated.find((r) => r.group === 'example.com')).toMatchObject({ resource: 'widgets', kind: 'Widget', singular: 'widget', shortNames: ['wd'], categories: ['all'] });
    // subresources (pods/log, deployments/scale) are not types
    expect(aggregated.some((r) => r.resource.includes('/'))).toBe(false);
  });

  it('reads legacy APIResourceLists and skips their subresources', () => {
    const deployments = legacy.find((r) => r.resource === 'deployments');
    expect(deployments).toMatchObject({ group: 'apps', version: 'v1', kind: 'Deployment', shortNames: ['deploy'], namespaced: true });
    expect(legacy.some((r) => r.resource === 'pods/log' || r.resource === 'deployments/scale')).toBe(false);
    expect(legacy.find((r) => r.resource === 'widgets')?.group).toBe('example.com');
  });

  it('does not mistake a legacy document for an aggregated one', () => {
    expect(parseAggregatedDiscovery(doc('legacy-apis.json'))).toBeUndefined();
  });
});

describe('resource names as kubectl accepts them', () => {
  const cases: [string, string][] = [
    ['po', '/v1/pods'],
    ['pods', '/v1/pods'],
    ['pod', '/v1/pods'],
    ['Pod', '/v1/pods'],
    ['deploy', 'apps/v1/deployments'],
    ['deployments.apps', 'apps/v1/deployments'],
    ['deployments.v1.apps', 'apps/v1/deployments'],
    ['Deployment', 'apps/v1/deployments'],
    ['wd', 'example.com/v1/widgets'],
    ['widget', 'example.com/v1/widgets'],
    ['widgets.example.com', 'example.com/v1/widgets'],
    ['hpa', 'autoscaling/v2/horizontalpodautoscalers'],
    // served by the core group and events.k8s.io: the core group comes first, as in kubectl
    ['events', '/v1/events'],
    ['ev', '/v1/events'],
    ['events.events.k8s.io', 'events.k8s.io/v1/events'],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      expect(brief(matchResource(aggregated, name))).toBe(expected);
    });
  }

  it('resolves the same names from legacy discovery', () => {
    expect(brief(matchResource(legacy, 'po'))).toBe('/v1/pods');
    expect(brief(matchResource(legacy, 'deployments.v1.apps'))).toBe('apps/v1/deployments');
    expect(brief(matchResource(legacy, 'events'))).toBe('/v1/events');
    expect(brief(matchResource(legacy, 'wd'))).toBe('example.com/v1/widgets');
  });

  it('an unknown type is a usage error (exit 2) that says where to look', () => {
    let error: unknown;
    try {
      matchResource(aggregated, 'foos');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(K8sdocError);
    expect((error as K8sdocError).exitCode).toBe(2);
    expect((error as K8sdocError).oneLine()).toBe('the server doesn\'t have a resource type "foos". list the types with `k8sdoc api-resources`');
  });

  it('a known name in the wrong group is unknown too', () => {
    expect(() => matchResource(aggregated, 'pods.apps')).toThrow('the server doesn\'t have a resource type "pods.apps"');
  });

  it('splits group and version off a qualified name', () => {
    expect(parseResourceName('deployments.v1.apps')).toEqual({ name: 'deployments', version: 'v1', group: 'apps' });
    expect(parseResourceName('Widgets.example.com')).toEqual({ name: 'widgets', version: undefined, group: 'example.com' });
  });
});

describe('discovery through the client', () => {
  it('asks for aggregated discovery once per run and caches it', async () => {
    server = await startServer((req, res) => json(res, 200, doc(req.url.pathname === '/api' ? 'aggregated-api.json' : 'aggregated-apis.json')));
    const client = clientFor(server.url);
    expect(brief(await client.resolveResource('deploy'))).toBe('apps/v1/deployments');
    expect(brief(await client.resolveResource('wd'))).toBe('example.com/v1/widgets');
    expect(server.requests.map((r) => r.url.pathname).sort()).toEqual(['/api', '/apis']);
    expect(server.requests[0]?.headers.accept).toContain('as=APIGroupDiscoveryList');
  });

  it('falls back to one request per group version on servers without aggregated discovery', async () => {
    const files: Record<string, string> = {
      '/api': 'legacy-api.json',
      '/apis': 'legacy-apis.json',
      '/api/v1': 'legacy-api-v1.json',
      '/apis/apps/v1': 'legacy-apps-v1.json',
      '/apis/events.k8s.io/v1': 'legacy-events.k8s.io-v1.json',
      '/apis/example.com/v1': 'legacy-example.com-v1.json',
    };
    server = await startServer((req, res) => {
      const file = files[req.url.pathname];
      // the other groups answer with empty lists; an aggregated API that is down answers 503
      if (req.url.pathname === '/apis/metrics.k8s.io/v1beta1') json(res, 503, { kind: 'Status', code: 503 });
      else json(res, 200, file ? doc(file) : { kind: 'APIResourceList', groupVersion: req.url.pathname.slice('/apis/'.length), resources: [] });
    });
    const client = clientFor(server.url);
    expect(brief(await client.resolveResource('po'))).toBe('/v1/pods');
    expect(brief(await client.resolveResource('widgets.example.com'))).toBe('example.com/v1/widgets');
    expect(server.requests.some((r) => r.url.pathname === '/apis/apps/v1')).toBe(true);
  });
});
