import yaml from 'js-yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EtcdConnection } from '../../../src/etcd/connection.js';
import { etcdctl } from '../../../src/etcd/etcdctl.js';
import { resolveEtcd, viaPodArgv } from '../../../src/etcd/flags.js';
import { commandFlags, etcdPodOf, localClientURL, missingPair, pickEtcdPod, podFor, viaPodConnection } from '../../../src/etcd/via-pod.js';
import type { EtcdPod } from '../../../src/etcd/via-pod.js';
import { ExitCode } from '../../../src/errors.js';
import type { KubeClient } from '../../../src/kube/client.js';
import { execInPod } from '../../../src/kube/exec.js';
import type { ExecRequest } from '../../../src/kube/exec.js';
import type { Pod } from '../../../src/kube/types.js';
import { fixture } from './fixtures.js';
import { failureOf } from '../../helpers/errors.js';

vi.mock('../../../src/kube/exec.js', () => ({ execInPod: vi.fn() }));
const exec = vi.mocked(execInPod);

const kubeadmPod = (): Pod => yaml.load(fixture('kubeadm-etcd-pod.yaml')) as Pod;

/** The kubeadm pod of another control-plane node. */
function memberPod(node: string, ip: string, phase = 'Running'): Pod {
  const pod = kubeadmPod();
  const text = JSON.stringify(pod).replaceAll('10.0.0.11', ip).replaceAll('cp-1', node);
  return { ...(JSON.parse(text) as Pod), status: { phase } };
}

describe('reading the etcd static pod', () => {
  it('takes the loopback client URL, the CA and the healthcheck-client pair beside the server certificate of a kubeadm etcd pod', () => {
    expect(etcdPodOf(kubeadmPod())).toEqual({
      namespace: 'kube-system',
      name: 'etcd-cp-1',
      container: 'etcd',
      node: 'cp-1',
      phase: 'Running',
      clientURLs: ['https://127.0.0.1:2379', 'https://10.0.0.11:2379'],
      endpoint: 'https://127.0.0.1:2379',
      etcdctl: 'etcdctl',
      cacert: '/etc/kubernetes/pki/etcd/ca.crt',
      pairs: [
        { cert: '/etc/kubernetes/pki/etcd/healthcheck-client.crt', key: '/etc/kubernetes/pki/etcd/healthcheck-client.key' },
        { cert: '/etc/kubernetes/pki/etcd/server.crt', key: '/etc/kubernetes/pki/etcd/server.key' },
      ],
    });
  });

  it('finds etcdctl next to an etcd given by absolute path, or where --etcdctl says', () => {
    const pod = kubeadmPod();
    const container = pod.spec.containers[0];
    if (container?.command) container.command[0] = '/usr/local/bin/etcd';
    expect(etcdPodOf(pod).etcdctl).toBe('/usr/local/bin/etcdctl');
    expect(etcdPodOf(pod, '/opt/etcdctl').etcdctl).toBe('/opt/etcdctl');
  });

  it('reads flags given as args, in the "--flag value" form, over plain HTTP without TLS files', () => {
    const pod: Pod = {
      metadata: { name: 'etcd-dev', namespace: 'kube-system' },
      spec: { containers: [{ name: 'server', image: 'quay.io/coreos/etcd', args: ['--listen-client-urls', 'http://0.0.0.0:2379', '--advertise-client-urls', 'http://10.1.2.3:2379', '--cert-file', '/ignored.crt'] }] },
      status: { phase: 'Running' },
    };
    expect(etcdPodOf(pod)).toMatchObject({ container: 'server', endpoint: 'http://127.0.0.1:2379', cacert: undefined, pairs: [], etcdctl: 'etcdctl' });
  });

  it('refuses a pod that runs no etcd (exit 4)', async () => {
    const pod: Pod = { metadata: { name: 'nginx', namespace: 'kube-system' }, spec: { containers: [{ name: 'nginx', command: ['nginx', '-g', 'daemon off;'] }] } };
    const error = await failureOf(() => etcdPodOf(pod));
    expect(error.exitCode).toBe(ExitCode.precondition);
    expect(error.message).toContain('kube-system/nginx runs no etcd');
  });

  it('splits command lines into flags, the last one winning', () => {
    expect(Object.fromEntries(commandFlags(['etcd', '--name=a', '--data-dir', '/d', '--client-cert-auth', '--name=b', '-v', '2']))).toEqual({ name: 'b', 'data-dir': '/d', 'client-cert-auth': 'true', v: '2' });
  });

  it('prefers loopback, then a wildcard listener over loopback, then the advertised URL', () => {
    expect(localClientURL(['https://10.0.0.1:2379', 'https://127.0.0.1:2379'], ['https://10.0.0.1:2379'])).toBe('https://127.0.0.1:2379');
    expect(localClientURL(['https://0.0.0.0:2379'], ['https://10.0.0.1:2379'])).toBe('https://127.0.0.1:2379');
    expect(localClientURL(['https://10.0.0.1:2379'], ['https://etcd-0.etcd:2379'])).toBe('https://etcd-0.etcd:2379');
    expect(localClientURL([], [])).toBe('https://127.0.0.1:2379');
  });
});

describe('picking the pod', () => {
  const pods = [etcdPodOf(memberPod('cp-3', '10.0.0.13')), etcdPodOf(memberPod('cp-1', '10.0.0.11', 'Pending')), etcdPodOf(memberPod('cp-2', '10.0.0.12'))];

  it('takes the named pod, else the first running one by name', () => {
    expect(pickEtcdPod(pods).name).toBe('etcd-cp-2');
    expect(pickEtcdPod(pods, 'etcd-cp-3').name).toBe('etcd-cp-3');
  });

  it('says a named pod does not exist (exit 5), and that a pod is not running (exit 4)', async () => {
    const missing = await failureOf(() => pickEtcdPod(pods, 'etcd-cp-9'));
    expect(missing.exitCode).toBe(ExitCode.notFound);
    expect(missing.message).toBe('etcd pod "etcd-cp-9" not found in namespace kube-system');
    expect((await failureOf(() => pickEtcdPod(pods, 'etcd-cp-1'))).exitCode).toBe(ExitCode.precondition);
    const none = await failureOf(() => pickEtcdPod([pods[1] as EtcdPod]));
    expect(none.message).toContain('no etcd pod is running in namespace kube-system (etcd-cp-1 Pending)');
  });

  it('sends a per-member command to the member\'s own pod, anything else to the chosen one', () => {
    const fallback = pods[2] as EtcdPod;
    expect(podFor(pods, fallback, ['https://10.0.0.13:2379']).name).toBe('etcd-cp-3');
    expect(podFor(pods, fallback, ['https://10.0.0.13:2379', 'https://10.0.0.12:2379']).name).toBe('etcd-cp-2');
    // the member of a pod that is not running is reached from the chosen pod
    expect(podFor(pods, fallback, ['https://10.0.0.11:2379']).name).toBe('etcd-cp-2');
  });

  it('recognises etcdctl failing to open a client certificate the pod does not have', () => {
    const pair = { cert: '/p/healthcheck-client.crt', key: '/p/healthcheck-client.key' };
    expect(missingPair('Error: open /p/healthcheck-client.crt: no such file or directory\n', pair)).toBe(true);
    expect(missingPair('Error: context deadline exceeded\n', pair)).toBe(false);
  });
});

describe('--via-pod on the command line', () => {
  it('takes an optional pod name', () => {
    expect(viaPodArgv(['--via-pod'])).toEqual(['--via-pod=']);
    expect(viaPodArgv(['--via-pod', '-o', 'json'])).toEqual(['--via-pod=', '-o', 'json']);
    expect(viaPodArgv(['--via-pod', 'etcd-cp-1', '--yes'])).toEqual(['--via-pod', 'etcd-cp-1', '--yes']);
    expect(viaPodArgv(['--via-pod=etcd-cp-1'])).toEqual(['--via-pod=etcd-cp-1']);
  });

  it('is a usage error where it cannot work (snapshot save) and next to --embedded or --pki-dir', async () => {
    const save = await failureOf(() => resolveEtcd({ 'via-pod': '', timeout: '30s' }));
    expect(save.exitCode).toBe(ExitCode.usage);
    expect(save.oneLine()).toMatch(/--via-pod cannot save a snapshot.*--pki-dir \/etc\/kubernetes\/pki\/etcd` on a control-plane node/);
    expect((await failureOf(() => resolveEtcd({ 'via-pod': '', embedded: 'default', timeout: '30s' }, { viaPod: true }))).exitCode).toBe(ExitCode.usage);
    expect((await failureOf(() => resolveEtcd({ 'via-pod': '', 'pki-dir': '/x', timeout: '30s' }, { viaPod: true }))).exitCode).toBe(ExitCode.usage);
  });
});

describe('etcdctl through the pod', () => {
  const fakeKube = (pods: Pod[]): KubeClient =>
    ({
      list: vi.fn(async () => pods),
      find: vi.fn(async (_ref: unknown, name: string) => pods.find((p) => p.metadata.name === name)),
    }) as unknown as KubeClient;
  const ok = { stdout: '{}', stderr: '', exitCode: 0 };
  const calls = (): ExecRequest[] => exec.mock.calls.map(([, request]) => request);

  beforeEach(() => {
    exec.mockReset();
  });

  it('runs the shared etcdctl arguments in the etcd container with the pod\'s endpoint and certificates', async () => {
    exec.mockResolvedValue(ok);
    const connection = await viaPodConnection(fakeKube([kubeadmPod()]), { pod: undefined, etcdctl: undefined, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined });
    expect(connection).toMatchObject({ endpoints: ['https://127.0.0.1:2379'], source: 'pod kube-system/etcd-cp-1', cacert: '/etc/kubernetes/pki/etcd/ca.crt' });
    await etcdctl('/local/etcdctl-is-not-used', connection, ['alarm', 'list', '-w', 'json'], { timeoutMs: 10_000 });
    expect(calls()[0]).toMatchObject({
      namespace: 'kube-system',
      pod: 'etcd-cp-1',
      container: 'etcd',
      timeoutMs: 10_000,
      command: [
        'etcdctl',
        '--endpoints=https://127.0.0.1:2379',
        '--cacert=/etc/kubernetes/pki/etcd/ca.crt',
        '--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt',
        '--key=/etc/kubernetes/pki/etcd/healthcheck-client.key',
        '--command-timeout=8000ms',
        '--dial-timeout=3s',
        'alarm',
        'list',
        '-w',
        'json',
      ],
    });
  });

  it('falls back to the server pair once when the healthcheck-client pair is missing, also for runs in parallel', async () => {
    exec.mockImplementation(async (_kube, request) => (request.command.some((a) => a.includes('healthcheck-client')) ? { stdout: '', stderr: 'Error: open /etc/kubernetes/pki/etcd/healthcheck-client.crt: no such file or directory\n', exitCode: 128 } : ok));
    const connection = await viaPodConnection(fakeKube([kubeadmPod()]), { pod: 'etcd-cp-1', etcdctl: undefined, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined });
    const results = await Promise.all([1, 2, 3].map(() => etcdctl('etcdctl', connection, ['endpoint', 'status'])));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect(calls().filter((c) => c.command.includes('--cert=/etc/kubernetes/pki/etcd/server.crt'))).toHaveLength(3);
    await etcdctl('etcdctl', connection, ['alarm', 'list']);
    expect(calls().at(-1)?.command).toContain('--key=/etc/kubernetes/pki/etcd/server.key');
  });

  it('keeps the endpoints a command is about, and runs a member\'s command in its own pod', async () => {
    exec.mockResolvedValue(ok);
    const connection: EtcdConnection = await viaPodConnection(fakeKube([memberPod('cp-1', '10.0.0.11'), memberPod('cp-2', '10.0.0.12')]), { pod: undefined, etcdctl: undefined, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined });
    await etcdctl('etcdctl', connection, ['defrag'], { endpoints: ['https://10.0.0.12:2379'] });
    expect(calls()[0]).toMatchObject({ pod: 'etcd-cp-2' });
    expect(calls()[0]?.command).toContain('--endpoints=https://10.0.0.12:2379');
    await etcdctl('etcdctl', { ...connection, endpoints: ['https://10.0.0.11:2379'] }, ['endpoint', 'status']);
    expect(calls()[1]).toMatchObject({ pod: 'etcd-cp-1' });
  });

  it('says when no etcd pod exists (exit 5)', async () => {
    const error = await failureOf(() => viaPodConnection(fakeKube([]), { pod: undefined, etcdctl: undefined, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined }));
    expect(error.exitCode).toBe(ExitCode.notFound);
    expect(error.message).toBe('no etcd pod in namespace kube-system (label component=etcd)');
    expect((await failureOf(() => viaPodConnection(fakeKube([]), { pod: 'etcd-x', etcdctl: undefined, endpoints: undefined, cacert: undefined, cert: undefined, key: undefined }))).exitCode).toBe(ExitCode.notFound);
  });
});
