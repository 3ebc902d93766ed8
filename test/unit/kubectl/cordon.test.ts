import { describe, expect, it } from 'vitest';
import { setSchedulable } from '../../../src/kubectl/cordon.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeClient } from './fake-client.js';

const node = (unschedulable?: boolean): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' }, spec: unschedulable === undefined ? {} : { unschedulable } });

describe('cordon and uncordon', () => {
  it('patches spec.unschedulable and says so', async () => {
    const client = new FakeClient([node()]);
    expect(await setSchedulable(client, 'worker-1', true)).toEqual({ node: 'worker-1', changed: true, message: 'node/worker-1 cordoned' });
    expect(client.calls).toContain('patch nodes /worker-1 {"spec":{"unschedulable":true}}');
  });

  it('removes the field to uncordon', async () => {
    const client = new FakeClient([node(true)]);
    expect((await setSchedulable(client, 'worker-1', false)).message).toBe('node/worker-1 uncordoned');
    expect(client.calls).toContain('patch nodes /worker-1 {"spec":{"unschedulable":null}}');
  });

  it('writes nothing when the node already is as asked, or in a dry run', async () => {
    const already = new FakeClient([node(true)]);
    expect((await setSchedulable(already, 'worker-1', true)).message).toBe('node/worker-1 already cordoned');
    const dry = new FakeClient([node()]);
    expect((await setSchedulable(dry, 'worker-1', true, true)).message).toBe('node/worker-1 cordoned (dry run)');
    expect([...already.calls, ...dry.calls].filter((c) => c.startsWith('patch'))).toEqual([]);
  });

  it('a missing node is exit 5', async () => {
    await expect(setSchedulable(new FakeClient([]), 'ghost', true)).rejects.toMatchObject({ exitCode: 5, message: 'node "ghost" not found' });
  });
});
