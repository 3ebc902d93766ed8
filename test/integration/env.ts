import path from 'node:path';

/**
 * Where the integration run keeps its embedded cluster (git-ignored). Each run gets a folder
 * of its own, so two runs on one machine never stop each other's cluster;
 * K8SDOC_TEST_STATE_DIR picks one explicitly (e.g. to keep and inspect it).
 */
export const TEST_STATE_DIR = process.env.K8SDOC_TEST_STATE_DIR ?? path.resolve(import.meta.dirname, `../../.k8sdoc-test/run-${process.pid}`);
export const TEST_CLUSTER = 'it';
