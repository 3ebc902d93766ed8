import path from 'node:path';

/** Where the integration run keeps its embedded cluster (git-ignored). */
export const TEST_STATE_DIR = path.resolve(import.meta.dirname, '../../.k8sdoc-test/state');
export const TEST_CLUSTER = 'it';
