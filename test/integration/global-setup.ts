import type { TestProject } from 'vitest/node';
import { clusterDown, clusterUp } from '../../src/embedded/cluster.js';
import { clusterPaths } from '../../src/embedded/paths.js';
import { TEST_CLUSTER, TEST_STATE_DIR } from './env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    stateDir: string;
    cluster: string;
  }
}

/**
 * One embedded cluster for the whole integration run, in a state folder of its own so a
 * developer's `default` cluster is never touched. Binaries come from the cache (CI provisions
 * them first with `k8sdoc cluster provision`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.K8SDOC_STATE_DIR = TEST_STATE_DIR;
  await clusterDown(TEST_CLUSTER, true);
  const started = Date.now();
  await clusterUp({ name: TEST_CLUSTER, nodes: 3, provision: {}, onProgress: (m) => process.stderr.write(`[cluster] ${m}\n`) });
  process.stderr.write(`[cluster] up in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  project.provide('kubeconfig', clusterPaths(TEST_CLUSTER).kubeconfig);
  project.provide('stateDir', TEST_STATE_DIR);
  project.provide('cluster', TEST_CLUSTER);
  return async () => {
    await clusterDown(TEST_CLUSTER, !process.env.K8SDOC_KEEP_TEST_CLUSTER);
  };
}

