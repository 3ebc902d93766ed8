import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtraUnavailable } from '../../../src/collect/extras.js';
import type { ExtraContext } from '../../../src/collect/extras.js';
import { collectEtcdStatus, configuredConnection } from '../../../src/etcd/extra.js';
import { tempDir } from './fixtures.js';

/** The files an embedded cluster keeps: state.json with its ports, the kubeadm-style PKI, admin.conf. */
function embeddedLayout(): { state: string; kubeconfig: string; pki: string } {
  const state = tempDir('extra');
  const root = path.join(state, 'clusters', 'lab');
  const pki = path.join(root, 'kubernetes', 'pki', 'etcd');
  mkdirSync(pki, { recursive: true });
  for (const f of ['ca.crt', 'healthcheck-client.crt', 'healthcheck-client.key']) writeFileSync(path.join(pki, f), 'pem');
  writeFileSync(path.join(root, 'state.json'), JSON.stringify({ name: 'lab', ports: { etcdClient: 23790 }, binaries: { etcdctl: '/opt/etcdctl' }, components: {} }));
  writeFileSync(path.join(root, 'kubernetes', 'admin.conf'), 'apiVersion: v1\nkind: Config\n');
  return { state, kubeconfig: path.join(root, 'kubernetes', 'admin.conf'), pki };
}

describe('etcd status for diagnose', () => {
  it("finds the etcd of the embedded cluster whose admin kubeconfig is in use, with its healthcheck-client pair", async () => {
    const layout = embeddedLayout();
    const connection = await configuredConnection([layout.kubeconfig], {});
    expect(connection).toMatchObject({ endpoints: ['https://127.0.0.1:23790'], cert: path.join(layout.pki, 'healthcheck-client.crt'), source: 'embedded cluster "lab"', tools: { etcdctl: '/opt/etcdctl' } });
  });

  it('takes K8SDOC_ETCD_ENDPOINTS and K8SDOC_ETCD_PKI_DIR over the kubeconfig', async () => {
    const layout = embeddedLayout();
    const connection = await configuredConnection([layout.kubeconfig], { K8SDOC_ETCD_ENDPOINTS: 'https://10.0.0.11:2379', K8SDOC_ETCD_PKI_DIR: layout.pki });
    expect(connection?.endpoints).toEqual(['https://10.0.0.11:2379']);
  });

  it('is unavailable, saying how to configure it, when no etcd is known (the checks are then reported as skipped)', async () => {
    expect(await configuredConnection(['/home/me/.kube/config'], {})).toBeUndefined();
    const context = { client: {} } as unknown as ExtraContext;
    const error = await collectEtcdStatus(context, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtraUnavailable);
    expect((error as Error).message).toMatch(/K8SDOC_ETCD_ENDPOINTS/);
  });
});
