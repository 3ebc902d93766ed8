import type { Check } from '../../src/engine/types.js';

/** Certificate, DNS, control-plane, admission and etcd checks. */
export const clusterChecks: readonly Check[] = [];
