import type { Check } from '../../src/engine/types.js';

/** Pod, workload, node, service, storage and quota checks. */
export const workloadChecks: readonly Check[] = [];
