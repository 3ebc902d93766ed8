import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { R } from '../../src/kube/resources.js';
import type { KubeObject, Node, Pod } from '../../src/kube/types.js';
import { client, eventually, k8sdoc, kubeconfig } from './harness.js';

/**
 * Every kubectl-like command against the embedded cluster: what a user sees on stdout and
 * stderr (as the harness returns them, without the final newline), and the exit code. Objects
 * live in namespace k8sdoc-kubectl, removed at the end.
 */
const NS = 'k8sdoc-kubectl';
const SECRET_VALUE = 's3cr3t-p4ssw0rd-never-printed';
const POLICY = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true };
const CRD = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', namespaced: false };
const WIDGETS = { group: 'example.com', version: 'v1', resource: 'widgets', namespaced: true };

let kube: KubeClient;
let scratch: string;
/** a node the drain tests pin their pods to */
let drainNode: string;

const container = (name: string) => ({ name, image: `registry.example.com/shop/${name}:1.0`, resources: { requests: { cpu: '10m', memory: '16Mi' } } });

async function podsOf(selector: string): Promise<Pod[]> {
  return kube.list<Pod>(R.pods, { namespace: NS, labelSelector: selector });
}

async function running(selector: string, count: number): Promise<Pod[]> {
  return eventually(async () => {
    const pods = (await podsOf(selector)).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    return pods.length >= count ? pods : undefined;
  }, 90_000);
}

/** A kubeconfig for a ServiceAccount that may do nothing, to see how k8sdoc words RBAC denials. */
async function restrictedKubeconfig(): Promise<string> {
  await kube.create(R.serviceaccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'nobody', namespace: NS } }, NS);
  const request = await kube.json<{ status: { token: string } }>({
    method: 'POST',
    path: kube.path(R.serviceaccounts, { namespace: NS, name: 'nobody', subresource: 'token' }),
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  const admin = yaml.load(readFileSync(kubeconfig(), 'utf8')) as { clusters: unknown[]; contexts: { name: string; context: { cluster: string } }[] };
  const cluster = admin.contexts[0]?.context.cluster;
  const file = path.join(scratch, 'nobody.kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: admin.clusters,
    users: [{ name: 'nobody', user: { token: request.status.token } }],
    contexts: [{ name: 'nobody', context: { cluster, user: 'nobody', namespace: NS } }],
    'current-context': 'nobody',
  };
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  return file;
}

beforeAll(async () => {
  kube = client();
  scratch = mkdtempSync(path.join(tmpdir(), 'k8sdoc-kubectl-'));
  await kube.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await eventually(async () => (await kube.find(R.serviceaccounts, 'default', NS)) !== undefined);
  const nodes = (await kube.list<Node>(R.nodes)).filter((n) => !n.spec?.unschedulable && n.metadata.name.startsWith('kwok-node-'));
  drainNode = nodes.at(-1)?.metadata.name ?? 'kwok-node-2';
  await kube.create(R.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS }, stringData: { password: SECRET_VALUE, user: 'app' } }, NS);
  await kube.create(
    R.deployments,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NS, labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 1, containers: [container('web'), container('proxy')] } },
      },
    },
    NS,
  );
  await kube.create(R.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }, NS);
  await running('app=web', 2);
}, 180_000);

afterAll(async () => {
  await k8sdoc(['uncordon', drainNode]);
  await kube.delete(R.namespaces, NS).catch(() => undefined);
  await kube.delete(CRD, 'widgets.example.com').catch(() => undefined);
  kube.close();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe('get', () => {
  it('lists pods of a namespace with the kubectl columns', async () => {
    const result = await k8sdoc(['get', 'pods', '-n', NS]);
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^web-\S+\s+2\/2\s+Running\s+0\s+\d+/);
  });

  it('resolves short, singular and qualified names through discovery', async () => {
    for (const type of ['po', 'pod', 'deploy', 'deployments.apps', 'deployments.v1.apps']) {
      const result = await k8sdoc(['get', type, '-n', NS, '-o', 'name']);
      expect(result.exitCode, type).toBe(0);
      expect(result.stdout, type).toMatch(type.startsWith('po') ? /^pod\/web-/m : /^deployment\.apps\/web$/m);
    }
  });

  it('prints several types with kind/name and a blank line between them', async () => {
    // the Deployment's status catches up with its pods a moment later
    const result = await eventually(async () => {
      const run = await k8sdoc(['get', 'deploy,svc', '-n', NS]);
      return run.stdout.includes('2/2') ? run : undefined;
    }, 30_000);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s+2\/2\s+2\s+2\s+\S+\n\nNAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/web\s+ClusterIP\s+[\d.]+\s+<none>\s+80\/TCP\s+\S+$/);
  });

  it('prints one named object itself as yaml, and several as a List', async () => {
    const one = await k8sdoc(['get', 'deployment', 'web', '-n', NS, '-o', 'yaml']);
    expect(one.exitCode).toBe(0);
    expect(yaml.load(one.stdout)).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NS } });
    expect(one.stdout).not.toContain('managedFields');
    const two = await k8sdoc(['get', 'deploy/web', 'svc/web', '-n', NS, '-o', 'json']);
    const list = JSON.parse(two.stdout) as { kind: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['Deployment/web', 'Service/web']);
  });

  it("prints a custom resource with the server's printer columns", async () => {
    await kube.create(CRD, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
          },
        ],
      },
    });
    await eventually(async () => {
      await kube.create(WIDGETS, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gear', namespace: NS }, spec: { size: 'large' } }, NS);
      return true;
    }, 30_000);
    const result = await k8sdoc(['get', 'wd', '-n', NS]);
    expect(result.exitCode).toBe(0);
    // a CRD with printer columns gets exactly those after NAME (no AGE unless it asks for one)
    expect(result.stdout).toMatch(/^NAME\s+SIZE\ngear\s+large$/);
  });

  it('says "No resources found" on stderr for an empty list', async () => {
    const result = await k8sdoc(['get', 'configmaps', '-n', NS, '-l', 'app=nothing']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`No resources found in ${NS} namespace.`);
  });

  it('bad input: unknown type (2), bad selector (2), missing object (5), forbidden list (6), each in one line', async () => {
    const unknown = await k8sdoc(['get', 'foos']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe('error: the server doesn\'t have a resource type "foos". list the types with `k8sdoc api-resources`');

    const selector = await k8sdoc(['get', 'pods', '-n', NS, '-l', 'app=(']);
    expect(selector.exitCode).toBe(2);
    expect(selector.stderr.trim().split('\n')).toHaveLength(1);
    expect(selector.stderr).toMatch(/unable to parse requirement.*check the selector syntax/);

    const missing = await k8sdoc(['get', 'pod', 'ghost', '-n', NS]);
    expect(missing.exitCode).toBe(5);
    expect(missing.stderr).toBe(`error: pods "ghost" not found in namespace ${NS}. check the name and the namespace (-n); \`k8sdoc get TYPE\` lists what exists`);

    const forbidden = await k8sdoc(['get', 'pods', '-n', 'kube-system', '--kubeconfig', await restrictedKubeconfig()]);
    expect(forbidden.exitCode).toBe(6);
    expect(forbidden.stderr).toMatch(/^error: forbidden: pods is forbidden: User "system:serviceaccount:k8sdoc-kubectl:nobody" cannot list resource "pods" in API group "" in the namespace "kube-system"\. .+$/);
  });
});

describe('api-resources', () => {
  it('lists the types with their short names, including custom ones', async () => {
    const result = await k8sdoc(['api-resources', '--api-group', 'apps']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\n/);
    expect(result.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  });
});

describe('describe', () => {
  it('describes a pod: containers, conditions, events', async () => {
    const [pod] = await podsOf('app=web');
    const result = await k8sdoc(['describe', 'pod', pod?.metadata.name ?? '', '-n', NS]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Name:\\s+${pod?.metadata.name}\\nNamespace:\\s+${NS}\\n`));
    expect(result.stdout).toMatch(/^Controlled By:\s+ReplicaSet\/web-\S+$/m);
    expect(result.stdout).toMatch(/^ {2}proxy:\n {4}Container ID:/m);
    expect(result.stdout).toMatch(/^ {4}State:\s+Running$/m);
    expect(result.stdout).toMatch(/^ {2}Ready\s+True\s*$/m);
    expect(result.stdout).toMatch(/^Events:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n/m);
    expect(result.stdout).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned/);
  });

  it('describes a node, a deployment and a service', async () => {
    const node = await k8sdoc(['describe', 'node', drainNode]);
    expect(node.exitCode).toBe(0);
    expect(node.stdout).toMatch(/^Conditions:\n {2}Type\s+Status/m);
    expect(node.stdout).toMatch(/^Non-terminated Pods:\s+\(\d+ in total\)$/m);
    const deployment = await k8sdoc(['describe', 'deployments.apps/web', '-n', NS]);
    expect(deployment.stdout).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
    expect(deployment.stdout).toMatch(/^NewReplicaSet:\s+web-\S+ \(2\/2 replicas created\)$/m);
    const service = await k8sdoc(['describe', 'svc', 'web', '-n', NS]);
    expect(service.stdout).toMatch(/^Selector:\s+app=web$/m);
    expect(service.stdout).toMatch(/^TargetPort:\s+8080\/TCP$/m);
  });

  it('never prints Secret values, only key names and sizes', async () => {
    const result = await k8sdoc(['describe', 'secret', 'db', '-n', NS]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain(SECRET_VALUE);
    expect(result.stdout).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(result.stdout).toMatch(new RegExp(`^password:\\s+${SECRET_VALUE.length} bytes$`, 'm'));
  });

  it('describes any other type generically, and a missing object is exit 5', async () => {
    const widget = await k8sdoc(['describe', 'widgets.example.com', 'gear', '-n', NS]);
    expect(widget.exitCode).toBe(0);
    expect(widget.stdout).toMatch(/^Kind:\s+Widget$/m);
    expect(widget.stdout).toMatch(/^Spec:\n {2}size: large$/m);
    const missing = await k8sdoc(['describe', 'pod', 'ghost', '-n', NS]);
    expect(missing.exitCode).toBe(5);
  });
});

describe('events', () => {
  it('lists events oldest first, filtered by object and type', async () => {
    const [pod] = await podsOf('app=web');
    const result = await k8sdoc(['events', '-n', NS, '--for', `pod/${pod?.metadata.name}`]);
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes(`Pod/${pod?.metadata.name}`))).toBe(true);
    const json = await k8sdoc(['events', '-n', NS, '-o', 'json']);
    const items = (JSON.parse(json.stdout) as { items: { lastTimestamp?: string; eventTime?: string }[] }).items;
    const times = items.map((e) => Date.parse(e.lastTimestamp ?? e.eventTime ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const warnings = await k8sdoc(['events', '-n', NS, '--types', 'Warning']);
    expect(warnings.stdout.split('\n').slice(1).filter(Boolean).every((row) => /\sWarning\s/.test(row))).toBe(true);
  });

  it('rejects an unknown event type', async () => {
    const result = await k8sdoc(['events', '--types', 'Critical']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown event type "Critical"');
  });
});

describe('logs', () => {
  it("prints a container's log, and names the containers when there are several", async () => {
    const [pod] = await podsOf('app=web');
    const name = pod?.metadata.name ?? '';
    const log = await k8sdoc(['logs', name, '-c', 'web', '-n', NS, '--tail', '2']);
    expect(log.exitCode).toBe(0);
    expect(log.stdout.trim().split('\n')).toHaveLength(2);
    const ambiguous = await k8sdoc(['logs', name, '-n', NS]);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toBe(`error: pod ${name} has several containers; choose one with -c. its containers: web, proxy`);
    const previous = await k8sdoc(['logs', `pod/${name}`, '-c', 'proxy', '-n', NS, '--previous']);
    expect(previous.exitCode).toBe(0);
    const missing = await k8sdoc(['logs', 'ghost', '-n', NS]);
    expect(missing.exitCode).toBe(5);
  });
});

describe('cordon, uncordon, drain', () => {
  it('cordons and uncordons a node, saying when it already was', async () => {
    expect((await k8sdoc(['cordon', drainNode])).stdout).toBe(`node/${drainNode} cordoned`);
    expect((await k8sdoc(['cordon', drainNode])).stdout).toBe(`node/${drainNode} already cordoned`);
    expect((await k8sdoc(['get', 'node', drainNode])).stdout).toMatch(/Ready,SchedulingDisabled/);
    expect((await k8sdoc(['uncordon', drainNode])).stdout).toBe(`node/${drainNode} uncordoned`);
    expect((await kube.get<Node>(R.nodes, drainNode)).spec?.unschedulable).toBeUndefined();
    const missing = await k8sdoc(['cordon', 'no-such-node']);
    expect(missing.exitCode).toBe(5);
  });

  it('drain: a dry run changes nothing; unmanaged pods block with exit 4; a PodDisruptionBudget holds it until --timeout (exit 8); then it drains', async () => {
    await kube.patch(R.nodes, drainNode, { spec: { unschedulable: null } });
    const pinned = { nodeSelector: { 'kubernetes.io/hostname': drainNode }, terminationGracePeriodSeconds: 1 };
    await kube.create(
      R.deployments,
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'guarded', namespace: NS },
        spec: { replicas: 2, selector: { matchLabels: { app: 'guarded' } }, template: { metadata: { labels: { app: 'guarded', drain: 'yes' } }, spec: { ...pinned, containers: [container('guarded')] } } },
      },
      NS,
    );
    await kube.create(POLICY, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guarded', namespace: NS }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'guarded' } } } }, NS);
    await kube.create(R.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loner', namespace: NS, labels: { drain: 'yes' } }, spec: { ...pinned, containers: [container('loner')] } }, NS);
    const guarded = await running('app=guarded', 2);
    await running('drain=yes', 3);
    await eventually(async () => ((await kube.get<KubeObject>(POLICY, 'guarded', NS)).status as { currentHealthy?: number } | undefined)?.currentHealthy === 2);

    const dry = await k8sdoc(['drain', drainNode, '--pod-selector', 'drain=yes', '--force', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toBe(`node/${drainNode} drained (dry run)`);
    expect(dry.stderr).toContain(`pod ${NS}/loner would be evicted (dry run)`);
    expect(dry.stderr).toMatch(new RegExp(`pod ${NS}/guarded-\\S+ would not be evicted now: PodDisruptionBudget guarded`));
    expect((await kube.get<Node>(R.nodes, drainNode)).spec?.unschedulable).toBeUndefined();
    expect(await podsOf('drain=yes')).toHaveLength(3);

    const blocked = await k8sdoc(['drain', drainNode, '--pod-selector', 'drain=yes']);
    expect(blocked.exitCode).toBe(4);
    expect(blocked.stderr).toContain(`error: cannot drain node ${drainNode}: 1 pod(s) cannot be evicted: ${NS}/loner (no controller would recreate it). pass --force`);
    expect(await podsOf('drain=yes')).toHaveLength(3);

    const held = await k8sdoc(['drain', drainNode, '--pod-selector', 'drain=yes', '--force', '--timeout', '12s']);
    expect(held.exitCode).toBe(8);
    expect(held.stderr).toMatch(/cannot evict pod \S+ yet: PodDisruptionBudget guarded: The disruption budget guarded needs 2 healthy pods/);
    expect(held.stderr).toMatch(new RegExp(`error: node ${drainNode} was not drained within the timeout: ${NS}/guarded-`));
    expect((await kube.get<Node>(R.nodes, drainNode)).spec?.unschedulable).toBe(true);
    // the unguarded pod went; the guarded ones are still there
    expect((await podsOf('drain=yes')).map((p) => p.metadata.name).sort()).toEqual(guarded.map((p) => p.metadata.name).sort());

    await kube.patch(POLICY, 'guarded', { spec: { minAvailable: 0 } }, NS);
    const drained = await k8sdoc(['drain', drainNode, '--pod-selector', 'drain=yes', '--timeout', '60s']);
    expect(drained.exitCode, drained.stderr).toBe(0);
    expect(drained.stdout).toBe(`node/${drainNode} drained`);
    for (const pod of guarded) expect(drained.stderr).toContain(`pod ${NS}/${pod.metadata.name} evicted`);
    // the replacements cannot go anywhere but the cordoned node, so none runs there
    const left = await kube.list<Pod>(R.pods, { namespace: NS, fieldSelector: `spec.nodeName=${drainNode}`, labelSelector: 'drain=yes' });
    expect(left.filter((p) => !p.metadata.deletionTimestamp)).toEqual([]);
  }, 180_000);
});
