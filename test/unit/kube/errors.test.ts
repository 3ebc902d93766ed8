import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, forbiddenHint } from '../../../src/kube/http.js';
import { R } from '../../../src/kube/resources.js';
import type { TestServer } from './fake-server.js';
import { TEST_CA, clientFor, json, startServer, status } from './fake-server.js';
import { failureOf } from '../../helpers/errors.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HTTP errors from the API server', () => {
  it('401: our credentials were rejected, exit 3, with a hint about the user', async () => {
    server = await startServer((_req, res) => json(res, 401, status(401, 'Unauthorized', 'Unauthorized')));
    const error = await failureOf(clientFor(server.url).list(R.pods, { namespace: 'web' }));
    expect(error.code).toBe('unauthorized');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`the API server at ${server.url} rejected our credentials (401 Unauthorized) while trying to list pods in namespace web`);
    expect(error.hint).toContain('expired client certificate or token');
  });

  it("403: the server's own words say which verb and resource were denied, exit 6", async () => {
    const message = 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "kube-system"';
    server = await startServer((_req, res) => json(res, 403, status(403, 'Forbidden', message)));
    const error = await failureOf(clientFor(server.url).list(R.pods, { namespace: 'kube-system' }));
    expect(error.exitCode).toBe(6);
    expect(error.message).toBe(`forbidden: ${message}`);
    // denied inside one namespace: -n would not help, the grant would
    expect(error.hint).toBe('ask a cluster admin to grant list on pods');
    // a refusal is an answer: it is not retried
    expect(server.requests).toHaveLength(1);
  });

  it('403 at the cluster scope: the hint also offers narrowing to a namespace', () => {
    expect(forbiddenHint('deployments.apps is forbidden: User "viewer" cannot list resource "deployments" in API group "apps" at the cluster scope')).toBe(
      'ask a cluster admin to grant list on deployments.apps, or, for a namespaced kind, narrow the command to a namespace you may read (-n NAMESPACE)',
    );
    // a webhook's denial is a 403 without RBAC's words
    expect(forbiddenHint('admission webhook "policy.example.com" denied the request')).toBe('ask a cluster admin for this permission (kubectl auth can-i shows what you may do)');
  });

  it('404: not found, exit 5', async () => {
    server = await startServer((_req, res) => json(res, 404, status(404, 'NotFound', 'pods "web-1" not found')));
    const error = await failureOf(clientFor(server.url).get(R.pods, 'web-1', 'default'));
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain('pods "web-1" not found');
  });

  it('404 through find() is "absent", not an error', async () => {
    server = await startServer((_req, res) => json(res, 404, status(404, 'NotFound', 'pods "web-1" not found')));
    await expect(clientFor(server.url).find(R.pods, 'web-1', 'default')).resolves.toBeUndefined();
  });

  it('409: conflict, exit 8', async () => {
    server = await startServer((_req, res) => json(res, 409, status(409, 'AlreadyExists', 'pods "web-1" already exists')));
    const error = await failureOf(clientFor(server.url).create(R.pods, { metadata: { name: 'web-1' } }, 'default'));
    expect(error.exitCode).toBe(8);
    expect(error.message).toBe('conflict: pods "web-1" already exists');
  });

  it('429 with Retry-After: waits as told (within the cap) and then succeeds', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, status(429, 'TooManyRequests', 'too many requests'), { 'Retry-After': '1' });
      else json(res, 200, { kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'a', uid: '1' } }] });
    });
    const started = Date.now();
    const pods = await clientFor(server.url, { maxBackoffMs: 300 }).list(R.pods, { namespace: 'default' });
    const waited = Date.now() - started;
    expect(pods.map((p) => p.metadata.name)).toEqual(['a']);
    expect(calls).toBe(2);
    // Retry-After says 1s; the client caps one wait at maxBackoffMs
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(900);
  });

  it('500 on a read: retried up to the attempt limit, then exit 3 with the server message', async () => {
    server = await startServer((_req, res) => json(res, 500, status(500, 'InternalError', 'etcdserver: request timed out')));
    const error = await failureOf(clientFor(server.url, { maxAttempts: 3 }).list(R.nodes));
    expect(server.requests).toHaveLength(3);
    expect(error.code).toBe('server-error');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('the API server failed to list nodes (HTTP 500): etcdserver: request timed out');
  });

  it('a response cut off mid-body on a read is retried as a reset connection, not reported as a bug', async () => {
    server = await startServer((req, res) => {
      if (server && server.requests.length === 1) {
        // headers and half a page, then the connection drops (an overloaded apiserver or proxy)
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"kind":"NodeList","items":[');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      json(res, 200, { kind: 'NodeList', metadata: {}, items: [{ metadata: { name: 'n1', uid: 'u1' } }] });
    });
    const nodes = await clientFor(server.url, { maxAttempts: 3 }).list(R.nodes);
    expect(nodes.map((n) => n.metadata.name)).toEqual(['n1']);
    expect(server.requests).toHaveLength(2);
  });

  it('500 on a write is not retried (it may have happened)', async () => {
    server = await startServer((_req, res) => json(res, 500, status(500, 'InternalError', 'boom')));
    await failureOf(clientFor(server.url).create(R.pods, { metadata: { name: 'x' } }, 'default'));
    expect(server.requests).toHaveLength(1);
  });

  it('400: the request itself is wrong, exit 2, in one line', async () => {
    server = await startServer((_req, res) => json(res, 400, status(400, 'BadRequest', "unable to parse requirement: found '(', expected: identifier")));
    const error = await failureOf(clientFor(server.url).list(R.pods, { namespace: 'default', labelSelector: 'app=(' }));
    expect(error.exitCode).toBe(2);
    expect(error.oneLine()).toBe("the API server refused to list pods in namespace default: unable to parse requirement: found '(', expected: identifier");
    expect(server.requests[0]?.url.searchParams.get('labelSelector')).toBe('app=(');
  });

  it('keeps the Status causes (the PodDisruptionBudget behind a refused eviction)', async () => {
    server = await startServer((_req, res) =>
      json(
        res,
        429,
        status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
        }),
      ),
    );
    const error = await failureOf(clientFor(server.url).evict('web-1', 'shop'));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).causes).toEqual(['The disruption budget web needs 2 healthy pods and has 2 currently']);
    // POST is never retried, and the eviction names the pod
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url.pathname).toBe('/api/v1/namespaces/shop/pods/web-1/eviction');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' } });
  });
});

describe('network failures', () => {
  it('connection refused: exit 3 with a hint to check the server or start the embedded one', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const error = await failureOf(clientFor(url).version());
    expect(error.code).toBe('connection-refused');
    expect(error.exitCode).toBe(3);
    expect(error.oneLine()).toContain(`cannot connect to ${url}: connection refused`);
  });

  it('timeout: a server that never answers fails after --request-timeout, exit 3', async () => {
    server = await startServer(() => undefined);
    const started = Date.now();
    const error = await failureOf(clientFor(server.url, { timeoutMs: 150 }).version());
    expect(error.code).toBe('timeout');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`timed out after 0.15s trying to read the server version at ${server.url}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("TLS: a server whose certificate the kubeconfig's CA did not sign fails verification, exit 3", async () => {
    server = await startServer((_req, res) => json(res, 200, { gitVersion: 'v1.36.3', major: '1', minor: '36' }), { tls: true });
    const error = await failureOf(clientFor(server.url).version());
    expect(error.code).toBe('tls');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`TLS verification of ${server.url} failed`);
    expect(error.hint).toContain('certificate-authority');
  });

  it('TLS: the same server is trusted once the kubeconfig carries its CA', async () => {
    server = await startServer((_req, res) => json(res, 200, { gitVersion: 'v1.36.3', major: '1', minor: '36' }), { tls: true });
    await expect(clientFor(server.url, { caData: TEST_CA }).version()).resolves.toMatchObject({ gitVersion: 'v1.36.3' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-token');
  });
});
